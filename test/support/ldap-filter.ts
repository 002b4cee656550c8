import { AndFilter, ApproximateFilter, EqualityFilter, ExtensibleFilter, type Filter as LdaptsFilter, FilterParser, GreaterThanEqualsFilter, LessThanEqualsFilter, NotFilter, OrFilter, PresenceFilter, SubstringFilter } from 'ldapts';
import type { Filter } from '../../plugins/ldap/protocol/types.ts';

// ldapts decodes each `\XX` escape to one UTF-16 unit; runs of escaped bytes that are UTF-8 are turned back into the
// characters they encode first, so that values reach our AST as the server would decode them (UTF-8).
const ESCAPED_HIGH_BYTES = /(?:\\[89a-fA-F][0-9a-fA-F])+/g;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8Escapes(filter: string): string {
  return filter.replace(ESCAPED_HIGH_BYTES, (run) => {
    const bytes = Uint8Array.from(run.slice(1).split('\\'), (hex) => Number.parseInt(hex, 16));
    try {
      return utf8.decode(bytes);
    } catch {
      return run;
    }
  });
}

/** A filter string (RFC 4515) parsed by ldapts's FilterParser, converted to our Filter AST. */
export function parseFilter(text: string): Filter {
  return convert(FilterParser.parseString(decodeUtf8Escapes(text)));
}

function value(v: string | Buffer): string {
  return typeof v === 'string' ? v : v.toString('utf8');
}

function convert(f: LdaptsFilter): Filter {
  if (f instanceof AndFilter) return { type: 'and', filters: f.filters.map(convert) };
  if (f instanceof OrFilter) return { type: 'or', filters: f.filters.map(convert) };
  if (f instanceof NotFilter) return { type: 'not', filter: convert(f.filter) };
  if (f instanceof EqualityFilter) return { type: 'equality', attribute: f.attribute, value: value(f.value) };
  if (f instanceof GreaterThanEqualsFilter) return { type: 'greaterOrEqual', attribute: f.attribute, value: f.value };
  if (f instanceof LessThanEqualsFilter) return { type: 'lessOrEqual', attribute: f.attribute, value: f.value };
  if (f instanceof ApproximateFilter) return { type: 'approxMatch', attribute: f.attribute, value: f.value };
  if (f instanceof PresenceFilter) return { type: 'present', attribute: f.attribute };
  if (f instanceof SubstringFilter) {
    return { type: 'substrings', attribute: f.attribute, ...(f.initial === '' ? {} : { initial: f.initial }), any: f.any, ...(f.final === '' ? {} : { final: f.final }) };
  }
  if (f instanceof ExtensibleFilter) {
    return {
      type: 'extensible',
      ...(f.rule ? { matchingRule: f.rule } : {}),
      ...(f.matchType ? { attribute: f.matchType } : {}),
      value: f.value,
      dnAttributes: f.dnAttributes,
    };
  }
  throw new Error(`ldapts filter ${f.toString()} has no counterpart`);
}
