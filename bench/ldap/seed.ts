import pg from 'pg';
import { GROUP_PREFIX, READERS_GROUP, membersOf, readerPk, usersOf, type Dataset } from './dataset.ts';

/**
 * Writes the dataset into the tables (no change events: the LDAP service reads everything when it starts): users
 * with explicit pks (so uidNumbers match slapd's), the regular ones with the matched-cost scrypt hash and the rest
 * with the cheap one, groups with explicit num_pks, memberships; then moves the sequences past them.
 */
export async function seed(url: string, d: Dataset, hashes: { matched: string; cheap: string }): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const users = [...usersOf(d)];
    await c.query(
      `insert into core_user (pk, uuid, username, name, email, password_hash)
       select u.pk, gen_random_uuid(), u.username, u.name, u.email, case when u.cheap then $6 else $7 end
       from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::bool[]) as u(pk, username, name, email, cheap)`,
      [users.map((u) => u.pk), users.map((u) => u.username), users.map((u) => u.name), users.map((u) => u.email), users.map((u) => u.cheap), hashes.cheap, hashes.matched],
    );
    const groups = [...Array.from({ length: d.groups }, (_, i) => `${GROUP_PREFIX}${i + 1}`), READERS_GROUP];
    await c.query(`insert into core_group (pk, num_pk, name) select gen_random_uuid(), n, name from unnest($1::text[]) with ordinality as g(name, n)`, [groups]);
    const pairs = Array.from({ length: d.groups }, (_, i) => membersOf(d, i + 1).map((pk) => [pk, i + 1])).flat();
    pairs.push([readerPk(d), d.groups + 1]);
    await c.query(
      `insert into core_group_users (user_pk, group_pk) select m.user_pk, g.pk from unnest($1::int[], $2::int[]) as m(user_pk, num_pk) join core_group g on g.num_pk = m.num_pk`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    await c.query(`select setval('core_user_pk_seq', (select max(pk) from core_user)), setval('core_group_num_pk_seq', (select max(num_pk) from core_group))`);
    await c.query('analyze');
  } finally {
    await c.end();
  }
}
