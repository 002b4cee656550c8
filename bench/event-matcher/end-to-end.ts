/**
 * End to end over NATS: N committed events go outbox → relay → JetStream → `events` consumer → rule index → a local
 * notification per event, timed from the commit until the last notification row exists; beside it, in the same run
 * on the same NATS server, nats.js's raw core pub/sub rate and its raw JetStream publish + consume rate.
 * Needs PostgreSQL and NATS as the tests do (TEST_DATABASE_URL, TEST_NATS_URL).
 *
 *   node bench/event-matcher/end-to-end.ts [--events 5000]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AckPolicy, connect, nanos } from 'nats';
import { startPlatform } from '../../services/platform.ts';
import { createTestDatabase } from '../../test/support/database.ts';
import { testConfig } from '../../test/support/platform.ts';

const { values } = parseArgs({ options: { events: { type: 'string', default: '5000' }, raw: { type: 'string', default: '200000' } } });
const N = Number(values.events);
const RAW = Number(values.raw);
const NATS = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const namespace = `bench-${randomBytes(3).toString('hex')}`;

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 5));
}

const db = await createTestDatabase();
const platform = await startPlatform(testConfig({ database: { kind: 'postgres', url: db.url }, transporter: NATS, namespace, services: ['users', 'groups', 'events', 'policies'], logLevel: 'warn' }));
const sql = <T>(q: string, p: unknown[] = []) => platform.orm!.em.getConnection().execute<T[]>(q, p);
try {
  const { broker } = platform;
  const group = (await broker.call('groups.create', { name: 'bench', users: [1] })) as { pk: string };
  const transport = (await broker.call('events.transports.create', { name: 'ui', mode: 'local' })) as { pk: string };
  const rule = (await broker.call('events.rules.create', { name: 'bench-rule', group: group.pk, transports: [transport.pk] })) as { pk: string };
  const policy = (await broker.call('policies.eventMatcher.create', { name: 'bench-policy', action: 'custom_bench' })) as { pk: string };
  await broker.call('policies.bindings.create', { target: rule.pk, policy: policy.pk });
  await until(async () => (await sql<{ n: string }>(`select count(*) n from event_outbox where published_at is null or id not in (select event_id from bus_processed)`))[0].n === '0');

  const started = process.hrtime.bigint();
  await sql(`with e as (
      insert into events_event (pk, action, app, context, "user", created, expires)
      select gen_random_uuid(), 'custom_bench', 'core', '{}'::jsonb, '{}'::jsonb, now(), now() + interval '1 day' from generate_series(1, ?) returning pk)
    insert into event_outbox (id, type, model_key, payload)
    select id, 'event.recorded', 'events.event:' || pk, jsonb_build_object('id', id, 'type', 'event.recorded', 'occurredAt', now(), 'requestId', null, 'changes', '{}'::jsonb,
      'actor', jsonb_build_object('kind', 'system', 'id', null, 'username', null, 'ip', null),
      'model', jsonb_build_object('app', 'events', 'name', 'event', 'pk', pk::text, 'label', 'custom_bench'))
    from (select gen_random_uuid() id, pk from e) x`, [N]);
  await until(async () => Number((await sql<{ n: string }>('select count(*) n from events_notification where rule_pk = ?', [rule.pk]))[0].n) >= N);
  const e2e = N / (Number(process.hrtime.bigint() - started) / 1e9);

  const nc = await connect({ servers: NATS });
  const subject = `${namespace}.raw`;
  let received = 0;
  const done = new Promise<void>((resolve) => nc.subscribe(subject, { callback: () => { if (++received === RAW) resolve(); } }));
  await nc.flush();
  const payload = new TextEncoder().encode(JSON.stringify({ id: randomBytes(16).toString('hex'), type: 'event.recorded', model: { app: 'events', name: 'event' } }));
  const rawStart = process.hrtime.bigint();
  for (let i = 0; i < RAW; i++) nc.publish(subject, payload);
  await done;
  const core = RAW / (Number(process.hrtime.bigint() - rawStart) / 1e9);

  const jsm = await nc.jetstreamManager();
  const js = nc.jetstream();
  const stream = `${namespace.toUpperCase().replace(/-/g, '_')}_RAW`;
  await jsm.streams.add({ name: stream, subjects: [`${namespace}.js.>`] });
  await jsm.consumers.add(stream, { durable_name: 'raw', ack_policy: AckPolicy.Explicit, ack_wait: nanos(30_000) });
  const jsStart = process.hrtime.bigint();
  for (let i = 0; i < N; i += 500) await Promise.all(Array.from({ length: Math.min(500, N - i) }, (_, k) => js.publish(`${namespace}.js.e`, payload, { msgID: `${i + k}` })));
  const messages = await (await js.consumers.get(stream, 'raw')).consume();
  let consumed = 0;
  for await (const m of messages) {
    m.ack();
    if (++consumed === N) break;
  }
  const jetstream = N / (Number(process.hrtime.bigint() - jsStart) / 1e9);
  await jsm.streams.delete(stream);
  await nc.close();

  console.log(`events: ${N}, raw messages: ${RAW}`);
  console.log('| path | events/s | ratio to raw core pub/sub |');
  console.log('|---|---|---|');
  console.log(`| platform end to end (commit → notification row) | ${Math.round(e2e)} | ${(e2e / core * 100).toFixed(2)} % |`);
  console.log(`| nats.js raw JetStream publish + consume, acked | ${Math.round(jetstream)} | ${(jetstream / core * 100).toFixed(2)} % |`);
  console.log(`| nats.js raw core pub/sub | ${Math.round(core)} | 100 % |`);
  console.log(`platform end to end / raw JetStream: ${(e2e / jetstream * 100).toFixed(1)} %`);
} finally {
  await platform.stop();
  await db.drop();
}
