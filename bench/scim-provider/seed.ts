import type { EntityManager } from '@mikro-orm/sql';

/** Writes users, groups and random memberships straight into the tables (no change events: a full sync reads them). */
export async function seedDirectory(em: EntityManager, opts: { users: number; groups: number; memberships: number }): Promise<void> {
  await em.execute(`select setval('core_user_pk_seq', greatest((select coalesce(max(pk), 0) from core_user), 1))`);
  await em.execute(
    `insert into core_user (pk, uuid, username, name, email)
     select nextval('core_user_pk_seq'), gen_random_uuid(), 'bench-' || g, 'Bench User ' || g, 'bench' || g || '@example.org' from generate_series(1, ?) g`,
    [opts.users],
  );
  await em.execute(
    `insert into core_group (pk, num_pk, name) select gen_random_uuid(), nextval('core_group_num_pk_seq'), 'bench-group-' || g from generate_series(1, ?) g`,
    [opts.groups],
  );
  if (opts.groups === 0 || opts.memberships === 0) return;
  await em.execute(
    `insert into core_group_users (group_pk, user_pk)
     select g.pk, u.pk from (select (random() * (? - 1))::int as gi, (random() * (? - 1))::int as ui from generate_series(1, ?)) r
       join (select pk, row_number() over (order by pk) - 1 as i from core_group) g on g.i = r.gi
       join (select pk, row_number() over (order by pk) - 1 as i from core_user where username like 'bench-%') u on u.i = r.ui
     on conflict do nothing`,
    [opts.groups, opts.users, opts.memberships],
  );
}
