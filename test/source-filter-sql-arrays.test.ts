import { describe, expect, it } from 'vitest';
import type { DocumentFilter } from '../plugins/sdk/source-filter.ts';
import { and, el, not, some, useSourceFilterFixture } from './support/source-filter-fixture.ts';

const { users } = useSourceFilterFixture();

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
