import type { MikroORM } from '@mikro-orm/core';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { CompareOp, DocumentFilter, ElementFilter, FilterTarget, HostField, RelatedFilter, SortKey, ValueType } from '../../plugins/sdk/source-filter.ts';
import { createOrm, migrate } from '../../services/kernel/orm.ts';
import { MODELS } from '../../services/models.ts';
import { filterSql, orderSql, SOURCE_OBJECT_FROM, type SourceKindSql } from '../../services/sources/filter-sql.ts';
import { createTestDatabase } from './database.ts';

/*
 * The fixture of the source filter SQL tests: a fresh PostgreSQL database per test file, migrated, with the same
 * sources, users, groups and source objects in every file, and the filter builders the tests write filters with.
 */

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const WEIRD_KEY = `we"ird'key?`;
export const ID = {
  alice: 'a1111111-1111-4111-8111-111111111111',
  bob: 'b2222222-2222-4222-8222-222222222222',
  carol: 'c3333333-3333-4333-8333-333333333333',
  dave: 'd4444444-4444-4444-8444-444444444444',
  eve: 'e5555555-5555-4555-8555-555555555555',
  mallory: 'f6666666-6666-4666-8666-666666666666',
  zed: '07777777-7777-4777-8777-777777777777',
};
export const GROUP = {
  admins: '9a000000-0000-4000-8000-000000000001',
  staff: '9a000000-0000-4000-8000-000000000002',
  empty: '9a000000-0000-4000-8000-000000000003',
  other: '9a000000-0000-4000-8000-000000000004',
};
export const SOURCE = { one: 1, two: 2, scimmy: 3, bulk: 4 };
export const ALL = ['alice', 'Bob', 'carol', 'dave', 'eve'];

/** The four users of the `match` vectors in SCIMMY's filter fixtures (types-filter.json), as documents. */
export const SCIMMY_USERS = [
  { userName: 'AdeleV', date: '2021-07-25T12:37:58.132Z', number: 4, exists: true, name: { formatted: 'Adele Vance' }, emails: [{ type: 'work', value: 'AdeleV@example.net', primary: true }] },
  { userName: 'GradyA', date: '2021-09-22T02:32:12.026Z', number: 6, name: { formatted: 'Grady Archie' }, emails: [{ type: 'home', value: 'GradyA@example.com', primary: true }] },
  { userName: 'LynneR', date: '2021-08-05T10:11:57.910Z', number: 14, exists: false, name: { formatted: 'Lynne Robbins' }, emails: [{ type: 'work', value: 'LynneR@example.org', primary: true }] },
  {
    userName: 'MeganB', date: '2021-09-08T23:02:28.986Z', number: 9, name: { formatted: 'Megan Bowen' },
    emails: [{ type: 'work', value: 'MeganB@example.org', primary: true }, { type: 'home', value: 'MeganB@example.net', primary: false }],
  },
];

/** The seeded database of one test file, and the objects of a source that a filter matches there. */
export interface SourceFilterFixture {
  /** A pg client on the file's database (set in beforeAll). */
  client: pg.Client;
  /** MikroORM over the file's database (set in beforeAll). */
  orm: MikroORM;
  /** The source's users that match, by username, in the order orderSql gives. */
  users(filter: DocumentFilter, sort?: SortKey, source?: number): Promise<string[]>;
  /** The source's groups that match, by name, in the order orderSql gives. */
  groups(filter: DocumentFilter, sort?: SortKey): Promise<string[]>;
}

/**
 * Creates a new database for the test file, migrates and seeds it (beforeAll), and drops it (afterAll). Read
 * `client` and `orm` inside tests; `users` and `groups` may be taken apart at once.
 */
export function useSourceFilterFixture(): SourceFilterFixture {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const ctx = {
    users: (filter, sort, source) => matching(ctx.client, 'user', filter, sort, source),
    groups: (filter, sort) => matching(ctx.client, 'group', filter, sort),
  } as SourceFilterFixture;

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx.orm = await createOrm({ database: { kind: 'postgres', url: db.url }, models: MODELS });
    await migrate(ctx.orm);
    ctx.client = new pg.Client({ connectionString: db.url });
    await ctx.client.connect();
    await seed(ctx.client);
  });

  afterAll(async () => {
    await ctx.client?.end();
    await ctx.orm?.close(true);
    await db?.drop();
  });

  return ctx;
}

/** The fixture rows: sources, users and their source objects, groups and their members, and SCIMMY's users. */
async function seed(client: pg.Client): Promise<void> {
  const exec = (text: string, params: unknown[] = []) => client.query(text, params);
  for (const [slug, pk] of Object.entries(SOURCE)) await exec(`insert into sources_source (pk, name, slug, type) values ($1, $2, $2, 'scim')`, [pk, slug]);
  const users: [number, string, string, string, string, boolean][] = [
    [1, ID.alice, 'alice', 'Alice Adams', 'alice@example.com', true],
    [2, ID.bob, 'Bob', 'Bob Brown', 'bob@example.com', true],
    [3, ID.carol, 'carol', '', '', false],
    [4, ID.dave, 'dave', 'Dave Doe', 'dave@example.com', true],
    [5, ID.eve, 'eve', 'Eve', 'eve@example.com', true],
    [6, ID.mallory, 'mallory', 'Mallory', 'mallory@example.com', true],
    [7, ID.zed, 'zed', 'Zed', 'zed@example.com', true],
  ];
  for (const user of users) await exec(`insert into core_user (pk, uuid, username, name, email, is_active) values ($1, $2, $3, $4, $5, $6)`, user);
  const objects: [number, number, string | null, object, string, string][] = [
    [SOURCE.one, 1, 'ext-a', {
      title: 'Engineer', name: { givenName: 'Alice', familyName: 'Adams' },
      emails: [{ type: 'work', value: 'alice@x.org', primary: true }, { type: 'home', value: 'alice@home.example' }],
      [ENTERPRISE]: { employeeNumber: '100', manager: { value: ID.bob } },
      'x-count': 5, 'x-when': '2024-01-15T10:00:00Z', 'x-flag': true, nickname: 'al', tags: ['red', 'blue'], note: '50% off', code: 'ab', [WEIRD_KEY]: `it's; drop table core_user`,
    }, '2024-01-01T00:00:00Z', '2024-03-01T00:00:00.123456Z'],
    [SOURCE.one, 2, 'ext-b', {
      title: 'engineer', name: { givenName: 'Bob' },
      emails: [{ type: 'work', value: 'bob@corp.example' }, { type: 'home', value: 'bob@x.org' }],
      [ENTERPRISE]: { employeeNumber: '200' },
      'x-count': 12.5, 'x-when': '2024-01-15T12:00:00+02:00', 'x-flag': false, nickname: '', tags: [], note: '50 percent', code: 'a_b',
    }, '2024-02-01T00:00:00Z', '2024-03-02T00:00:00Z'],
    [SOURCE.one, 3, null, {
      'x-count': 'abc', 'x-when': 'not a date', 'x-flag': 'true', nickname: null, tags: {}, emails: 'not-an-array', code: 'axb', path: 'C:\\dir',
    }, '2024-03-01T00:00:00Z', '2024-03-03T00:00:00Z'],
    [SOURCE.one, 4, 'ext-d', {
      title: 'Manager', 'x-count': -3, 'x-when': '2023-12-31T23:59:59.999Z', nickname: {}, emails: [{ type: 'work', value: 'DAVE@X.ORG' }], code: 'a\\b', note: '5000',
    }, '2024-04-01T00:00:00Z', '2024-04-01T00:00:00Z'],
    [SOURCE.one, 5, 'ext-e', {
      'x-when': '2021-02-30T00:00:00Z', 'x-count': null, emails: [], phones: ['+1 555 0100', '+44 20 7946'], tags: ['green'],
    }, '2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z'],
    [SOURCE.two, 6, 'ext-a', { title: 'Engineer', emails: [{ type: 'work', value: 'mallory@x.org' }], 'x-count': 5 }, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'],
    [SOURCE.two, 1, 'ext-a', { title: 'Other source' }, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'],
  ];
  for (const [source, user, externalId, document, created, modified] of objects) {
    await exec(`insert into sources_object (source_pk, kind, user_pk, external_id, document, created, last_modified) values ($1, 'user', $2, $3, $4, $5, $6)`, [source, user, externalId, document, created, modified]);
  }
  const groups: [string, number, string, number, string[]][] = [
    [GROUP.admins, 1, 'Admins', SOURCE.one, [ID.alice, ID.bob]],
    [GROUP.staff, 2, 'staff', SOURCE.one, [ID.carol]],
    [GROUP.empty, 3, 'Empty', SOURCE.one, []],
    [GROUP.other, 4, 'Other', SOURCE.two, [ID.alice]],
  ];
  for (const [pk, num, name, source, members] of groups) {
    await exec(`insert into core_group (pk, num_pk, name) values ($1, $2, $3)`, [pk, num, name]);
    await exec(`insert into sources_object (source_pk, kind, group_pk, external_id, document) values ($1, 'group', $2, $3, $4)`, [source, pk, `g-${name}`, { displayName: name }]);
    for (const member of members) await exec(`insert into core_group_users (group_pk, user_pk) select $1, pk from core_user where uuid = $2`, [pk, member]);
  }
  for (const [i, user] of SCIMMY_USERS.entries()) {
    await exec(`insert into core_user (pk, uuid, username) values ($1, gen_random_uuid(), $2)`, [101 + i, user.userName]);
    await exec(`insert into sources_object (source_pk, kind, user_pk, document) values ($1, 'user', $2, $3)`, [SOURCE.scimmy, 101 + i, user]);
  }
}

/** `?` placeholders as pg's `$1…$n` (the compiled SQL holds no other `?`). */
export function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** The source's objects that match, by username or group name, in the order orderSql gives. */
async function matching(client: pg.Client, kind: SourceKindSql, filter: DocumentFilter, sort?: SortKey, source = SOURCE.one): Promise<string[]> {
  const params: unknown[] = [source];
  const where = filterSql(kind, filter, params);
  const order = orderSql(kind, sort, params);
  const label = kind === 'user' ? 'u.username' : 'g.name';
  const result = await client.query<{ label: string }>(numbered(`select ${label} as label ${SOURCE_OBJECT_FROM[kind]} and (${where}) order by ${order}`), params);
  return result.rows.map((r) => r.label);
}

/** Builders of the filters and sort keys the tests compile (the shapes of plugins/sdk/source-filter.ts). */
export type Value = string | number | boolean | null;
export const field = (name: HostField): FilterTarget => ({ field: name });
export const path = (...keys: string[]): FilterTarget => ({ path: keys });
export const cmp = (op: CompareOp, target: FilterTarget, value: Value, type: ValueType = 'string', caseExact = false): DocumentFilter => ({ op, target, type, caseExact, value });
export const exact = (op: CompareOp, target: FilterTarget, value: Value, type: ValueType = 'string') => cmp(op, target, value, type, true);
export const pr = (target: FilterTarget): DocumentFilter => ({ op: 'pr', target });
export const not = (filter: DocumentFilter): DocumentFilter => ({ op: 'not', filter });
export const and = (...filters: DocumentFilter[]): DocumentFilter => ({ op: 'and', filters });
export const or = (...filters: DocumentFilter[]): DocumentFilter => ({ op: 'or', filters });
export const el = (op: CompareOp, key: string | undefined, value: Value, caseExact = false): ElementFilter => ({ op, target: { path: key === undefined ? [] : [key] }, type: 'string', caseExact, value });
export const some = (arrayPath: string, filter: ElementFilter): DocumentFilter => ({ op: 'some', path: [arrayPath], filter });
export const rel = (op: CompareOp, target: 'id' | 'display', value: Value, caseExact = false): RelatedFilter => ({ op, target: { related: target }, type: 'string', caseExact, value });
export const sortBy = (target: FilterTarget, type: ValueType, descending = false, caseExact = false): SortKey => ({ target, type, caseExact, descending });
