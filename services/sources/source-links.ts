import type { EntityManager } from '@mikro-orm/sql';
import type { SourceKind } from '../../plugins/sdk/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string can be an object id (a user's uuid or a group's pk); anything else names nothing. */
export const isObjectId = (id: string) => UUID.test(id);

/**
 * The local pk, current name (username or group name) and version of the source's object with this id, locked for
 * update when asked; null when not linked.
 */
export async function linkedPk(em: EntityManager, sourcePk: number, kind: SourceKind, id: string, lock = false): Promise<{ localPk: number | string; name: string; version: number } | null> {
  if (!isObjectId(id)) return null;
  const sql = kind === 'user'
    ? `select o.user_pk as local_pk, u.username as name, o.version from sources_object o join core_user u on u.pk = o.user_pk where o.source_pk = ? and u.uuid = ?::uuid`
    : `select o.group_pk::text as local_pk, g.name, o.version from sources_object o join core_group g on g.pk = o.group_pk where o.source_pk = ? and o.group_pk = ?::uuid`;
  const [row] = await em.execute<{ local_pk: number | string; name: string; version: number }[]>(`${sql}${lock ? ' for update of o' : ''}`, [sourcePk, id]);
  return row ? { localPk: row.local_pk, name: row.name, version: row.version } : null;
}
