import type { CompareOp, ValueType } from '../../../sdk/index.ts';
import { badRequest } from '../scim-error.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { compareInstants, parseDateTime } from './date-time.ts';

/** How a filter compares an attribute: as which value type, and (strings) with or without case. */
export interface Comparison {
  type: ValueType;
  caseExact: boolean;
}

const VALUE_TYPES: Record<Exclude<AttributeDef['type'], 'complex'>, ValueType> = {
  string: 'string', reference: 'string', binary: 'string', boolean: 'boolean', decimal: 'number', integer: 'number', dateTime: 'dateTime',
};
const ORDERING = new Set<CompareOp>(['gt', 'ge', 'lt', 'le']);
const SUBSTRING = new Set<CompareOp>(['co', 'sw', 'ew']);

/** How a filter or a sort compares a simple (not complex) attribute: its value type and case rule. */
export function comparisonOf(def: AttributeDef): Comparison {
  if (def.type === 'complex') throw badRequest('invalidFilter', `"${def.name}" is complex; compare one of its sub-attributes.`);
  return { type: VALUE_TYPES[def.type], caseExact: def.caseExact ?? false };
}

const shown = (value: string | number | boolean) => (typeof value === 'string' ? `the string ${JSON.stringify(value)}` : typeof value === 'number' ? `the number ${value}` : String(value));

/**
 * Checks `name op value` against the attribute's definition and says how to compare. Throws invalidFilter
 * (RFC 7644 §3.4.2.2, "filter comparison combination is not supported") for a complex attribute, gt/ge/lt/le on a
 * boolean, co/sw/ew on anything but a string, a value of another JSON type than the attribute's, or a dateTime value
 * that is not an xsd:dateTime.
 */
export function checkComparison(def: AttributeDef, name: string, op: CompareOp, value: string | number | boolean): Comparison {
  if (def.type === 'complex') throw badRequest('invalidFilter', `"${name}" is complex; compare one of its sub-attributes.`);
  const how = comparisonOf(def);
  const type = how.type;
  if ((ORDERING.has(op) && type === 'boolean') || (SUBSTRING.has(op) && type !== 'string')) {
    throw badRequest('invalidFilter', `Operator "${op}" does not apply to "${name}", a ${def.type} attribute.`);
  }
  if (typeof value !== (type === 'dateTime' ? 'string' : type)) {
    throw badRequest('invalidFilter', `"${name}" is a ${def.type} attribute and cannot be compared with ${shown(value)}.`);
  }
  if (type === 'dateTime' && !parseDateTime(String(value))) {
    throw badRequest('invalidFilter', `${JSON.stringify(value)} is not a date-time (xsd:dateTime, such as "2011-05-13T04:42:34Z") for "${name}".`);
  }
  return how;
}

/** The value is there (RFC 7644 `pr`): not undefined, null, an empty string, an empty array or an empty object. */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return typeof value !== 'object' || Object.keys(value).length > 0;
}

/**
 * Whether a stored value satisfies `op expected`, compared as `how` says (after `checkComparison`): strings by code
 * unit, lower-cased unless caseExact; dateTimes as instants. A missing value, or one of another type, equals
 * nothing: only `ne` holds.
 */
export function compareValue(actual: unknown, op: CompareOp, expected: string | number | boolean, how: Comparison): boolean {
  if (how.type === 'string' && typeof actual === 'string' && typeof expected === 'string') {
    const a = how.caseExact ? actual : actual.toLowerCase();
    const e = how.caseExact ? expected : expected.toLowerCase();
    if (op === 'co') return a.includes(e);
    if (op === 'sw') return a.startsWith(e);
    if (op === 'ew') return a.endsWith(e);
    return holds(op, a < e ? -1 : a > e ? 1 : 0);
  }
  const order = ordering(actual, expected, how.type);
  return order === undefined ? op === 'ne' : holds(op, order);
}

function ordering(actual: unknown, expected: string | number | boolean, type: ValueType): number | undefined {
  if (type === 'dateTime') {
    const a = typeof actual === 'string' ? parseDateTime(actual) : undefined;
    const e = parseDateTime(String(expected));
    return a && e ? compareInstants(a, e) : undefined;
  }
  if (type === 'number' && typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  if (type === 'boolean' && typeof actual === 'boolean' && typeof expected === 'boolean') return Number(actual) - Number(expected);
  return undefined;
}

function holds(op: CompareOp, order: number): boolean {
  switch (op) {
    case 'eq': return order === 0;
    case 'ne': return order !== 0;
    case 'gt': return order > 0;
    case 'ge': return order >= 0;
    case 'lt': return order < 0;
    case 'le': return order <= 0;
    default: return false;
  }
}
