import { BerError, BerReader, Tag } from './ber.ts';
import { ProtocolError } from './errors.ts';
import type { Control, Filter, Request, RequestMessage, SearchScope } from './types.ts';

/** The deepest nesting of search filters accepted: the outermost filter is at depth 1. */
export const MAX_FILTER_DEPTH = 50;
/** The most filter items accepted in one search filter; and, or, not and every assertion count one each. */
export const MAX_FILTER_ITEMS = 1000;

/** Request operations by their [APPLICATION n] tag number. */
const OPS = new Map<number, Request['op']>([
  [0, 'bind'], [2, 'unbind'], [3, 'search'], [6, 'modify'], [8, 'add'], [10, 'delete'], [12, 'modifyDN'], [14, 'compare'], [16, 'abandon'], [23, 'extended'],
]);
/** The operations whose element is primitive. */
const PRIMITIVE = new Set<Request['op']>(['unbind', 'delete', 'abandon']);

const SCOPES: readonly SearchScope[] = ['base', 'one', 'sub'];
const AVA_TYPES = { 0xa3: 'equality', 0xa5: 'greaterOrEqual', 0xa6: 'lessOrEqual', 0xa8: 'approxMatch' } as const;
const hex = (tag: number) => `0x${tag.toString(16).padStart(2, '0')}`;

/**
 * Decodes one whole LDAPMessage (as `messageLength` delimits it) into a request. Buffers in the result (bind
 * password, SASL credentials, extended and control values) are views into `message`. Throws a ProtocolError, with
 * `messageId` once a valid one is read and `op` once the operation's tag is recognised.
 */
export function decodeRequest(message: Buffer): RequestMessage {
  let body: BerReader;
  let messageId: number;
  try {
    const outer = new BerReader(message);
    body = outer.readSequence();
    outer.expectEnd();
    messageId = body.readInt();
  } catch (err) {
    throw err instanceof BerError ? new ProtocolError(err.message, null, undefined, { cause: err }) : err;
  }
  if (messageId < 1) throw new ProtocolError(`A request's messageID must be from 1 to 2^31-1, not ${messageId}.`);
  let op: Request['op'] | undefined;
  try {
    const tag = body.peek();
    const known = (tag & 0xc0) === 0x40 ? OPS.get(tag & 0x1f) : undefined;
    if (!known) throw new ProtocolError(`${hex(tag)} is not the tag of a request.`, messageId);
    op = known;
    const primitive = PRIMITIVE.has(op);
    if (((tag & 0x20) === 0) !== primitive) throw new BerError(`The ${op} request must be ${primitive ? 'primitive' : 'constructed'}.`);
    const request = decodeOp(op, tag, body);
    const controls = body.done ? [] : decodeControls(body.readSequence(0xa0));
    body.expectEnd();
    return { messageId, request, controls };
  } catch (err) {
    throw err instanceof BerError ? new ProtocolError(err.message, messageId, op, { cause: err }) : err;
  }
}

function decodeOp(op: Request['op'], tag: number, body: BerReader): Request {
  switch (op) {
    case 'bind':
      return bind(body.readSequence(tag));
    case 'unbind':
      body.readNull(tag);
      return { op };
    case 'search':
      return search(body.readSequence(tag));
    case 'compare': {
      const r = body.readSequence(tag);
      const entry = r.readString();
      const ava = r.readSequence();
      const attribute = ava.readString();
      const value = ava.readString();
      ava.expectEnd();
      r.expectEnd();
      return { op, entry, attribute, value };
    }
    case 'abandon':
      return { op, messageId: nonNegative(body.readInt(tag), 'The abandoned messageID') };
    case 'extended': {
      const r = body.readSequence(tag);
      const oid = r.readString(0x80);
      const value = r.done ? undefined : r.readOctets(0x81);
      r.expectEnd();
      return value === undefined ? { op, oid } : { op, oid, value };
    }
    case 'delete':
      body.readOctets(tag);
      return { op };
    case 'modify':
    case 'add':
    case 'modifyDN':
      body.readSequence(tag);
      return { op };
  }
}

function nonNegative(value: number, what: string): number {
  if (value < 0) throw new BerError(`${what} must not be negative (${value}).`);
  return value;
}

function bind(r: BerReader): Request {
  const version = r.readInt();
  const name = r.readString();
  const choice = r.peek();
  let auth: Extract<Request, { op: 'bind' }>['auth'];
  if (choice === 0x80) {
    auth = { kind: 'simple', password: r.readOctets(choice) };
  } else if (choice === 0xa3) {
    const sasl = r.readSequence(choice);
    const mechanism = sasl.readString();
    const credentials = sasl.done ? undefined : sasl.readOctets();
    sasl.expectEnd();
    auth = credentials === undefined ? { kind: 'sasl', mechanism } : { kind: 'sasl', mechanism, credentials };
  } else {
    throw new BerError(`${hex(choice)} is not a supported authentication choice.`);
  }
  r.expectEnd();
  return { op: 'bind', version, name, auth };
}

function search(r: BerReader): Request {
  const base = r.readString();
  const scopeCode = r.readInt(Tag.enumerated);
  const scope = SCOPES[scopeCode];
  if (scope === undefined) throw new BerError(`${scopeCode} is not a search scope.`);
  const derefAliases = r.readInt(Tag.enumerated);
  if (derefAliases < 0 || derefAliases > 3) throw new BerError(`${derefAliases} is not a derefAliases value.`);
  const sizeLimit = nonNegative(r.readInt(), 'sizeLimit');
  const timeLimit = nonNegative(r.readInt(), 'timeLimit');
  const typesOnly = r.readBool();
  const filter = decodeFilter(r, { items: 0 }, 1);
  const list = r.readSequence();
  const attributes: string[] = [];
  while (!list.done) attributes.push(list.readString());
  r.expectEnd();
  return { op: 'search', base, scope, derefAliases, sizeLimit, timeLimit, typesOnly, filter, attributes };
}

function decodeFilter(r: BerReader, count: { items: number }, depth: number): Filter {
  if (++count.items > MAX_FILTER_ITEMS) throw new BerError(`The filter has more than ${MAX_FILTER_ITEMS} items.`);
  if (depth > MAX_FILTER_DEPTH) throw new BerError(`The filter is nested deeper than ${MAX_FILTER_DEPTH}.`);
  const tag = r.peek();
  switch (tag) {
    case 0xa0:
    case 0xa1: {
      const set = r.readSequence(tag);
      const filters: Filter[] = [];
      while (!set.done) filters.push(decodeFilter(set, count, depth + 1));
      return { type: tag === 0xa0 ? 'and' : 'or', filters };
    }
    case 0xa2: {
      const inner = r.readSequence(tag);
      const filter = decodeFilter(inner, count, depth + 1);
      inner.expectEnd();
      return { type: 'not', filter };
    }
    case 0xa3:
    case 0xa5:
    case 0xa6:
    case 0xa8: {
      const ava = r.readSequence(tag);
      const attribute = ava.readString();
      const value = ava.readString();
      ava.expectEnd();
      return { type: AVA_TYPES[tag], attribute, value };
    }
    case 0xa4:
      return substrings(r.readSequence(tag));
    case 0x87:
      return { type: 'present', attribute: r.readString(tag) };
    case 0xa9:
      return extensible(r.readSequence(tag));
    default:
      throw new BerError(`${hex(tag)} is not a filter choice.`);
  }
}

/** SubstringFilter: at least one substring; initial at most once and first, final at most once and last (RFC 4511 §4.5.1.7.2). */
function substrings(r: BerReader): Filter {
  const attribute = r.readString();
  const list = r.readSequence();
  r.expectEnd();
  if (list.done) throw new BerError('A substrings filter needs at least one substring.');
  const filter: Extract<Filter, { type: 'substrings' }> = { type: 'substrings', attribute, any: [] };
  while (!list.done) {
    if (filter.final !== undefined) throw new BerError('The final substring must come last.');
    const tag = list.peek();
    if (tag === 0x80) {
      if (filter.initial !== undefined || filter.any.length > 0) throw new BerError('The initial substring must come first, once.');
      filter.initial = list.readString(tag);
    } else if (tag === 0x81) {
      filter.any.push(list.readString(tag));
    } else if (tag === 0x82) {
      filter.final = list.readString(tag);
    } else {
      throw new BerError(`${hex(tag)} is not a substring choice.`);
    }
  }
  return filter;
}

/** MatchingRuleAssertion: a matchingRule or a type (or both), a matchValue and dnAttributes DEFAULT FALSE. */
function extensible(r: BerReader): Filter {
  const matchingRule = r.peek() === 0x81 ? r.readString(0x81) : undefined;
  const attribute = r.peek() === 0x82 ? r.readString(0x82) : undefined;
  const value = r.readString(0x83);
  const dnAttributes = r.done ? false : r.readBool(0x84);
  r.expectEnd();
  if (matchingRule === undefined && attribute === undefined) throw new BerError('An extensibleMatch filter needs a matchingRule or a type.');
  const filter: Extract<Filter, { type: 'extensible' }> = { type: 'extensible', value, dnAttributes };
  if (matchingRule !== undefined) filter.matchingRule = matchingRule;
  if (attribute !== undefined) filter.attribute = attribute;
  return filter;
}

/** Controls ::= SEQUENCE OF Control { controlType, criticality BOOLEAN DEFAULT FALSE, controlValue OCTET STRING OPTIONAL }. */
function decodeControls(r: BerReader): Control[] {
  const controls: Control[] = [];
  while (!r.done) {
    const c = r.readSequence();
    const oid = c.readString();
    const critical = !c.done && c.peek() === Tag.boolean ? c.readBool() : false;
    const value = c.done ? undefined : c.readOctets();
    c.expectEnd();
    controls.push(value === undefined ? { oid, critical } : { oid, critical, value });
  }
  return controls;
}
