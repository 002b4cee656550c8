import type { EntityManager } from '@mikro-orm/sql';
import type { Fixture } from './workload.ts';

/** The seeded directory: users, groups, memberships (in total), the big group's and the small group's members. */
export interface SeedCounts {
  users: number;
  groups: number;
  memberships: number;
  bigGroup: number;
  smallGroup: number;
}

/**
 * Writes the source's users and groups straight into the tables, all owned by the source: `bench-<i>` users with a
 * document like a SCIM User's (name, displayName, a work e-mail), groups `bench-group-<i>` of which the first holds
 * users 1..bigGroup and the second the last smallGroup users, and the remaining memberships drawn at random into the
 * other groups (duplicate draws dropped). This bypasses the API on purpose (no change events, no outbox rows): seeding
 * 100 000 users through it would take far longer than the measurement. Everything measured goes through the API.
 * Returns what the tables hold.
 */
export async function seedSource(em: EntityManager, source: { pk: number; slug: string }, c: SeedCounts): Promise<{ users: number; groups: number; memberships: number }> {
  if (c.groups < 3 || c.users < c.bigGroup + c.smallGroup + 1) throw new Error('the seed needs 3 groups or more, and more users than the big and small groups hold');
  await em.execute(
    `insert into core_user (pk, uuid, username, name, email, path)
     select nextval('core_user_pk_seq'), gen_random_uuid(), 'bench-' || i, 'Bench User ' || i, 'bench' || i || '@example.org', ? from generate_series(1, ?) i`,
    [`goauthentik.io/sources/${source.slug}`, c.users],
  );
  await em.execute(
    `insert into core_group (pk, num_pk, name) select gen_random_uuid(), nextval('core_group_num_pk_seq'), 'bench-group-' || i from generate_series(1, ?) i`,
    [c.groups],
  );
  const byIndex = `join core_group g on g.name = 'bench-group-' || r.gi and g.parent_pk is null join core_user u on u.username = 'bench-' || r.ui`;
  await em.execute(`insert into core_group_users (group_pk, user_pk) select g.pk, u.pk from (select 1 as gi, i as ui from generate_series(1, ?) i) r ${byIndex}`, [c.bigGroup]);
  await em.execute(`insert into core_group_users (group_pk, user_pk) select g.pk, u.pk from (select 2 as gi, ? - i as ui from generate_series(0, ? - 1) i) r ${byIndex}`, [c.users, c.smallGroup]);
  await em.execute(
    `insert into core_group_users (group_pk, user_pk)
     select g.pk, u.pk from (select 3 + floor(random() * (? - 2))::int as gi, 1 + floor(random() * ?)::int as ui from generate_series(1, ?)) r ${byIndex}
     on conflict do nothing`,
    [c.groups, c.users, Math.max(0, c.memberships - c.bigGroup - c.smallGroup)],
  );
  await em.execute(
    `insert into sources_object (source_pk, kind, user_pk, external_id, document)
     select ?, 'user', u.pk, 'ext-' || u.username, jsonb_build_object(
       'name', jsonb_build_object('givenName', 'Bench', 'familyName', 'User ' || substr(u.username, 7), 'formatted', u.name),
       'displayName', u.name, 'emails', jsonb_build_array(jsonb_build_object('value', u.email, 'type', 'work', 'primary', true)))
     from core_user u where u.username like 'bench-%'`,
    [source.pk],
  );
  await em.execute(`insert into sources_object (source_pk, kind, group_pk, external_id) select ?, 'group', g.pk, 'ext-' || g.name from core_group g where g.name like 'bench-group-%'`, [source.pk]);
  await em.execute('analyze');
  const [counts] = await em.execute<{ users: string; groups: string; memberships: string }[]>(
    `select (select count(*) from sources_object where source_pk = ? and kind = 'user') as users,
            (select count(*) from sources_object where source_pk = ? and kind = 'group') as groups,
            (select count(*) from core_group_users gu join sources_object o on o.group_pk = gu.group_pk and o.source_pk = ?) as memberships`,
    [source.pk, source.pk, source.pk],
  );
  return { users: Number(counts.users), groups: Number(counts.groups), memberships: Number(counts.memberships) };
}

/**
 * What the load uses of the seeded source: a random sample of users, the groups other than the big and the small
 * one, and movers (users in neither of those two); and the ids of the big and the small group.
 */
export async function sourceFixture(em: EntityManager, c: SeedCounts, sample: number): Promise<{ fixture: Fixture; big: string; small: string }> {
  const users = await em.execute<{ id: string; userName: string }[]>(
    `select uuid::text as id, username as "userName" from core_user where username like 'bench-%' order by random() limit ?`, [sample],
  );
  const groups = await em.execute<{ id: string; name: string }[]>(`select pk::text as id, name from core_group where name like 'bench-group-%'`);
  const movers = await em.execute<{ id: string }[]>(
    `select uuid::text as id from core_user where (case when username ~ '^bench-[0-9]+$' then substr(username, 7)::int end) between ? and ? order by random() limit ?`,
    [c.bigGroup + 1, c.users - c.smallGroup, sample],
  );
  const named = (n: number) => groups.find((g) => g.name === `bench-group-${n}`)!.id;
  return {
    fixture: { users, groups: groups.filter((g) => g.name !== 'bench-group-1' && g.name !== 'bench-group-2').map((g) => g.id), movers: movers.map((m) => m.id) },
    big: named(1),
    small: named(2),
  };
}
