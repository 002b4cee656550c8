import type { EntityManager } from '@mikro-orm/sql';
import type { Directory, DirectoryGroup, DirectoryUser, PropertyMapping } from '../../plugins/sdk/index.ts';
import { MAX_GROUP_DEPTH, placeholders } from '../kernel/sql.ts';
import { userUid } from '../users/user.repository.ts';

type Fork = () => EntityManager;

const DESCENDANTS = `with recursive d(pk, depth) as (
    select pk, 0 from core_group where pk = ?
    union all
    select g.pk, d.depth + 1 from core_group g join d on g.parent_pk = d.pk where d.depth < ${MAX_GROUP_DEPTH}
  )`;

/** The read-only directory queries plugins get, each on a fresh unit of work. */
export function hostDirectory(fork: Fork, installId: string): Directory {
  return {
    async users(pks) {
      if (pks.length === 0) return [];
      const em = fork();
      const rows = await em.execute<(Omit<DirectoryUser, 'uid' | 'groups'> & { groups: string[] | null })[]>(
        `select u.pk, u.uuid, u.username, u.name, u.email, u.is_active, u.type, u.path, u.attributes,
                (select array_agg(gu.group_pk::text order by gu.group_pk) from core_group_users gu where gu.user_pk = u.pk) as groups
           from core_user u where u.pk in (${placeholders(pks.length)}) order by u.pk`,
        pks,
      );
      return rows.map((r) => ({ ...r, uid: userUid(r.pk, installId), groups: r.groups ?? [] }));
    },
    async userTypes(pks) {
      if (pks.length === 0) return [];
      return fork().execute<Pick<DirectoryUser, 'pk' | 'type'>[]>(`select pk, type from core_user where pk in (${placeholders(pks.length)})`, pks);
    },
    async groups(pks) {
      if (pks.length === 0) return [];
      const rows = await fork().execute<(Omit<DirectoryGroup, 'members'> & { members: number[] | null })[]>(
        `select g.pk, g.num_pk, g.name, g.parent_pk as parent, g.is_superuser, g.attributes,
                (select array_agg(gu.user_pk order by gu.user_pk) from core_group_users gu where gu.group_pk = g.pk) as members
           from core_group g where g.pk in (${placeholders(pks.length)}) order by g.pk`,
        pks,
      );
      return rows.map((r) => ({ ...r, members: r.members ?? [] }));
    },
    async descendants(groupPk) {
      const rows = await fork().execute<{ pk: string }[]>(`${DESCENDANTS} select distinct pk from d`, [groupPk]);
      return rows.map((r) => r.pk);
    },
    async deepMembers(groupPk, among) {
      if (among?.length === 0) return new Set();
      const only = among ? `where gu.user_pk in (${placeholders(among.length)})` : '';
      const rows = await fork().execute<{ user_pk: number }[]>(
        `${DESCENDANTS} select distinct gu.user_pk from core_group_users gu join d on gu.group_pk = d.pk ${only}`,
        [groupPk, ...(among ?? [])],
      );
      return new Set(rows.map((r) => r.user_pk));
    },
    async mappings(pks, type) {
      if (pks.length === 0) return [];
      const ofType = type === undefined ? '' : ' and type = ?';
      return fork().execute<PropertyMapping[]>(
        `select pk, name, expression, type from providers_property_mapping where pk in (${placeholders(pks.length)})${ofType} order by name, pk`,
        type === undefined ? pks : [...pks, type],
      );
    },
  };
}
