import { describe, expect, it } from 'vitest';
import { filterSql } from '../services/sources/filter-sql.ts';
import { ALL, cmp, exact, field, GROUP, ID, not, path, pr, useSourceFilterFixture } from './support/source-filter-fixture.ts';

const { users, groups } = useSourceFilterFixture();

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
