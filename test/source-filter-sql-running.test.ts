import { describe, expect, it } from 'vitest';
import { filterSql, orderSql, SOURCE_OBJECT_FROM } from '../services/sources/filter-sql.ts';
import { cmp, field, numbered, or, path, sortBy, SOURCE, useSourceFilterFixture, WEIRD_KEY } from './support/source-filter-fixture.ts';

const fixture = useSourceFilterFixture();
const { users } = fixture;

describe('source filter SQL: running it', () => {
  it('runs through MikroORM, which inlines the bound values', async () => {
    const params: unknown[] = [SOURCE.one];
    const where = filterSql('user', or(cmp('co', path('code'), 'a\\b'), cmp('co', path('note'), '50%'), cmp('eq', path(WEIRD_KEY), `it's; drop table core_user`)), params);
    const order = orderSql('user', sortBy(path('title'), 'string', true), params);
    const rows = await fixture.orm.em.getConnection().execute<{ username: string }[]>(`select u.username ${SOURCE_OBJECT_FROM.user} and (${where}) order by ${order}`, params);
    expect(rows.map((r: { username: string }) => r.username)).toEqual(['dave', 'alice']);
  });

  it('serves userName eq on 2000 users from core_user_username_lower_index', async () => {
    await fixture.client.query(`insert into core_user (pk, uuid, username, name) select 10000 + i, gen_random_uuid(), 'bulk' || i, 'Bulk ' || i from generate_series(1, 2000) i`);
    await fixture.client.query(`insert into sources_object (source_pk, kind, user_pk) select $1, 'user', 10000 + i from generate_series(1, 2000) i`, [SOURCE.bulk]);
    await fixture.client.query('analyze core_user');
    await fixture.client.query('analyze sources_object');
    const params: unknown[] = [SOURCE.bulk];
    const where = filterSql('user', cmp('eq', field('name'), 'BULK1234'), params);
    const plan = await fixture.client.query<{ 'QUERY PLAN': string }>(numbered(`explain select u.username ${SOURCE_OBJECT_FROM.user} and (${where})`), params);
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('core_user_username_lower_index');
    expect(await users(cmp('eq', field('name'), 'BULK1234'), undefined, SOURCE.bulk)).toEqual(['bulk1234']);
  });
});
