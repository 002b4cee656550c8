/** The search Filter CHOICE (RFC 4511 §4.5.1.7) decoded, within limits on its nesting and its number of items. */
import { BerError, BerReader } from './ber.ts';
import type { Filter } from './types.ts';

/** The deepest nesting of search filters accepted: the outermost filter is at depth 1. */
export const MAX_FILTER_DEPTH = 50;
/** The most filter items accepted in one search filter; and, or, not and every assertion count one each. */
export const MAX_FILTER_ITEMS = 1000;

const AVA_TYPES = { 0xa3: 'equality', 0xa5: 'greaterOrEqual', 0xa6: 'lessOrEqual', 0xa8: 'approxMatch' } as const;
const hex = (tag: number) => `0x${tag.toString(16).padStart(2, '0')}`;

/** Decodes one Filter CHOICE (RFC 4511 §4.5.1.7), counting its items in `count`; the outermost filter is at `depth` 1. */
export function decodeFilter(r: BerReader, count: { items: number }, depth: number): Filter {
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
