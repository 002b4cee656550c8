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
  related?: { id: string; display: string }[] | null;
}

const COMMON = `o.external_id, o.document, o.created, o.last_modified, o.version`;

/** The columns each kind's read selects; `related` (a user's groups, a group's members) only when asked for. */
export function columns(kind: SourceKind, related: boolean): string {
  if (kind === 'user') {
    const groups = related
      ? `, (select coalesce(json_agg(json_build_object('id', mg.pk::text, 'display', mg.name) order by mg.name, mg.pk), '[]'::json)
             from core_group_users gu join core_group mg on mg.pk = gu.group_pk where gu.user_pk = u.pk) as related`
      : '';
    return `u.pk as local_pk, u.uuid::text as id, u.username, u.name, u.email, u.is_active, ${COMMON}${groups}`;
  }
  const members = related
    ? `, (select coalesce(json_agg(json_build_object('id', mu.uuid::text, 'display', mu.username) order by mu.pk), '[]'::json)
           from core_group_users gu join core_user mu on mu.pk = gu.user_pk where gu.group_pk = g.pk) as related`
    : '';
  return `g.num_pk as local_pk, g.pk::text as id, g.name, ${COMMON}${members}`;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** A row as the plugin sees it. */
export function toSourceObject(kind: SourceKind, row: ObjectRow): SourceObject {
  const base = { kind, id: row.id, externalId: row.external_id, document: row.document, created: iso(row.created), lastModified: iso(row.last_modified), version: row.version };
  if (kind === 'user') {
    return { ...base, user: { username: row.username!, name: row.name, email: row.email!, is_active: row.is_active! }, ...(row.related ? { groups: row.related } : {}) };
  }
  return { ...base, group: { name: row.name }, ...(row.related ? { members: row.related } : {}) };
}
