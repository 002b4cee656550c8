import type { CompareOp, SortKey, ValueType } from '../../plugins/sdk/source-filter.ts';
import { booleanSql, numberSql, textSql, timeSql, type Operand } from './filter-targets.ts';
import { isoDateTime } from './iso-date-time.ts';
import { sql, type SqlFragment } from './sql-fragment.ts';

/** A comparison node of any of the filter trees. */
export interface Comparison {
  op: CompareOp;
  type: ValueType;
  caseExact: boolean;
  value: string | number | boolean | null;
}

const TRUE = sql`true`;
const FALSE = sql`false`;

const ORDERED = { eq: sql`=`, ne: sql`is distinct from`, gt: sql`>`, ge: sql`>=`, lt: sql`<`, le: sql`<=` } as const;
type OrderedOp = keyof typeof ORDERED;
const isSubstring = (op: CompareOp): op is 'co' | 'sw' | 'ew' => op === 'co' || op === 'sw' || op === 'ew';

/** A value that cannot equal anything the operand holds (a number for a string, a non-UUID for a uuid): only `ne` holds. */
const incomparable = (op: CompareOp) => (op === 'ne' ? TRUE : FALSE);

/**
 * A comparison as a SQL boolean. `ne` is `is distinct from`, so it holds where the value is absent; `eq null` is
 * "not present" and `ne null` "present". A column compares only as its own type (anything else is a programming error).
 */
export function compareSql(operand: Operand, comparison: Comparison): SqlFragment {
  checkType(operand, comparison.type);
  const { op, value } = comparison;
  if (value === null) return op === 'eq' ? sql`not (${presentSql(operand)})` : op === 'ne' ? presentSql(operand) : FALSE;
  switch (comparison.type) {
    case 'string':
      if (typeof value !== 'string') return incomparable(op);
      if (operand.from === 'column' && operand.uuid && (op === 'eq' || op === 'ne')) {
        return UUID.test(value) ? sql`${operand.sql} ${ORDERED[op]} ${value}::uuid` : incomparable(op);
      }
      return stringSql(textSql(operand), op, value, comparison.caseExact);
    case 'number':
      if (isSubstring(op)) throw new Error(`'${op}' does not apply to numbers`);
      if (typeof value !== 'number' || !Number.isFinite(value)) return incomparable(op);
      return sql`${numberSql(operand)} ${ORDERED[op]} ${String(value)}::numeric`;
    case 'boolean':
      if (op !== 'eq' && op !== 'ne') throw new Error(`'${op}' does not apply to booleans`);
      if (typeof value !== 'boolean') return incomparable(op);
      return sql`${operand.sql} ${ORDERED[op]} ${operand.from === 'json' ? sql`to_jsonb(${value}::boolean)` : sql`${value}::boolean`}`;
    case 'dateTime': {
      if (typeof value !== 'string') return incomparable(op);
      if (isSubstring(op)) return stringSql(textSql(operand), op, value, comparison.caseExact);
      const timestamp = isoDateTime(value);
      return timestamp === undefined ? incomparable(op) : sql`${timeSql(operand)} ${ORDERED[op]} ${timestamp}::timestamptz`;
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function stringSql(text: SqlFragment, op: CompareOp, value: string, caseExact: boolean): SqlFragment {
  const left = caseExact ? text : sql`lower(${text})`;
  const right = (param: string) => (caseExact ? sql`${param}::text` : sql`lower(${param}::text)`);
  if (isSubstring(op)) {
    const escaped = value.replace(/[\\%_]/g, '\\$&');
    const pattern = op === 'co' ? `%${escaped}%` : op === 'sw' ? `${escaped}%` : `%${escaped}`;
    return sql`${left} like ${right(pattern)} escape '\\'`;
  }
  if (op === 'eq' || op === 'ne') return sql`${left} ${ORDERED[op]} ${right(value)}`;
  return sql`${left} collate "C" ${ORDERED[op as OrderedOp]} ${right(value)}`;
}

/** The operand is there: not NULL, and not an empty string (nor, in a document, JSON null, `[]` or `{}`). */
export function presentSql(operand: Operand): SqlFragment {
  if (operand.from === 'json') return sql`coalesce(${operand.sql} not in ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb), false)`;
  if (operand.type === 'string' && !operand.uuid) return sql`coalesce(${operand.sql}, '') <> ''`;
  return sql`${operand.sql} is not null`;
}

/** The value a sort key orders by: strings bytewise (`collate "C"`, lower-cased unless case-exact), others by type. */
export function sortValueSql(operand: Operand, key: SortKey): SqlFragment {
  checkType(operand, key.type);
  switch (key.type) {
    case 'string':
      return key.caseExact ? sql`${textSql(operand)} collate "C"` : sql`lower(${textSql(operand)}) collate "C"`;
    case 'number':
      return numberSql(operand);
    case 'boolean':
      return booleanSql(operand);
    case 'dateTime':
      return timeSql(operand);
  }
}

function checkType(operand: Operand, type: ValueType): void {
  if (operand.from === 'column' && operand.type !== type) throw new Error(`${operand.label} compares as ${operand.type}, not as ${type}`);
}
