import { describe, expect, it } from 'vitest';
import type { DocumentFilter } from '../plugins/sdk/source-filter.ts';
import { filterSql } from '../services/sources/filter-sql.ts';
import { cmp, exact, field, not, or, path, SOURCE, useSourceFilterFixture } from './support/source-filter-fixture.ts';

const { users, groups } = useSourceFilterFixture();

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
