import { describe, expect, it } from 'vitest';
import { orderSql } from '../services/sources/filter-sql.ts';
import { and, field, path, sortBy, useSourceFilterFixture } from './support/source-filter-fixture.ts';

const { users, groups } = useSourceFilterFixture();

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
