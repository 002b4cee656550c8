import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrm, migrate } from '../services/kernel/orm.ts';
import { MODELS } from '../services/models.ts';
import { hostRecordStore } from '../services/servers/record-store.ts';
import { createTestDatabase, query } from './support/database.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await createOrm({ database: { kind: 'postgres', url: db.url }, models: MODELS });
  await migrate(orm);
});

afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

/** A store of one server over the test database (each test names its own server, so tests share no records). */
const storeOf = (server: string) => hostRecordStore(() => orm.em.fork() as EntityManager, server);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('host record store', () => {
  it('round-trips a record, and a replacement resets its consumption and lookup keys', async () => {
    const store = storeOf('round-trip');
    const payload = { accountId: '42', scopes: ['openid', 'email'], nested: { n: 1, ok: true, none: null } };
    const before = Date.now();
    await store.put('Session', 's1', payload, { expiresIn: 600, uid: 'u1' });
    const read = await store.get('Session', 's1');
    expect(read).toEqual({ id: 's1', payload, expiresAt: expect.any(Date), consumedAt: null });
    expect(read!.expiresAt!.getTime() - before).toBeGreaterThan(590_000);
    expect(read!.expiresAt!.getTime() - before).toBeLessThan(610_000);
    expect(await store.get('Other', 's1')).toBeUndefined();

    expect(await store.consume('Session', 's1')).toBe(true);
    expect((await store.get('Session', 's1'))!.consumedAt).toBeInstanceOf(Date);
    await store.put('Session', 's1', { replaced: true });
    expect(await store.get('Session', 's1')).toEqual({ id: 's1', payload: { replaced: true }, expiresAt: null, consumedAt: null });
    expect(await store.findBy('Session', 'uid', 'u1')).toBeUndefined();
    expect(await store.consume('Session', 's1')).toBe(true);
  });

  it('hides expired records from every read and from consume', async () => {
    const store = storeOf('expiry');
    await store.put('Code', 'past', { a: 1 }, { expiresIn: -5, uid: 'past-uid', userCode: 'PAST' });
    await store.put('Code', 'soon', { a: 2 }, { expiresIn: 1, uid: 'soon-uid' });
    expect(await store.get('Code', 'past')).toBeUndefined();
    expect(await store.findBy('Code', 'uid', 'past-uid')).toBeUndefined();
    expect(await store.findBy('Code', 'userCode', 'PAST')).toBeUndefined();
    expect(await store.consume('Code', 'past')).toBe(false);
    expect((await store.list('Code', '')).map((r) => r.id)).toEqual(['soon']);

    expect((await store.get('Code', 'soon'))?.payload).toEqual({ a: 2 });
    await sleep(1_200);
    expect(await store.get('Code', 'soon')).toBeUndefined();
    expect(await store.findBy('Code', 'uid', 'soon-uid')).toBeUndefined();
    expect(await store.list('Code', '')).toEqual([]);
    await expect(store.put('Code', 'nan', {}, { expiresIn: Number.NaN })).rejects.toThrow(RangeError);
  });

  it('finds a record by uid or user code within its kind', async () => {
    const store = storeOf('lookup');
    await store.put('Interaction', 'i1', { step: 'login' }, { uid: 'uid-1' });
    await store.put('DeviceCode', 'd1', { device: true }, { userCode: 'ABCD-EFGH', uid: 'uid-1' });
    expect((await store.findBy('Interaction', 'uid', 'uid-1'))?.id).toBe('i1');
    expect((await store.findBy('DeviceCode', 'uid', 'uid-1'))?.id).toBe('d1');
    expect((await store.findBy('DeviceCode', 'userCode', 'ABCD-EFGH'))?.payload).toEqual({ device: true });
    expect(await store.findBy('Interaction', 'userCode', 'ABCD-EFGH')).toBeUndefined();
    expect(await store.findBy('DeviceCode', 'userCode', 'abcd-efgh')).toBeUndefined();
  });

  it('lists the ids that start with a prefix literally, oldest first', async () => {
    const store = storeOf('list');
    for (const id of ['key:b', 'key:a', 'other:a', 'key%x', 'key_y', 'keyzz', 'key\\w', 'key\\%']) await store.put('Key', id, { id });
    await store.put('NotKey', 'key:c', {});
    expect((await store.list('Key', 'key:')).map((r) => r.id)).toEqual(['key:b', 'key:a']);
    expect((await store.list('Key', 'key%')).map((r) => r.id)).toEqual(['key%x']);
    expect((await store.list('Key', 'key_')).map((r) => r.id)).toEqual(['key_y']);
    expect((await store.list('Key', 'key\\')).map((r) => r.id)).toEqual(['key\\w', 'key\\%']);
    expect((await store.list('Key', 'key\\%')).map((r) => r.id)).toEqual(['key\\%']);
    expect((await store.list('Key', '')).map((r) => r.id)).toEqual(['key:b', 'key:a', 'other:a', 'key%x', 'key_y', 'keyzz', 'key\\w', 'key\\%']);

    await query(db.url, `update servers_record set created = '2020-01-01' where server = 'list' and kind = 'Key' and id in ('key:a', 'key:b')`);
    expect((await store.list('Key', 'key:')).map((r) => r.id)).toEqual(['key:a', 'key:b']);
    await store.put('Key', 'key:a', { replaced: true });
    expect((await store.list('Key', 'key:')).map((r) => r.id)).toEqual(['key:a', 'key:b']);
  });

  it('adds a record only when no live one has its id: one of racing callers wins, an expired one is replaced', async () => {
    const store = storeOf('add');
    const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => store.add('key', 'k1', { by: i })));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect((await store.get('key', 'k1'))!.payload).toEqual({ by: wins.indexOf(true) });
    expect(await store.add('old', 'k2', { v: 1 }, { expiresIn: -1 })).toBe(true);
    expect(await store.add('old', 'k2', { v: 2 })).toBe(true);
    expect((await store.get('old', 'k2'))!.payload).toEqual({ v: 2 });
    expect(await store.add('old', 'k2', { v: 3 })).toBe(false);
  });

  it('removes every record whose id starts with a prefix, of any kind, taken literally, in its own server only', async () => {
    const store = storeOf('remove-all');
    const other = storeOf('remove-all-other');
    for (const [kind, id] of [['Session', '7:a'], ['AccessToken', '7:b'], ['key', '7:c'], ['Session', '70:a'], ['Session', '7%x']]) await store.put(kind, id, { id });
    await other.put('Session', '7:a', { id: 'other' });
    await store.removeAll('7:');
    expect(await store.get('Session', '7:a')).toBeUndefined();
    expect(await store.get('AccessToken', '7:b')).toBeUndefined();
    expect(await store.get('key', '7:c')).toBeUndefined();
    expect((await store.get('Session', '70:a'))!.payload).toEqual({ id: '70:a' });
    await store.removeAll('7%');
    expect((await store.get('Session', '70:a'))!.payload).toEqual({ id: '70:a' });
    expect(await store.get('Session', '7%x')).toBeUndefined();
    expect((await other.get('Session', '7:a'))!.payload).toEqual({ id: 'other' });
  });

  it('lets exactly one of racing callers consume a record', async () => {
    const store = storeOf('race');
    await store.put('AuthorizationCode', 'c1', { code: true }, { expiresIn: 60 });
    const results = await Promise.all(Array.from({ length: 10 }, () => storeOf('race').consume('AuthorizationCode', 'c1')));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.consume('AuthorizationCode', 'c1')).toBe(false);
  });

  it('removes one record, or every record of a grant of this server', async () => {
    const store = storeOf('grants');
    const neighbour = storeOf('grants-neighbour');
    await store.put('AccessToken', 'a1', {}, { grantId: 'g1' });
    await store.put('RefreshToken', 'r1', {}, { grantId: 'g1' });
    await store.put('AccessToken', 'a2', {}, { grantId: 'g2' });
    await store.put('Session', 's1', {});
    await neighbour.put('AccessToken', 'a1', {}, { grantId: 'g1' });

    await store.removeGrant('g1');
    expect(await store.get('AccessToken', 'a1')).toBeUndefined();
    expect(await store.get('RefreshToken', 'r1')).toBeUndefined();
    expect(await store.get('AccessToken', 'a2')).toBeDefined();
    expect(await store.get('Session', 's1')).toBeDefined();
    expect(await neighbour.get('AccessToken', 'a1')).toBeDefined();

    await store.remove('AccessToken', 'a2');
    expect(await store.get('AccessToken', 'a2')).toBeUndefined();
  });

  it('keeps servers apart', async () => {
    const one = storeOf('server-one');
    const two = storeOf('server-two');
    await one.put('Client', 'c', { owner: 'one' }, { uid: 'u', userCode: 'UC' });
    await two.put('Client', 'c', { owner: 'two' });
    expect((await one.get('Client', 'c'))?.payload).toEqual({ owner: 'one' });
    expect((await two.get('Client', 'c'))?.payload).toEqual({ owner: 'two' });
    expect(await two.findBy('Client', 'uid', 'u')).toBeUndefined();
    expect(await two.findBy('Client', 'userCode', 'UC')).toBeUndefined();
    expect(await two.consume('Client', 'c')).toBe(true);
    expect((await one.get('Client', 'c'))?.consumedAt).toBeNull();
    await two.remove('Client', 'c');
    expect(await one.get('Client', 'c')).toBeDefined();
    expect((await two.list('Client', '')).length).toBe(0);
  });

  it('sweeps the records of every server that expired over a minute ago', async () => {
    const one = storeOf('sweep-one');
    const two = storeOf('sweep-two');
    await one.put('Code', 'long-gone', {}, { expiresIn: -120 });
    await two.put('Code', 'long-gone', {}, { expiresIn: -61 });
    await one.put('Code', 'just-expired', {}, { expiresIn: -30 });
    await one.put('Code', 'live', {}, { expiresIn: 60 });
    await one.put('Code', 'forever', {});
    expect(await one.sweep()).toBe(2);
    const left = await query<{ server: string; id: string }>(db.url, `select server, id from servers_record where server like 'sweep-%' order by server, id`);
    expect(left).toEqual([{ server: 'sweep-one', id: 'forever' }, { server: 'sweep-one', id: 'just-expired' }, { server: 'sweep-one', id: 'live' }]);
    expect(await two.sweep()).toBe(0);
  });
});
