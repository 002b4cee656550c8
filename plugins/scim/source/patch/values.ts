import { parseDateTime } from '../filter/date-time.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { subAttribute } from '../schema/catalogue.ts';
import { badRequest } from '../scim-error.ts';

/** A plain JSON object (not an array, not null). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const INTEGER = /^[+-]?\d{1,15}$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const invalid = (def: AttributeDef, expected: string) => badRequest('invalidValue', `"${def.name}" must be ${expected}.`);

/**
 * A simple (non-complex) value checked against its type: booleans also as the strings "true"/"false" in any case
 * (Entra sends "False"), integers and decimals also as cleanly numeric strings; dateTime must be a valid
 * xsd:dateTime (kept as written); binary must be base64.
 */
export function coerceSimple(def: AttributeDef, raw: unknown): string | number | boolean {
  switch (def.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
      throw invalid(def, 'a boolean');
    case 'integer': {
      const n = typeof raw === 'string' && INTEGER.test(raw) ? Number(raw) : raw;
      if (typeof n === 'number' && Number.isSafeInteger(n)) return n;
      throw invalid(def, 'an integer');
    }
    case 'decimal': {
      const n = typeof raw === 'string' && DECIMAL.test(raw) ? Number(raw) : raw;
      if (typeof n === 'number' && Number.isFinite(n)) return n;
      throw invalid(def, 'a decimal number');
    }
    case 'dateTime':
      if (typeof raw === 'string' && parseDateTime(raw)) return raw;
      throw invalid(def, 'an xsd:dateTime');
    case 'binary':
      if (typeof raw === 'string' && raw.length % 4 === 0 && BASE64.test(raw)) return raw;
      throw invalid(def, 'base64 data');
    case 'complex':
      throw invalid(def, 'a complex value');
    default:
      if (typeof raw === 'string') return raw;
      throw invalid(def, 'a string');
  }
}

/**
 * A complex value as an object with canonical sub-attribute names. Unknown sub-attributes are refused
 * (invalidValue), as are readOnly ones (mutability); `null` sub-values are kept as `null` (meaning "unassign" or
 * "absent", as the caller reads it). A plain value for a complex attribute that has a `value` sub-attribute is
 * taken as `{ value }` when `wrap` is set (Entra sends `manager` as a bare id).
 */
export function coerceComplex(def: AttributeDef, raw: unknown, wrap = false): Record<string, unknown> {
  if (!isObject(raw)) {
    if (wrap && raw !== null && !Array.isArray(raw) && subAttribute(def, 'value')) return coerceComplex(def, { value: raw });
    throw invalid(def, 'an object of its sub-attributes');
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(raw)) {
    const sub = subAttribute(def, key);
    if (!sub) throw badRequest('invalidValue', `"${def.name}" has no sub-attribute "${key}".`);
    if (sub.mutability === 'readOnly') throw badRequest('mutability', `"${def.name}.${sub.name}" is read-only.`);
    if (sub.name in out) throw badRequest('invalidValue', `"${def.name}.${sub.name}" is given twice.`);
    out[sub.name] = v === null ? null : coerceSimple(sub, v);
  }
  return out;
}

/** One value of an attribute (one element when multi-valued): complex or simple. */
export function coerceOne(def: AttributeDef, raw: unknown, wrap = false): unknown {
  if (def.type === 'complex') return coerceComplex(def, raw, wrap);
  return coerceSimple(def, raw);
}

/** The elements of a multi-valued attribute: an array of elements, or one element. Nested arrays are refused. */
export function coerceElements(def: AttributeDef, raw: unknown): unknown[] {
  const items = Array.isArray(raw) ? raw : [raw];
  return items.map((item) => {
    if (Array.isArray(item) || item === null) throw invalid(def, 'a list of values, each an object or a plain value');
    const element = coerceOne(def, item);
    return isObject(element) ? withoutNulls(element) : element;
  });
}

/** The object without its `null` members. */
export function withoutNulls(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== null));
}

/** Deep equality of JSON values, key order ignored. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameValue(a[k], b[k]));
}
