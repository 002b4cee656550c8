/**
 * Change → remote-ack latency of SCIM provisioning over NATS: users are renamed at a steady rate through the users
 * service, and each rename is timed from the moment its transaction committed (the action returned) until every
 * provider's target received the write; with 1 and then 4 providers (4 targets), over the same NATS and PostgreSQL.
 * Beside it, in the same run: the NATS request/reply round trip and one PostgreSQL commit (an insert in its own
 * transaction), each as p50/p99 of sequential samples. Needs PostgreSQL and NATS as the tests do.
 *
 *   node bench/scim-provider/latency.ts [--rate 50] [--seconds 10] [--users 200]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startPlatform } from '../../services/platform.ts';
import { createTestDatabase } from '../../test/support/database.ts';
import { startMemoryScimServer, type MemoryScimServer } from '../../test/support/memory-scim-server.ts';
import { testConfig } from '../../test/support/platform.ts';
import { natsRoundTrips, postgresCommits, quantile } from './reference-latency.ts';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '50' }, seconds: { type: 'string', default: '10' }, users: { type: 'string', default: '200' } } });
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const userCount = Number(values.users);
const NATS = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const TOKEN = 'bench-token';

const db = await createTestDatabase();
const platform = await startPlatform(testConfig({
  database: { kind: 'postgres', url: db.url }, transporter: NATS, namespace: `bench-${randomBytes(3).toString('hex')}`,
  services: ['users', 'groups', 'events', 'policies', 'providers'], logLevel: 'warn',
}));
const call = <T>(action: string, params: object) => platform.broker.call(action, params) as Promise<T>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const targets: MemoryScimServer[] = [];

/** When each target first received a write naming `displayName`, in ms since the epoch. */
function arrivals(target: MemoryScimServer): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of target.requests) {
    const name = (r.body as { displayName?: string } | null)?.displayName;
    if (r.method !== 'GET' && name && !out.has(name)) out.set(name, r.at);
  }
  return out;
}

async function addProvider(i: number): Promise<void> {
  const target = await startMemoryScimServer({ token: TOKEN, bulk: false });
  targets.push(target);
  const provider = await call<{ pk: number }>('providers.create', { type: 'scim', data: { name: `latency ${i}`, url: target.url, token: TOKEN, sync_interval_minutes: 0 } });
  while (target.users().length < userCount + 1) await sleep(50);
  while ((await call<{ queued: number; running: boolean }>('providers.syncStatus', { type: 'scim', pk: provider.pk })).queued > 0) await sleep(50);
}

/** Renames users at `rate` a second for `seconds`, and returns each rename's latency to each target, in ms. */
async function measure(label: string, users: number[]): Promise<{ label: string; p50: number; p99: number; samples: number }> {
  for (const t of targets) t.requests.length = 0;
  const committed = new Map<string, number>();
  const total = rate * seconds;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const name = `${label} ${i}`;
    pending.push(call('users.update', { pk: users[i % users.length], data: { name } }).then(() => { committed.set(name, Date.now()); }));
  }
  await Promise.all(pending);
  const latencies: number[] = [];
  for (;;) {
    const seen = targets.map(arrivals);
    if (seen.every((s) => [...committed.keys()].every((n) => s.has(n)))) {
      for (const s of seen) for (const [name, at] of committed) latencies.push(Math.max(0, s.get(name)! - at));
      break;
    }
    await sleep(50);
  }
  return { label, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), samples: latencies.length };
}

try {
  const users: number[] = [];
  for (let i = 0; i < userCount; i++) users.push((await call<{ pk: number }>('users.create', { username: `lat-${i}`, name: `Latency ${i}` })).pk);
  await addProvider(0);
  const one = await measure('one provider', users);
  for (let i = 1; i < 4; i++) await addProvider(i);
  const four = await measure('four providers', users);
  const nats = await natsRoundTrips(NATS, 2000);
  const commit = await postgresCommits(platform.orm!, 2000);
  const f = (n: number) => n.toFixed(2);
  const reference = nats.p99 + commit.p99;
  console.log(`change → remote ack, ${rate} renames/s for ${seconds} s over ${userCount} users (timestamps in whole ms)`);
  for (const r of [one, four]) console.log(`${r.label}: p50 ${f(r.p50)} ms, p99 ${f(r.p99)} ms (${r.samples} samples); p99 / (NATS RTT p99 + PG commit p99) = ${f(r.p99 / reference)} (target ≤ 3)`);
  console.log(`NATS request/reply round trip: p50 ${f(nats.p50)} ms, p99 ${f(nats.p99)} ms`);
  console.log(`PostgreSQL commit (one insert): p50 ${f(commit.p50)} ms, p99 ${f(commit.p99)} ms`);
} finally {
  for (const t of targets) await t.close();
  await platform.stop();
  await db.drop();
}
