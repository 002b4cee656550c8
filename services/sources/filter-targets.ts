import type { HostField, Relation, ValueType } from '../../plugins/sdk/source-filter.ts';
import { ISO_DATE_TIME_PATTERN, ISO_OFFSET_PATTERN } from './iso-date-time.ts';
import { sql, type SqlFragment } from './sql-fragment.ts';

/** The kind of object a filter runs over; its table is aliased `u` (core_user) or `g` (core_group), the object `o`. */
export type SourceKindSql = 'user' | 'group';

/** A column the host keeps, with the type it compares as. A uuid column compares as uuid for eq/ne, as text otherwise. */
export interface ColumnOperand {
  from: 'column';
  label: string;
  sql: SqlFragment;
  type: ValueType;
  uuid: boolean;
}

/** A JSON value: a path into the object's document, or an array element (or a path into one). */
export interface JsonOperand {
  from: 'json';
  sql: SqlFragment;
}

/** What a comparison, a presence test or a sort reads. */
export type Operand = ColumnOperand | JsonOperand;

const column = (label: string, expression: SqlFragment, type: ValueType, uuid = false): ColumnOperand => ({ from: 'column', label, sql: expression, type, uuid });

const OBJECT_FIELDS = {
  externalId: column('externalId', sql`o.external_id`, 'string'),
  created: column('created', sql`o.created`, 'dateTime'),
  lastModified: column('lastModified', sql`o.last_modified`, 'dateTime'),
};

const HOST_FIELDS: Record<SourceKindSql, Partial<Record<HostField, ColumnOperand>>> = {
  user: {
    ...OBJECT_FIELDS,
    id: column('id', sql`u.uuid`, 'string', true),
    name: column('name', sql`u.username`, 'string'),
    displayName: column('displayName', sql`u.name`, 'string'),
    email: column('email', sql`u.email`, 'string'),
    active: column('active', sql`u.is_active`, 'boolean'),
  },
  group: {
    ...OBJECT_FIELDS,
    id: column('id', sql`g.pk`, 'string', true),
    name: column('name', sql`g.name`, 'string'),
    displayName: column('displayName', sql`g.name`, 'string'),
  },
};

/** A host field of users or groups; a field the kind lacks (a group's email) is a programming error. */
export function hostOperand(kind: SourceKindSql, field: HostField): ColumnOperand {
  const fields = HOST_FIELDS[kind];
  const operand = Object.hasOwn(fields, field) ? fields[field] : undefined;
  if (!operand) throw new Error(`a ${kind} has no host field '${field}' to filter or sort on`);
  return operand;
}

/** A path of keys into the object's document (`o.document`), each key a parameter. */
export function documentOperand(path: readonly string[]): JsonOperand {
  return { from: 'json', sql: keyChain(sql`o.document`, path) };
}

/** An element `e.v` of the array a `some` node walks, or a key of it. */
export function elementOperand(path: readonly [] | readonly [string]): JsonOperand {
  return { from: 'json', sql: keyChain(sql`e.v`, path) };
}

function keyChain(root: SqlFragment, path: readonly string[]): SqlFragment {
  if (path.length === 0) return root;
  return sql`(${path.reduce((json, key) => sql`${json} -> ${key}::text`, root)})`;
}

const RELATED = {
  members: {
    kind: 'group',
    from: sql`core_group_users gu join core_user mu on mu.pk = gu.user_pk where gu.group_pk = g.pk`,
    id: column('members.value', sql`mu.uuid`, 'string', true),
    display: column('members.display', sql`mu.username`, 'string'),
  },
  groups: {
    kind: 'user',
    from: sql`core_group_users gu join core_group mg on mg.pk = gu.group_pk where gu.user_pk = u.pk`,
    id: column('groups.value', sql`mg.pk`, 'string', true),
    display: column('groups.display', sql`mg.name`, 'string'),
  },
} as const;

/** The rows a `related` node looks through (`from … where …`, to extend with `and`): a group's members or a user's groups. */
export function relatedFrom(kind: SourceKindSql, relation: Relation): SqlFragment {
  const related = RELATED[relation];
  if (related.kind !== kind) throw new Error(`a ${kind} has no related '${relation}'`);
  return related.from;
}

/** A related object's id (a user's uuid, a group's pk) or display (a username, a group name). */
export function relatedOperand(relation: Relation, target: 'id' | 'display'): ColumnOperand {
  return RELATED[relation][target];
}

/** The operand as text: a JSON string's value, a column's text (a timestamp as ISO 8601 in UTC, milliseconds); else NULL. */
export function textSql(operand: Operand): SqlFragment {
  if (operand.from === 'json') return sql`case when jsonb_typeof(${operand.sql}) = 'string' then ${operand.sql} #>> '{}' end`;
  if (operand.type === 'dateTime') return sql`to_char(${operand.sql} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return operand.uuid ? sql`${operand.sql}::text` : operand.sql;
}

/** The operand as numeric: a JSON number's value, else NULL (so a stray string never fails the cast). */
export function numberSql(operand: Operand): SqlFragment {
  if (operand.from === 'column') return operand.sql;
  return sql`case when jsonb_typeof(${operand.sql}) = 'number' then ${operand.sql}::numeric end`;
}

/** The operand as boolean: a JSON boolean's value, else NULL. */
export function booleanSql(operand: Operand): SqlFragment {
  if (operand.from === 'column') return operand.sql;
  return sql`case when jsonb_typeof(${operand.sql}) = 'boolean' then ${operand.sql}::boolean end`;
}

/**
 * The operand as timestamptz. A column is cut to milliseconds, the precision SCIM shows it with; a JSON string is
 * cast only when it is an xsd:dateTime PostgreSQL accepts (read as UTC when it names no offset), else NULL.
 */
export function timeSql(operand: Operand): SqlFragment {
  if (operand.from === 'column') return sql`date_trunc('milliseconds', ${operand.sql})`;
  return sql`(select case when t.s ~ ${ISO_DATE_TIME_PATTERN}::text then (case when t.s ~ ${ISO_OFFSET_PATTERN}::text then t.s else t.s || 'Z' end)::timestamptz end from (select ${textSql(operand)}) t(s))`;
}
