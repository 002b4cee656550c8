/** LDAP string preparation (RFC 4518): the map, normalize and insignificant space handling steps behind the string matching rules. */

/** Where a substring assertion component sits (RFC 4518 §2.6.1 prepares each differently). */
export type PartPosition = 'initial' | 'any' | 'final';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const MAPPED_TO_NOTHING = /[\u00ad\u1806\u034f\u180b-\u180d\ufe00-\ufe0f\ufffc\u200b]|[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]/g;
const MAPPED_TO_SPACE = /[\t\n\v\f\r\u0085]|\p{Z}/gu;

/** RFC 4518 §2.2 map (case folded when `fold`) and §2.3 NFKC, as the caseIgnore and caseExact rules prepare; printable ASCII takes a fast path. */
export function prepare(value: string, fold: boolean): string {
  if (PRINTABLE_ASCII.test(value)) return fold ? value.toLowerCase() : value;
  const mapped = value.replace(MAPPED_TO_NOTHING, '').replace(MAPPED_TO_SPACE, ' ');
  return (fold ? mapped.toUpperCase().toLowerCase() : mapped).normalize('NFKC');
}

/** ASCII letters lower-cased, as caseIgnoreIA5Match folds (other characters are left alone, not refused). */
export function foldAscii(value: string): string {
  return PRINTABLE_ASCII.test(value) ? value.toLowerCase() : value.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** The canonical equality form: leading and trailing spaces dropped, inner runs of spaces made one (equivalent to RFC 4518 §2.6.1). */
export function squeeze(prepared: string): string {
  if (!prepared.includes(' ')) return prepared;
  return prepared.trim().replace(/ {2,}/g, ' ');
}

/** RFC 4518 §2.6.1 form of an attribute value for substring matching: one space around, inner runs of spaces as two. */
export function spacedValue(prepared: string): string {
  const canonical = squeeze(prepared);
  return canonical === '' ? '  ' : ` ${canonical.replaceAll(' ', '  ')} `;
}

/** RFC 4518 §2.6.1 form of a substring assertion component at `position`. */
export function spacedPart(prepared: string, position: PartPosition): string {
  const core = prepared.trim();
  if (core === '') return ' ';
  const lead = position === 'initial' || prepared.startsWith(' ') ? ' ' : '';
  const trail = position === 'final' || prepared.endsWith(' ') ? ' ' : '';
  return lead + core.replace(/ +/g, '  ') + trail;
}

/** Whether a prepared value contains the prepared components in order (initial at the start, final at the end). */
export function containsParts(value: string, initial: string | undefined, any: readonly string[], final: string | undefined): boolean {
  let at = 0;
  if (initial !== undefined) {
    if (!value.startsWith(initial)) return false;
    at = initial.length;
  }
  for (const part of any) {
    const found = value.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return final === undefined || (value.length - final.length >= at && value.endsWith(final));
}
