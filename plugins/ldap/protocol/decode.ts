import { BerError, BerReader, Tag } from './ber.ts';
import { decodeFilter } from './decode-filter.ts';
import { ProtocolError } from './errors.ts';
import type { Control, Request, RequestMessage, SearchScope } from './types.ts';

/** Request operations by their [APPLICATION n] tag number. */
const OPS = new Map<number, Request['op']>([
  [0, 'bind'], [2, 'unbind'], [3, 'search'], [6, 'modify'], [8, 'add'], [10, 'delete'], [12, 'modifyDN'], [14, 'compare'], [16, 'abandon'], [23, 'extended'],
]);
/** The operations whose element is primitive. */
const PRIMITIVE = new Set<Request['op']>(['unbind', 'delete', 'abandon']);

const SCOPES: readonly SearchScope[] = ['base', 'one', 'sub'];
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
