import type { SourceKind, SourceObject } from '../../plugins/sdk/index.ts';

/** A sources_object row joined with its user or group, as the read queries select it. */
export interface ObjectRow {
  local_pk: number | null;
  id: string;
  username?: string;
  name: string;
  email?: string;
  is_active?: boolean;
  external_id: string | null;
  document: Record<string, unknown>;
  created: Date | string;
  last_modified: Date | string;
  version: number;
  related?: { id: string; display: string }[];
}

const COMMON = `o.external_id, o.document, o.created, o.last_modified, o.version`;

/** The columns each kind's read selects. */
export const COLUMNS: Record<SourceKind, string> = {
  user: `u.pk as local_pk, u.uuid::text as id, u.username, u.name, u.email, u.is_active, ${COMMON}`,
  group: `g.num_pk as local_pk, g.pk::text as id, g.name, ${COMMON}`,
};

/**
 * The related objects of a page of rows (a user's direct groups, a group's direct members), one statement for the
 * page, as `owner` (the user's pk, the group's id) → related. A second statement rather than a correlated subquery:
 * with one, PostgreSQL re-plans the lookup on every execution instead of reusing its prepared plan.
 */
export const RELATED: Record<SourceKind, { sql: string; owner: (row: ObjectRow) => string }> = {
  user: {
    sql: `select gu.user_pk::text as owner, mg.pk::text as id, mg.name as display
            from core_group_users gu join core_group mg on mg.pk = gu.group_pk where gu.user_pk = any(?::int[]) order by mg.name, mg.pk`,
    owner: (row) => String(row.local_pk),
  },
  group: {
    sql: `select gu.group_pk::text as owner, mu.uuid::text as id, mu.username as display
            from core_group_users gu join core_user mu on mu.pk = gu.user_pk where gu.group_pk = any(?::uuid[]) order by mu.pk`,
    owner: (row) => row.id,
  },
};

const iso = (d: Date | string) => new Date(d).toISOString();

/** A row as the plugin sees it. */
export function toSourceObject(kind: SourceKind, row: ObjectRow): SourceObject {
  const base = { kind, id: row.id, externalId: row.external_id, document: row.document, created: iso(row.created), lastModified: iso(row.last_modified), version: row.version };
  if (kind === 'user') {
    return { ...base, user: { username: row.username!, name: row.name, email: row.email!, is_active: row.is_active! }, ...(row.related ? { groups: row.related } : {}) };
  }
  return { ...base, group: { name: row.name }, ...(row.related ? { members: row.related } : {}) };
}
