import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrm, migrate } from '../services/kernel/orm.ts';
import { MODELS } from '../services/models.ts';
import { User } from '../services/users/user.entity.ts';
import { eventually } from './support/bus.ts';
import { runIdp, type Child } from './support/child.ts';
import { createTestDatabase } from './support/database.ts';
import { startNatsServer } from './support/nats-server.ts';

/**
 * The bus's guarantees under real faults: processes are SIGKILLed at the moment that matters, and NATS itself is
 * killed and restarted. After each fault, every committed change must have had its effect (an event log entry)
 * exactly once.
 */
let nats: Awaited<ReturnType<typeof startNatsServer>>;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let orm: MikroORM;
let nc: NatsConnection;
let jsm: JetStreamManager;
const children: Child[] = [];
let counter = 0;

beforeAll(async () => {
  nats = await startNatsServer();
  db = await createTestDatabase();
  orm = await createOrm({ database: { kind: 'postgres', url: db.url }, models: MODELS });
  await migrate(orm);
  nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  jsm = await nc.jetstreamManager();
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.stop()));
});
afterAll(async () => {
  await nc?.close();
  await orm?.close(true);
  await db?.drop();
  await nats?.close();
});

function eventsProcess(namespace: string, transporter: string | null): Child {
  const child = runIdp(['start'], {
    SERVICES: 'events,policies', DATABASE_URL: db.url, NAMESPACE: namespace, LOG_LEVEL: 'warn', IDP_BUS_ACK_WAIT_MS: '1500',
    ...(transporter ? { TRANSPORTER: transporter } : {}),
  });
  children.push(child);
  return child;
}

async function writeUsers(n: number): Promise<void> {
  for (let i = 0; i < n; i += 250) {
    const em = orm.em.fork();
    for (let j = i; j < Math.min(n, i + 250); j++) em.create(User, { uuid: crypto.randomUUID(), username: `fault-${++counter}` } as never);
    await em.flush();
  }
}

const sql = <T = Record<string, unknown>>(q: string, params: unknown[] = []) => orm.em.getConnection().execute<T[]>(q, params);

/** Every outbox row has exactly one event log entry and one processed marker: nothing lost, nothing twice. */
async function expectAllHandledOnce(): Promise<void> {
  const [outbox] = await sql<{ n: string }>(`select count(*) n from event_outbox where type like 'user.%'`);
  await eventually(async () => Number((await sql<{ n: string }>(`select count(*) n from events_event where source_event is not null`))[0].n), (n) => n >= Number(outbox.n), 60_000);
  const [check] = await sql<{ events: string; distinct_sources: string; processed: string; missing: string }>(`
    select (select count(*) from events_event where source_event is not null) events,
           (select count(distinct source_event) from events_event) distinct_sources,
           (select count(*) from bus_processed where consumer = 'events') processed,
           (select count(*) from event_outbox o where not exists (select 1 from events_event e where e.source_event = o.id)) missing`);
  expect(Number(check.missing)).toBe(0);
  expect(Number(check.events)).toBe(Number(outbox.n));
  expect(Number(check.distinct_sources)).toBe(Number(outbox.n));
  expect(Number(check.processed)).toBe(Number(outbox.n));
}

async function streamCount(namespace: string): Promise<number> {
  try {
    return (await jsm.streams.info(`${namespace.toUpperCase().replace(/[^A-Z0-9_-]/g, '_')}_MODEL_EVENTS`)).state.messages;
  } catch {
    return 0;
  }
}

describe('bus faults', () => {
  it('delivers every change once when the relay is killed between publishing and marking', async () => {
    const namespace = `fault-relay-${randomBytes(3).toString('hex')}`;
    let caught = false;
    for (let attempt = 0; attempt < 8 && !caught; attempt++) {
      const child = eventsProcess(namespace, nats.url);
      const writing = writeUsers(1500);
      // A message on the stream that appeared after the last mark we saw, while the marks have not moved: the relay
      // has published a batch and not yet committed marking it. That is the moment to kill it.
      let marked = -1;
      let publishedAtMark = 0;
      for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
        const published = await streamCount(namespace);
        const [row] = await sql<{ n: string }>('select count(*) n from event_outbox where published_at is not null');
        if (Number(row.n) !== marked) {
          marked = Number(row.n);
          publishedAtMark = published;
        } else if (published > publishedAtMark) {
          child.proc.kill('SIGKILL');
          caught = true;
          break;
        }
        if (child.proc.exitCode !== null) throw new Error(child.output());
      }
      await writing;
      await child.stop();
      children.splice(children.indexOf(child), 1);
    }
    expect(caught).toBe(true);
    const [unmarked] = await sql<{ n: string }>('select count(*) n from event_outbox where published_at is null');
    expect(Number(unmarked.n)).toBeGreaterThan(0);
    eventsProcess(namespace, nats.url);
    await expectAllHandledOnce();
  });

  it('delivers every change once across a NATS restart, including those written while it was down', async () => {
    const namespace = `fault-nats-${randomBytes(3).toString('hex')}`;
    eventsProcess(namespace, nats.url);
    await writeUsers(200);
    await expectAllHandledOnce();
    await nats.kill();
    await writeUsers(200);
    const [pending] = await sql<{ n: string }>('select count(*) n from event_outbox where published_at is null');
    expect(Number(pending.n)).toBeGreaterThan(0);
    await nats.restart();
    await writeUsers(100);
    await expectAllHandledOnce();
  });

  it.each([['NATS JetStream', true], ['the embedded outbox log', false]])('redelivers an event whose consumer was killed mid-handling, over %s', async (_name, onNats) => {
    const namespace = `fault-consumer-${randomBytes(3).toString('hex')}`;
    eventsProcess(namespace, onNats ? nats.url : null);
    await writeUsers(20);
    await expectAllHandledOnce();

    const blocker = (orm.em.fork() as import('@mikro-orm/sql').EntityManager);
    const released = blocker.transactional(async (em) => {
      await em.execute('lock table events_event in exclusive mode');
      await writeUsers(5);
      await eventually(() => sql<{ pid: number }>(`select pid from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%events_event%' and datname = current_database()`), (rows) => rows.length > 0);
      await Promise.all(children.splice(0).map((c) => { c.proc.kill('SIGKILL'); return c.exited; }));
    });
    await released;
    const [handled] = await sql<{ n: string }>(`select count(*) n from bus_processed where consumer = 'events'`);
    const [outbox] = await sql<{ n: string }>(`select count(*) n from event_outbox where type like 'user.%'`);
    expect(Number(handled.n)).toBeLessThan(Number(outbox.n));
    eventsProcess(namespace, onNats ? nats.url : null);
    await expectAllHandledOnce();
  });
});
