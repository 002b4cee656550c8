import type { MikroORM } from '@mikro-orm/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareOp, DocumentFilter, ElementFilter, FilterTarget, HostField, RelatedFilter, SortKey, ValueType } from '../plugins/sdk/source-filter.ts';
import { createOrm, migrate } from '../services/kernel/orm.ts';
import { MODELS } from '../services/models.ts';
import { filterSql, orderSql, SOURCE_OBJECT_FROM, type SourceKindSql } from '../services/sources/filter-sql.ts';
import { createTestDatabase } from './support/database.ts';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const WEIRD_KEY = `we"ird'key?`;
const ID = {
  alice: 'a1111111-1111-4111-8111-111111111111',
  bob: 'b2222222-2222-4222-8222-222222222222',
  carol: 'c3333333-3333-4333-8333-333333333333',
  dave: 'd4444444-4444-4444-8444-444444444444',
  eve: 'e5555555-5555-4555-8555-555555555555',
  mallory: 'f6666666-6666-4666-8666-666666666666',
  zed: '07777777-7777-4777-8777-777777777777',
};
const GROUP = {
  admins: '9a000000-0000-4000-8000-000000000001',
  staff: '9a000000-0000-4000-8000-000000000002',
  empty: '9a000000-0000-4000-8000-000000000003',
  other: '9a000000-0000-4000-8000-000000000004',
};
const SOURCE = { one: 1, two: 2, scimmy: 3, bulk: 4 };
const ALL = ['alice', 'Bob', 'carol', 'dave', 'eve'];

/** The four users of the `match` vectors in SCIMMY's filter fixtures (types-filter.json), as documents. */
const SCIMMY_USERS = [
  { userName: 'AdeleV', date: '2021-07-25T12:37:58.132Z', number: 4, exists: true, name: { formatted: 'Adele Vance' }, emails: [{ type: 'work', value: 'AdeleV@example.net', primary: true }] },
  { userName: 'GradyA', date: '2021-09-22T02:32:12.026Z', number: 6, name: { formatted: 'Grady Archie' }, emails: [{ type: 'home', value: 'GradyA@example.com', primary: true }] },
  { userName: 'LynneR', date: '2021-08-05T10:11:57.910Z', number: 14, exists: false, name: { formatted: 'Lynne Robbins' }, emails: [{ type: 'work', value: 'LynneR@example.org', primary: true }] },
  {
    userName: 'MeganB', date: '2021-09-08T23:02:28.986Z', number: 9, name: { formatted: 'Megan Bowen' },
    emails: [{ type: 'work', value: 'MeganB@example.org', primary: true }, { type: 'home', value: 'MeganB@example.net', primary: false }],
  },
];

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let client: pg.Client;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await createOrm({ database: { kind: 'postgres', url: db.url }, models: MODELS });
  await migrate(orm);
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await seed();
});

afterAll(async () => {
  await client?.end();
  await orm?.close(true);
  await db?.drop();
});

async function seed(): Promise<void> {
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
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** The source's objects that match, by username or group name, in the order orderSql gives. */
async function matching(kind: SourceKindSql, filter: DocumentFilter, sort?: SortKey, source = SOURCE.one): Promise<string[]> {
  const params: unknown[] = [source];
  const where = filterSql(kind, filter, params);
  const order = orderSql(kind, sort, params);
  const label = kind === 'user' ? 'u.username' : 'g.name';
  const result = await client.query<{ label: string }>(numbered(`select ${label} as label ${SOURCE_OBJECT_FROM[kind]} and (${where}) order by ${order}`), params);
  return result.rows.map((r) => r.label);
}
const users = (filter: DocumentFilter, sort?: SortKey, source?: number) => matching('user', filter, sort, source);
const groups = (filter: DocumentFilter, sort?: SortKey) => matching('group', filter, sort);

type Value = string | number | boolean | null;
const field = (name: HostField): FilterTarget => ({ field: name });
const path = (...keys: string[]): FilterTarget => ({ path: keys });
const cmp = (op: CompareOp, target: FilterTarget, value: Value, type: ValueType = 'string', caseExact = false): DocumentFilter => ({ op, target, type, caseExact, value });
const exact = (op: CompareOp, target: FilterTarget, value: Value, type: ValueType = 'string') => cmp(op, target, value, type, true);
const pr = (target: FilterTarget): DocumentFilter => ({ op: 'pr', target });
const not = (filter: DocumentFilter): DocumentFilter => ({ op: 'not', filter });
const and = (...filters: DocumentFilter[]): DocumentFilter => ({ op: 'and', filters });
const or = (...filters: DocumentFilter[]): DocumentFilter => ({ op: 'or', filters });
const el = (op: CompareOp, key: string | undefined, value: Value, caseExact = false): ElementFilter => ({ op, target: { path: key === undefined ? [] : [key] }, type: 'string', caseExact, value });
const some = (arrayPath: string, filter: ElementFilter): DocumentFilter => ({ op: 'some', path: [arrayPath], filter });
const rel = (op: CompareOp, target: 'id' | 'display', value: Value, caseExact = false): RelatedFilter => ({ op, target: { related: target }, type: 'string', caseExact, value });
const sortBy = (target: FilterTarget, type: ValueType, descending = false, caseExact = false): SortKey => ({ target, type, caseExact, descending });

describe('source filter SQL: user host fields', () => {
  it('compiles userName eq to the expression the lower() name indexes serve', () => {
    const params: unknown[] = [];
    expect(filterSql('user', cmp('eq', field('name'), 'Alice'), params)).toBe('lower(u.username) = lower(?::text)');
    expect(filterSql('group', cmp('eq', field('name'), 'Admins'), params)).toBe('lower(g.name) = lower(?::text)');
    expect(params).toEqual(['Alice', 'Admins']);
  });

  it('matches userName regardless of case unless caseExact', async () => {
    expect(await users(cmp('eq', field('name'), 'ALICE'))).toEqual(['alice']);
    expect(await users(cmp('eq', field('name'), 'bob'))).toEqual(['Bob']);
    expect(await users(exact('eq', field('name'), 'bob'))).toEqual([]);
    expect(await users(exact('eq', field('name'), 'Bob'))).toEqual(['Bob']);
  });

  it('applies co, sw and ew to host strings with and without case', async () => {
    expect(await users(cmp('co', field('displayName'), 'A'))).toEqual(['alice', 'dave']);
    expect(await users(exact('co', field('displayName'), 'A'))).toEqual(['alice']);
    expect(await users(cmp('sw', field('displayName'), 'b'))).toEqual(['Bob']);
    expect(await users(exact('sw', field('displayName'), 'b'))).toEqual([]);
    expect(await users(cmp('ew', field('displayName'), 'DOE'))).toEqual(['dave']);
    expect(await users(cmp('ew', field('email'), '@example.com'))).toEqual(['alice', 'Bob', 'dave', 'eve']);
  });

  it('orders host strings bytewise for gt, ge, lt and le', async () => {
    expect(await users(cmp('gt', field('displayName'), 'C'))).toEqual(['dave', 'eve']);
    expect(await users(cmp('ge', field('displayName'), 'dave doe'))).toEqual(['dave', 'eve']);
    expect(await users(cmp('lt', field('displayName'), 'b'))).toEqual(['alice', 'carol']);
    expect(await users(cmp('le', field('displayName'), 'BOB BROWN'))).toEqual(['alice', 'Bob', 'carol']);
    expect(await users(exact('lt', field('displayName'), 'a'))).toEqual(ALL);
    expect(await users(exact('gt', field('displayName'), 'a'))).toEqual([]);
  });

  it('holds ne where the host value is missing', async () => {
    expect(await users(exact('ne', field('externalId'), 'ext-a'))).toEqual(['Bob', 'carol', 'dave', 'eve']);
    expect(await users(cmp('ne', field('email'), 'ALICE@example.com'))).toEqual(['Bob', 'carol', 'dave', 'eve']);
    expect(await users(exact('eq', field('externalId'), 'ext-a'))).toEqual(['alice']);
  });

  it('compares id as a uuid, with a non-UUID value equal to nothing', async () => {
    expect(await users(cmp('eq', field('id'), ID.dave))).toEqual(['dave']);
    expect(await users(cmp('eq', field('id'), ID.dave.toUpperCase()))).toEqual(['dave']);
    expect(await users(cmp('ne', field('id'), ID.dave))).toEqual(['alice', 'Bob', 'carol', 'eve']);
    expect(await users(cmp('eq', field('id'), 'not-a-uuid'))).toEqual([]);
    expect(await users(cmp('ne', field('id'), 'not-a-uuid'))).toEqual(ALL);
    expect(await users(cmp('sw', field('id'), 'C3333'))).toEqual(['carol']);
    expect(await users(cmp('gt', field('id'), 'd'))).toEqual(['dave', 'eve']);
  });

  it('compares active as a boolean', async () => {
    expect(await users(cmp('eq', field('active'), false, 'boolean'))).toEqual(['carol']);
    expect(await users(cmp('eq', field('active'), true, 'boolean'))).toEqual(['alice', 'Bob', 'dave', 'eve']);
    expect(await users(cmp('ne', field('active'), true, 'boolean'))).toEqual(['carol']);
  });

  it('compares created and lastModified as timestamps at millisecond precision', async () => {
    expect(await users(cmp('eq', field('lastModified'), '2024-03-01T00:00:00.123Z', 'dateTime'))).toEqual(['alice']);
    expect(await users(cmp('eq', field('lastModified'), '2024-03-01T02:00:00.123+02:00', 'dateTime'))).toEqual(['alice']);
    expect(await users(cmp('ge', field('created'), '2024-03-01T00:00:00Z', 'dateTime'))).toEqual(['carol', 'dave', 'eve']);
    expect(await users(cmp('lt', field('created'), '2024-02-01T01:00:00+02:00', 'dateTime'))).toEqual(['alice']);
    expect(await users(cmp('le', field('created'), '2024-02-01T00:00:00', 'dateTime'))).toEqual(['alice', 'Bob']);
    expect(await users(cmp('gt', field('created'), '2024-04-01T00:00:00Z', 'dateTime'))).toEqual(['eve']);
  });

  it('matches timestamps as ISO 8601 UTC text for co, sw and ew', async () => {
    expect(await users(cmp('co', field('created'), '-02-', 'dateTime'))).toEqual(['Bob']);
    expect(await users(cmp('sw', field('created'), '2024-0', 'dateTime'))).toEqual(ALL);
    expect(await users(cmp('ew', field('lastModified'), 'T00:00:00.123Z', 'dateTime'))).toEqual(['alice']);
  });

  it('equals nothing for a dateTime value that is no timestamp, and ne holds everywhere', async () => {
    expect(await users(cmp('eq', field('created'), 'yesterday', 'dateTime'))).toEqual([]);
    expect(await users(cmp('gt', field('created'), '2024-02-30T00:00:00Z', 'dateTime'))).toEqual([]);
    expect(await users(cmp('ne', field('created'), 'yesterday', 'dateTime'))).toEqual(ALL);
  });

  it('reads pr on host strings as not empty', async () => {
    expect(await users(pr(field('email')))).toEqual(['alice', 'Bob', 'dave', 'eve']);
    expect(await users(pr(field('externalId')))).toEqual(['alice', 'Bob', 'dave', 'eve']);
    expect(await users(pr(field('id')))).toEqual(ALL);
    expect(await users(not(pr(field('displayName'))))).toEqual(['carol']);
  });

  it('rejects a host field compared as another type', () => {
    expect(() => filterSql('user', cmp('eq', field('active'), 'true'), [])).toThrow(/active compares as boolean/);
  });
});

describe('source filter SQL: document paths', () => {
  it('compares strings at top-level, nested and extension (URN) paths', async () => {
    expect(await users(cmp('eq', path('title'), 'ENGINEER'))).toEqual(['alice', 'Bob']);
    expect(await users(exact('eq', path('title'), 'Engineer'))).toEqual(['alice']);
    expect(await users(cmp('sw', path('name', 'givenName'), 'b'))).toEqual(['Bob']);
    expect(await users(cmp('eq', path(ENTERPRISE, 'employeeNumber'), '100'))).toEqual(['alice']);
    expect(await users(cmp('eq', path(ENTERPRISE, 'manager', 'value'), ID.bob))).toEqual(['alice']);
    expect(await users(cmp('gt', path('title'), 'f'))).toEqual(['dave']);
  });

  it('escapes %, _ and backslash in co, sw and ew', async () => {
    expect(await users(cmp('co', path('note'), '50%'))).toEqual(['alice']);
    expect(await users(cmp('co', path('code'), 'a_b'))).toEqual(['Bob']);
    expect(await users(cmp('co', path('code'), 'a\\b'))).toEqual(['dave']);
    expect(await users(cmp('ew', path('path'), '\\DIR'))).toEqual(['carol']);
    expect(await users(cmp('sw', path('note'), '%'))).toEqual([]);
  });

  it('holds ne and not where the document value is missing', async () => {
    expect(await users(cmp('ne', path('title'), 'engineer'))).toEqual(['carol', 'dave', 'eve']);
    expect(await users(not(exact('eq', path('title'), 'Engineer')))).toEqual(['Bob', 'carol', 'dave', 'eve']);
    expect(await users(not(cmp('gt', path('x-count'), 1, 'number')))).toEqual(['carol', 'dave', 'eve']);
    expect(await users(not(and(cmp('co', path('title'), 'engineer'), cmp('eq', path('nickname'), 'al'))))).toEqual(['Bob', 'carol', 'dave', 'eve']);
    expect(await users(not(not(cmp('eq', path('title'), 'manager'))))).toEqual(['dave']);
  });

  it('reads pr as neither missing nor JSON null, "", [] or {}', async () => {
    expect(await users(pr(path('nickname')))).toEqual(['alice']);
    expect(await users(pr(path('tags')))).toEqual(['alice', 'eve']);
    expect(await users(not(pr(path('tags'))))).toEqual(['Bob', 'carol', 'dave']);
    expect(await users(cmp('eq', path('nickname'), null))).toEqual(['Bob', 'carol', 'dave', 'eve']);
    expect(await users(cmp('ne', path('nickname'), null))).toEqual(['alice']);
    expect(await users(cmp('gt', path('nickname'), null))).toEqual([]);
  });

  it('compares numbers with JSON numbers only, so "abc" neither matches nor fails', async () => {
    expect(await users(cmp('gt', path('x-count'), 4, 'number'))).toEqual(['alice', 'Bob']);
    expect(await users(cmp('ge', path('x-count'), 5, 'number'))).toEqual(['alice', 'Bob']);
    expect(await users(cmp('lt', path('x-count'), 0, 'number'))).toEqual(['dave']);
    expect(await users(cmp('le', path('x-count'), 5, 'number'))).toEqual(['alice', 'dave']);
    expect(await users(cmp('eq', path('x-count'), 12.5, 'number'))).toEqual(['Bob']);
    expect(await users(cmp('ne', path('x-count'), 5, 'number'))).toEqual(['Bob', 'carol', 'dave', 'eve']);
    expect(await users(cmp('eq', path('x-count'), '5', 'number'))).toEqual([]);
    expect(await users(cmp('ne', path('x-count'), '5', 'number'))).toEqual(ALL);
  });

  it('compares booleans as JSON booleans, not as strings', async () => {
    expect(await users(cmp('eq', path('x-flag'), true, 'boolean'))).toEqual(['alice']);
    expect(await users(cmp('eq', path('x-flag'), false, 'boolean'))).toEqual(['Bob']);
    expect(await users(cmp('ne', path('x-flag'), true, 'boolean'))).toEqual(['Bob', 'carol', 'dave', 'eve']);
  });

  it('rejects operators a type does not define', () => {
    expect(() => filterSql('user', cmp('gt', path('x-flag'), true, 'boolean'), [])).toThrow(/does not apply to booleans/);
    expect(() => filterSql('user', cmp('co', path('x-count'), 1, 'number'), [])).toThrow(/does not apply to numbers/);
  });

  it('compares dateTimes across offsets and skips strings that are no dateTime (Feb 30 included)', async () => {
    expect(await users(cmp('eq', path('x-when'), '2024-01-15T10:00:00Z', 'dateTime'))).toEqual(['alice', 'Bob']);
    expect(await users(cmp('gt', path('x-when'), '2024-01-01T00:00:00Z', 'dateTime'))).toEqual(['alice', 'Bob']);
    expect(await users(cmp('lt', path('x-when'), '2024-01-01T00:00:00', 'dateTime'))).toEqual(['dave']);
    expect(await users(cmp('ne', path('x-when'), '2024-01-15T10:00:00Z', 'dateTime'))).toEqual(['carol', 'dave', 'eve']);
    expect(await users(cmp('sw', path('x-when'), '2021-02-30', 'dateTime'))).toEqual(['eve']);
    expect(await users(not(cmp('le', path('x-when'), '2099-01-01T00:00:00Z', 'dateTime')))).toEqual(['carol', 'eve']);
  });

  it('binds every key and value as a parameter, never as SQL text', async () => {
    const filter = cmp('eq', path(WEIRD_KEY), `IT'S; DROP TABLE core_user`);
    const params: unknown[] = [];
    const text = filterSql('user', filter, params);
    expect(text).not.toContain('we"ird');
    expect(text).not.toContain('DROP');
    expect(text.split('?').length - 1).toBe(params.length);
    expect(await users(filter)).toEqual(['alice']);
  });
});

describe('source filter SQL: some element of an array', () => {
  const workAtX = (caseExact = false): DocumentFilter => some('emails', { op: 'and', filters: [el('eq', 'type', 'work'), el('co', 'value', '@x.', caseExact)] });

  it('requires one element to meet every condition inside the brackets', async () => {
    expect(await users(workAtX())).toEqual(['alice', 'dave']);
    expect(await users(workAtX(true))).toEqual(['alice']);
    expect(await users(and(some('emails', el('eq', 'type', 'work')), some('emails', el('co', 'value', '@x.'))))).toEqual(['alice', 'Bob', 'dave']);
  });

  it('matches either condition of an or within an element', async () => {
    const filter = some('emails', { op: 'or', filters: [el('ew', 'value', 'corp.example'), el('eq', 'type', 'home')] });
    expect(await users(filter)).toEqual(['alice', 'Bob']);
  });

  it('negates a condition within one element', async () => {
    expect(await users(some('emails', { op: 'not', filter: el('eq', 'type', 'work') }))).toEqual(['alice', 'Bob']);
    expect(await users(some('emails', { op: 'pr', target: { path: ['primary'] } }))).toEqual(['alice']);
  });

  it('matches arrays of plain values through the element itself', async () => {
    expect(await users(some('tags', el('eq', undefined, 'BLUE')))).toEqual(['alice']);
    expect(await users(some('phones', el('sw', undefined, '+44')))).toEqual(['eve']);
  });

  it('finds nothing, without failing, where the path holds no array', async () => {
    expect(await users(some('tags', { op: 'pr', target: { path: [] } }))).toEqual(['alice', 'eve']);
    expect(await users(some('emails', el('eq', undefined, 'not-an-array')))).toEqual([]);
    expect(await users(not(some('emails', el('eq', 'type', 'work'))))).toEqual(['carol', 'eve']);
  });
});

describe('source filter SQL: related objects', () => {
  it('finds users by their groups, by id and by display', async () => {
    expect(await users({ op: 'related', relation: 'groups', filter: rel('eq', 'id', GROUP.admins) })).toEqual(['alice', 'Bob']);
    expect(await users({ op: 'related', relation: 'groups', filter: rel('eq', 'display', 'STAFF') })).toEqual(['carol']);
    expect(await users({ op: 'related', relation: 'groups', filter: rel('eq', 'display', 'STAFF', true) })).toEqual([]);
    expect(await users({ op: 'related', relation: 'groups', filter: rel('eq', 'id', 'admins') })).toEqual([]);
    expect(await users(not({ op: 'related', relation: 'groups', filter: rel('sw', 'display', 'a') }))).toEqual(['carol', 'dave', 'eve']);
  });

  it('finds groups by their members, by id and by display', async () => {
    expect(await groups({ op: 'related', relation: 'members', filter: rel('eq', 'id', ID.alice) })).toEqual(['Admins']);
    expect(await groups({ op: 'related', relation: 'members', filter: rel('eq', 'display', 'CAROL') })).toEqual(['staff']);
    expect(await groups({ op: 'related', relation: 'members', filter: rel('ne', 'id', 'nope') })).toEqual(['Admins', 'staff']);
    expect(await groups({ op: 'related', relation: 'members', filter: { op: 'and', filters: [rel('eq', 'display', 'alice'), rel('eq', 'display', 'bob')] } })).toEqual([]);
    expect(await groups(not({ op: 'related', relation: 'members', filter: { op: 'pr', target: { related: 'id' } } }))).toEqual(['Empty']);
  });

  it('rejects a relation the kind lacks', () => {
    expect(() => filterSql('user', { op: 'related', relation: 'members', filter: rel('eq', 'id', ID.alice) }, [])).toThrow(/no related 'members'/);
  });
});

describe('source filter SQL: group host fields', () => {
  it('maps id, name, displayName and externalId onto the group', async () => {
    expect(await groups(cmp('eq', field('name'), 'ADMINS'))).toEqual(['Admins']);
    expect(await groups(cmp('sw', field('displayName'), 'st'))).toEqual(['staff']);
    expect(await groups(cmp('eq', field('id'), GROUP.empty))).toEqual(['Empty']);
    expect(await groups(exact('eq', field('externalId'), 'g-staff'))).toEqual(['staff']);
    expect(await groups(cmp('eq', path('displayName'), 'empty'))).toEqual(['Empty']);
  });

  it('throws on email and active, which groups do not have', () => {
    expect(() => filterSql('group', cmp('eq', field('email'), 'x'), [])).toThrow(/no host field 'email'/);
    expect(() => filterSql('group', pr(field('active')), [])).toThrow(/no host field 'active'/);
  });
});

describe('source filter SQL: sorting', () => {
  const everyone = and();

  it('orders by pk alone without a sort key', () => {
    const params: unknown[] = [];
    expect(orderSql('user', undefined, params)).toBe('u.pk');
    expect(orderSql('group', undefined, params)).toBe('g.num_pk');
    expect(params).toEqual([]);
  });

  it('sorts document strings without case, missing values last, ties by pk', async () => {
    expect(await users(everyone, sortBy(path('title'), 'string'))).toEqual(['alice', 'Bob', 'dave', 'carol', 'eve']);
  });

  it('puts missing values first when descending, ties still by pk', async () => {
    expect(await users(everyone, sortBy(path('title'), 'string', true))).toEqual(['carol', 'eve', 'dave', 'alice', 'Bob']);
  });

  it('sorts case-exact strings bytewise', async () => {
    expect(await users(everyone, sortBy(path('title'), 'string', false, true))).toEqual(['alice', 'dave', 'Bob', 'carol', 'eve']);
    expect(await users(everyone, sortBy(field('name'), 'string', false, true))).toEqual(['Bob', 'alice', 'carol', 'dave', 'eve']);
  });

  it('sorts numbers and dateTimes by value, values of another type counting as missing', async () => {
    expect(await users(everyone, sortBy(path('x-count'), 'number'))).toEqual(['dave', 'alice', 'Bob', 'carol', 'eve']);
    expect(await users(everyone, sortBy(path('x-count'), 'number', true))).toEqual(['carol', 'eve', 'Bob', 'alice', 'dave']);
    expect(await users(everyone, sortBy(path('x-when'), 'dateTime'))).toEqual(['dave', 'alice', 'Bob', 'carol', 'eve']);
    expect(await users(everyone, sortBy(path('x-flag'), 'boolean'))).toEqual(['Bob', 'alice', 'carol', 'dave', 'eve']);
  });

  it('sorts host fields by their type', async () => {
    expect(await users(everyone, sortBy(field('created'), 'dateTime', true))).toEqual(['eve', 'dave', 'carol', 'Bob', 'alice']);
    expect(await users(everyone, sortBy(field('displayName'), 'string'))).toEqual(['carol', 'alice', 'Bob', 'dave', 'eve']);
    expect(await users(everyone, sortBy(field('active'), 'boolean'))).toEqual(['carol', 'alice', 'Bob', 'dave', 'eve']);
    expect(await users(everyone, sortBy(field('externalId'), 'string', false, true))).toEqual(['alice', 'Bob', 'dave', 'eve', 'carol']);
  });

  it('sorts groups by name, num_pk breaking ties', async () => {
    expect(await groups(everyone, sortBy(field('displayName'), 'string'))).toEqual(['Admins', 'Empty', 'staff']);
    expect(await groups(everyone, sortBy(path('nothing'), 'string'))).toEqual(['Admins', 'staff', 'Empty']);
  });
});

describe('source filter SQL: scope and limits', () => {
  it('never returns objects of another source, nor users without an object', async () => {
    expect(await users(exact('eq', path('title'), 'Engineer'))).toEqual(['alice']);
    expect(await users(exact('eq', path('title'), 'Engineer'), undefined, SOURCE.two)).toEqual(['mallory']);
    expect(await users(exact('eq', field('externalId'), 'ext-a'), undefined, SOURCE.two)).toEqual(['alice', 'mallory']);
    expect(await users(cmp('eq', field('name'), 'zed'))).toEqual([]);
    expect(await groups(cmp('eq', field('name'), 'Other'))).toEqual([]);
  });

  it('rejects trees deeper than 64 levels or with more than 1000 nodes', () => {
    const leaf = cmp('eq', field('name'), 'x');
    const nested = (depth: number) => Array.from({ length: depth - 1 }).reduce<DocumentFilter>((f) => not(f), leaf);
    expect(() => filterSql('user', nested(64), [])).not.toThrow();
    expect(() => filterSql('user', nested(65), [])).toThrow(/deeper than 64/);
    expect(() => filterSql('user', or(...Array.from({ length: 999 }, () => leaf)), [])).not.toThrow();
    expect(() => filterSql('user', or(...Array.from({ length: 1000 }, () => leaf)), [])).toThrow(/more than 1000 nodes/);
  });
});

describe('source filter SQL: SCIMMY match vectors', () => {
  const [adele, grady, lynne, megan] = SCIMMY_USERS.map((u) => u.userName);
  const userName = field('name');
  const date = (op: CompareOp, value: string) => exact(op, path('date'), value, 'dateTime');
  const num = (op: CompareOp, value: Value) => exact(op, path('number'), value, 'number');
  const emails = (...filters: ElementFilter[]) => some('emails', filters.length === 1 ? filters[0] : { op: 'and', filters });
  // SCIMMY's matcher compares these strings case-sensitively, so the translations are caseExact.
  const cases: [string, DocumentFilter, string[]][] = [
    ['userName eq "AdeleV"', exact('eq', userName, 'AdeleV'), [adele]],
    ['userName ne "AdeleV"', exact('ne', userName, 'AdeleV'), [grady, lynne, megan]],
    ['userName co "A"', exact('co', userName, 'A'), [adele, grady]],
    ['userName sw "A"', exact('sw', userName, 'A'), [adele]],
    ['userName ew "A"', exact('ew', userName, 'A'), [grady]],
    ['userName pr', pr(userName), [adele, grady, lynne, megan]],
    ['not (userName pr)', not(pr(userName)), []],
    ['not (userName sw "A")', not(exact('sw', userName, 'A')), [grady, lynne, megan]],
    ['number gt 9', num('gt', 9), [lynne]],
    ['number ge 9', num('ge', 9), [lynne, megan]],
    ['number lt 6', num('lt', 6), [adele]],
    ['number le 6', num('le', 6), [adele, grady]],
    ['number eq 6', num('eq', 6), [grady]],
    ['number eq "6"', num('eq', '6'), []],
    ['number ne "6"', num('ne', '6'), [adele, grady, lynne, megan]],
    ['exists pr', pr(path('exists')), [adele, lynne]],
    ['not (exists pr)', not(pr(path('exists'))), [grady, megan]],
    ['exists eq null', exact('eq', path('exists'), null, 'boolean'), [grady, megan]],
    ['exists ne null', exact('ne', path('exists'), null, 'boolean'), [adele, lynne]],
    ['exists eq true', exact('eq', path('exists'), true, 'boolean'), [adele]],
    ['name.formatted co "a"', exact('co', path('name', 'formatted'), 'a'), [adele, grady, megan]],
    ['name.formatted ew "e"', exact('ew', path('name', 'formatted'), 'e'), [adele, grady]],
    ['emails[type eq "work"]', emails(el('eq', 'type', 'work', true)), [adele, lynne, megan]],
    ['emails[value ew "example.net"]', emails(el('ew', 'value', 'example.net', true)), [adele, megan]],
    ['emails[type eq "work" and value ew "example.net"]', emails(el('eq', 'type', 'work', true), el('ew', 'value', 'example.net', true)), [adele]],
    ['date gt "2021-08-05T12:00:00Z"', date('gt', '2021-08-05T12:00:00Z'), [grady, megan]],
    ['date ge "2021-09-08T23:02:28.986Z"', date('ge', '2021-09-08T23:02:28.986Z'), [grady, megan]],
    ['date le "2021-09-08T23:02:28.986Z"', date('le', '2021-09-08T23:02:28.986Z'), [adele, lynne, megan]],
    ['not (date le "2021-09-08T23:02:28.986Z")', not(date('le', '2021-09-08T23:02:28.986Z')), [grady]],
    ['date co "2021-09"', date('co', '2021-09'), [grady, megan]],
    ['not (date co "2021-09")', not(date('co', '2021-09')), [adele, lynne]],
    ['userName co "e" and userName ew "V"', and(exact('co', userName, 'e'), exact('ew', userName, 'V')), [adele]],
    ['number ge 6 and number le 9', and(num('ge', 6), num('le', 9)), [grady, megan]],
    ['name.formatted co "an" or userName co "ad"', or(exact('co', path('name', 'formatted'), 'an'), exact('co', userName, 'ad')), [adele, grady, megan]],
    ['date gt "2021-09-08T00:00:00Z" or userName co "a"', or(date('gt', '2021-09-08T00:00:00Z'), exact('co', userName, 'a')), [grady, megan]],
  ];

  it.each(cases)('%s matches as SCIMMY expects', async (_expression, filter, expected) => {
    expect(await users(filter, undefined, SOURCE.scimmy)).toEqual(expected);
  });
});

describe('source filter SQL: running it', () => {
  it('runs through MikroORM, which inlines the bound values', async () => {
    const params: unknown[] = [SOURCE.one];
    const where = filterSql('user', or(cmp('co', path('code'), 'a\\b'), cmp('co', path('note'), '50%'), cmp('eq', path(WEIRD_KEY), `it's; drop table core_user`)), params);
    const order = orderSql('user', sortBy(path('title'), 'string', true), params);
    const rows = await orm.em.getConnection().execute<{ username: string }[]>(`select u.username ${SOURCE_OBJECT_FROM.user} and (${where}) order by ${order}`, params);
    expect(rows.map((r: { username: string }) => r.username)).toEqual(['dave', 'alice']);
  });

  it('serves userName eq on 2000 users from core_user_username_lower_index', async () => {
    await client.query(`insert into core_user (pk, uuid, username, name) select 10000 + i, gen_random_uuid(), 'bulk' || i, 'Bulk ' || i from generate_series(1, 2000) i`);
    await client.query(`insert into sources_object (source_pk, kind, user_pk) select $1, 'user', 10000 + i from generate_series(1, 2000) i`, [SOURCE.bulk]);
    await client.query('analyze core_user');
    await client.query('analyze sources_object');
    const params: unknown[] = [SOURCE.bulk];
    const where = filterSql('user', cmp('eq', field('name'), 'BULK1234'), params);
    const plan = await client.query<{ 'QUERY PLAN': string }>(numbered(`explain select u.username ${SOURCE_OBJECT_FROM.user} and (${where})`), params);
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('core_user_username_lower_index');
    expect(await users(cmp('eq', field('name'), 'BULK1234'), undefined, SOURCE.bulk)).toEqual(['bulk1234']);
  });
});
