import { describe, expect, it } from 'vitest';
import { filterSql } from '../services/sources/filter-sql.ts';
import { ALL, and, cmp, ENTERPRISE, exact, ID, not, path, pr, useSourceFilterFixture, WEIRD_KEY } from './support/source-filter-fixture.ts';

const { users } = useSourceFilterFixture();

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
