import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { ModelChangeEvent } from '../schemas/types.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../services/events/outbox-relay.ts';
import type { EventBus } from '../services/kernel/bus/event-bus.ts';
import { JetStreamBus } from '../services/kernel/bus/jetstream-bus.ts';
import { OutboxLogBus } from '../services/kernel/bus/outbox-log-bus.ts';
import { createOrm, migrate } from '../services/kernel/orm.ts';
import { MODELS } from '../services/models.ts';
import { User } from '../services/users/user.entity.ts';
import { createEffectsTable, effects, eventually, recordEffect } from './support/bus.ts';
import { createTestDatabase } from './support/database.ts';

const NATS = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const quiet = { info() {}, warn() {}, error() {} };

interface Setup {
  orm: MikroORM;
  bus: EventBus;
  relay: OutboxRelay;
  cleanup(): Promise<void>;
}

async function embedded(): Promise<Setup> {
  const dir = mkdtempSync(path.join(tmpdir(), 'idp-bus-'));
  const orm = await createOrm({ database: { kind: 'pglite', dataDir: dir }, models: MODELS });
  await migrate(orm);
  const bus = new OutboxLogBus(orm, quiet);
  return { orm, bus, relay: new OutboxRelay(orm, bus, quiet), cleanup: async () => { await orm.close(true); rmSync(dir, { recursive: true, force: true }); } };
}

async function jetstream(): Promise<Setup> {
  const db = await createTestDatabase();
  const orm = await createOrm({ database: { kind: 'postgres', url: db.url }, models: MODELS });
  await migrate(orm);
  const bus = await JetStreamBus.connect(orm, quiet, { url: NATS, prefix: `bus-test-${randomBytes(4).toString('hex')}` });
  return {
    orm, bus, relay: new OutboxRelay(orm, bus, quiet),
    cleanup: async () => {
      await bus.jsm.streams.delete(bus.streamName).catch(() => undefined);
      await bus.close();
      await orm.close(true);
      await db.drop();
    },
  };
}

async function createUsers(orm: MikroORM, names: string[]): Promise<void> {
  const em = orm.em.fork();
  for (const username of names) em.create(User, { uuid: crypto.randomUUID(), username } as never);
  await em.flush();
}

describe.each([['embedded outbox log', embedded], ['NATS JetStream', jetstream]])('model-change bus over %s', (_name, make) => {
  let s: Setup;
  beforeAll(async () => {
    s = await make();
    await createEffectsTable(s.orm);
    s.relay.start();
  });
  afterAll(async () => {
    await s?.relay.stop();
    await s?.cleanup();
  });

  it('delivers every committed change once, in order per object, and never a rolled-back one', async () => {
    const consumer = await s.bus.consume('orders', recordEffect('orders'));
    await createUsers(s.orm, ['o1', 'o2']);
    await (s.orm.em.fork() as EntityManager).transactional(async (em) => {
      em.create(User, { uuid: crypto.randomUUID(), username: 'rolled-back' } as never);
      await em.flush();
      throw new Error('rollback');
    }).catch(() => undefined);
    const em = s.orm.em.fork();
    const o1 = await em.findOneOrFail(User, { username: 'o1' });
    for (const name of ['a', 'b', 'c']) {
      o1.name = name;
      await em.flush();
    }
    await em.remove(o1).flush();

    const expected = await s.orm.em.getConnection().execute<{ id: string }[]>('select id from event_outbox order by seq');
    const seen = await eventually(() => effects(s.orm, 'orders'), (rows) => rows.length >= expected.length);
    expect(seen.map((r) => r.event_id).sort()).toEqual(expected.map((r: { id: string }) => r.id).sort());
    expect(seen.filter((r: { model_key: string }) => r.model_key === `user:${o1.pk}`).map((r: { type: string }) => r.type)).toEqual(['user.created', 'user.updated', 'user.updated', 'user.updated', 'user.deleted']);
    expect(seen.some((r: object) => JSON.stringify(r).includes('rolled-back'))).toBe(false);
    await consumer.stop();
  });

  it('has no duplicate effect when events are delivered again', async () => {
    const consumer = await s.bus.consume('dupes', recordEffect('dupes'));
    await createUsers(s.orm, ['d1']);
    const all = await s.orm.em.getConnection().execute<{ id: string }[]>('select id from event_outbox');
    await eventually(() => effects(s.orm, 'dupes'), (rows) => rows.length === all.length);
    await s.orm.em.getConnection().execute('update event_outbox set published_at = null');
    await s.relay.relayOnce();
    if (s.bus instanceof JetStreamBus) {
      const rows = await s.orm.em.getConnection().execute<{ type: string; payload: object }[]>('select type, payload from event_outbox');
      for (const row of rows) await s.bus.js.publish(s.bus.subjectFor(row.payload as ModelChangeEvent), new TextEncoder().encode(JSON.stringify([row.payload])));
    }
    await createUsers(s.orm, ['d2']);
    const after = await eventually(() => effects(s.orm, 'dupes'), (rows) => rows.length === all.length + 1);
    expect(new Set(after.map((r) => r.event_id)).size).toBe(after.length);
    await consumer.stop();
  });

  it('lets two replicas of one service share the work: each event once, each object in order', async () => {
    const replica = s.bus instanceof JetStreamBus ? await JetStreamBus.connect(s.orm, quiet, s.bus.opts) : s.bus;
    const a = await s.bus.consume('shared', recordEffect('shared'));
    const b = await replica.consume('shared', recordEffect('shared'));
    await createUsers(s.orm, Array.from({ length: 20 }, (_, i) => `shared-${i}`));
    const em = s.orm.em.fork();
    const users = await em.find(User, { username: { $like: 'shared-%' } });
    for (let round = 0; round < 5; round++) {
      for (const u of users) u.name = `round ${round}`;
      await em.flush();
    }
    const all = await s.orm.em.getConnection().execute<{ id: string; model_key: string }[]>(`select id, payload->'model'->>'name' || ':' || (payload->'model'->>'pk') model_key from event_outbox order by seq`);
    const seen = await eventually(() => effects(s.orm, 'shared'), (rows) => rows.length >= all.length);
    expect(new Set(seen.map((r) => r.event_id)).size).toBe(all.length);
    expect(seen).toHaveLength(all.length);
    for (const u of users) {
      const key = `user:${u.pk}`;
      expect(seen.filter((r) => r.model_key === key).map((r) => r.event_id), key).toEqual(all.filter((r: { model_key: string }) => r.model_key === key).map((r: { id: string }) => r.id));
    }
    await Promise.all([a.stop(), b.stop()]);
    if (replica !== s.bus) await replica.close();
  });

  it('reports how many rows wait to be relayed', async () => {
    await s.relay.stop();
    await createUsers(s.orm, ['pending-1', 'pending-2']);
    expect((await s.relay.stats()).pending).toBe(2);
    expect(await s.relay.relayOnce()).toBe(2);
    expect(await s.relay.stats()).toEqual({ pending: 0, lagSeconds: 0 });
    s.relay = new OutboxRelay(s.orm, s.bus, quiet);
    s.relay.start();
  });
});
