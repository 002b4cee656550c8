import { describe, expect, it } from 'vitest';
import { filterSql } from '../services/sources/filter-sql.ts';
import { GROUP, ID, not, rel, useSourceFilterFixture } from './support/source-filter-fixture.ts';

const { users, groups } = useSourceFilterFixture();

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
