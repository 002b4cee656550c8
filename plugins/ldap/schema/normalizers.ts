/** Value normalizers and comparators of the non-string matching rules (RFC 4517 §4.2, RFC 4530 §3); null marks a value outside the syntax. */
import { normalizeDN } from '../protocol/dn.ts';
import { oidOf } from './schema.ts';

const NUMERIC_OID = /^\d+(?:\.\d+)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** integerMatch: the canonical decimal; surrounding spaces and leading zeros are tolerated, "-0" is 0. */
export function normalizeInteger(value: string): string | null {
  const m = /^ *(-?)0*(\d+) *$/.exec(value);
  if (!m) return null;
  return m[2] === '0' ? '0' : m[1] + m[2];
}

/** integerOrderingMatch on canonical decimals, without converting to numbers (values may exceed 2^53). */
export function compareIntegers(a: string, b: string): number {
  const negative = a.startsWith('-');
  if (negative !== b.startsWith('-')) return negative ? -1 : 1;
  const sign = negative ? -1 : 1;
  if (a.length !== b.length) return sign * (a.length - b.length);
  return a === b ? 0 : sign * (a < b ? -1 : 1);
}

/** Code-unit order of two normalized strings. */
export function compareStrings(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** booleanMatch: TRUE or FALSE; the case of served values ("true", as authentik writes them) is not held against them. */
export function normalizeBoolean(value: string): string | null {
  const upper = value.trim().toUpperCase();
  return upper === 'TRUE' || upper === 'FALSE' ? upper : null;
}

/** numericStringMatch: digits with the spaces removed. */
export function normalizeNumericString(value: string): string | null {
  return /^[0-9 ]*$/.test(value) ? value.replaceAll(' ', '') : null;
}

/** uuidMatch: the RFC 4122 string in lower case. */
export function normalizeUuid(value: string): string | null {
  return UUID.test(value) ? value.toLowerCase() : null;
}

/** Normalized OIDs by value: object class names are few and tested against every entry a search scans. */
const OIDS = new Map<string, string | null>();
const OIDS_KEPT = 4096;

/** objectIdentifierMatch: a numericoid, or a name resolved to its OID (unknown names lower-cased). */
export function normalizeOid(value: string): string | null {
  const known = OIDS.get(value);
  if (known !== undefined) return known;
  const oid = value.trim();
  const normal = oid === '' ? null : NUMERIC_OID.test(oid) ? oid : (oidOf(oid) ?? oid.toLowerCase());
  if (OIDS.size >= OIDS_KEPT) OIDS.clear();
  OIDS.set(value, normal);
  return normal;
}

/** objectIdentifierFirstComponentMatch: the OID a schema description starts with (an assertion is the OID itself). */
export function normalizeFirstComponent(value: string): string | null {
  const m = /^\( *([^ )]+)/.exec(value);
  return normalizeOid(m ? m[1] : value);
}

/** distinguishedNameMatch: the normalized DN. */
export function normalizeDnValue(value: string): string | null {
  try {
    return normalizeDN(value);
  } catch {
    return null;
  }
}

/** uniqueMemberMatch: the normalized DN followed by the optional #'bits'B unique identifier. */
export function normalizeUniqueMember(value: string): string | null {
  const m = /^(.*)#'([01]*)'B$/.exec(value);
  const dn = normalizeDnValue(m ? m[1] : value);
  return dn === null || !m ? dn : `${dn}#'${m[2]}'B`;
}
