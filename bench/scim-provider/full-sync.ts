/**
 * Full-sync throughput of the SCIM provider against a loopback SCIM target (the tests' memory server: minimal, fast,
 * Bulk switchable), beside the raw rate of undici POSTing the same user bodies to the same target at the same
 * concurrency, in the same run. Reports objects/s, HTTP requests per object, time to finish and peak RSS (the target
 * runs in this process too), then a resync with nothing changed (its writes must be 0), then the same with /Bulk.
 * `--latency` makes the target wait that many ms before every answer (a remote target's round trip), for the raw
 * reference too. Needs PostgreSQL as the tests do (TEST_DATABASE_URL).
 *
 *   node bench/scim-provider/full-sync.ts [--users 10000] [--groups 1000] [--memberships 50000] [--concurrency 16]
 *                                         [--workers 4] [--latency 0]
 */
import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/sql';
import { defaultUser } from '../../plugins/scim/mapping/defaults.ts';
import { startPlatform } from '../../services/platform.ts';
import { getRun, type SyncRun } from '../../services/providers/sync-runs.ts';
import { createTestDatabase } from '../../test/support/database.ts';
import { startMemoryScimServer, type MemoryScimServer } from '../../test/support/memory-scim-server.ts';
import { testConfig } from '../../test/support/platform.ts';
import { rawPostRate } from './raw-post.ts';
import { seedDirectory } from './seed.ts';

const { values } = parseArgs({ options: { users: { type: 'string', default: '10000' }, groups: { type: 'string', default: '1000' }, memberships: { type: 'string', default: '50000' }, concurrency: { type: 'string', default: '16' }, workers: { type: 'string', default: '4' }, latency: { type: 'string', default: '0' } } });
const counts = { users: Number(values.users), groups: Number(values.groups), memberships: Number(values.memberships) };
const concurrency = Number(values.concurrency);
const latencyMs = Number(values.latency);
const TOKEN = 'bench-token';

let peakRss = 0;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);

const db = await createTestDatabase();
const base = testConfig();
const platform = await startPlatform(testConfig({ database: { kind: 'postgres', url: db.url }, services: ['providers'], logLevel: 'warn', providers: { ...base.providers, workers: Number(values.workers), batchSize: 100 } }));
const em = () => platform.orm!.em.fork() as EntityManager;
const call = <T>(action: string, params: object) => platform.broker.call(action, params) as Promise<T>;

async function fullSync(pk: number): Promise<{ run: SyncRun; seconds: number }> {
  const started = performance.now();
  const { run } = await call<{ run: { pk: string } }>('providers.sync', { type: 'scim', pk });
  for (;;) {
    const current = (await getRun(em(), run.pk))!;
    if (current.finished) return { run: current, seconds: (performance.now() - started) / 1000 };
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function measure(label: string, target: MemoryScimServer, name: string) {
  peakRss = process.memoryUsage().rss;
  target.requests.length = 0;
  const provider = await call<{ pk: number }>('providers.create', { type: 'scim', data: { name, url: target.url, token: TOKEN, concurrency, sync_interval_minutes: 0, max_attempts: 20 } });
  const first = await fullSync(provider.pk);
  const objects = first.run.done + first.run.failed;
  const requests = target.requests.length;
  const row = { label, objects, failed: first.run.failed, seconds: first.seconds, objectsPerSecond: objects / first.seconds, requestsPerObject: requests / objects, peakRssMiB: peakRss / 2 ** 20 };
  target.requests.length = 0;
  const again = await fullSync(provider.pk);
  const resyncWrites = target.requests.filter((r) => r.method !== 'GET').length;
  return { ...row, resyncSeconds: again.seconds, resyncWrites };
}

try {
  await seedDirectory(em(), counts);
  const users = await em().execute<{ pk: number; username: string; name: string; email: string }[]>(`select pk, username, name, email from core_user where username like 'bench-%' order by pk`);
  const bodies = users.map((u) => defaultUser({ ...u, uid: `raw-${u.pk}`, uuid: '', is_active: true, type: 'internal', path: 'users', attributes: {}, groups: [] }));

  const slow = (target: MemoryScimServer) => {
    if (latencyMs > 0) target.inject({ delayMs: latencyMs, times: Number.POSITIVE_INFINITY });
    return target;
  };
  const plain = slow(await startMemoryScimServer({ token: TOKEN, bulk: false }));
  const raw = await rawPostRate(plain.url, TOKEN, bodies, concurrency);
  plain.reset();
  slow(plain);
  const perObject = await measure('per object (POST/PUT/PATCH)', plain, 'bench plain');
  const bulkTarget = slow(await startMemoryScimServer({ token: TOKEN, bulk: { maxOperations: 1000, maxPayloadSize: 1_048_576 } }));
  const bulk = await measure('with /Bulk', bulkTarget, 'bench bulk');

  const f = (n: number, d = 0) => n.toFixed(d);
  console.log(`SCIM provider full sync: ${counts.users} users, ${counts.groups} groups, ${counts.memberships} memberships (seeded), concurrency ${concurrency}, ${Number(values.workers)} workers, target latency ${latencyMs} ms`);
  console.log(`raw undici POST /Users, same bodies, same target, same concurrency: ${f(raw)} requests/s`);
  for (const r of [perObject, bulk]) {
    console.log(`${r.label}: ${r.objects} objects (${r.failed} failed) in ${f(r.seconds, 1)} s = ${f(r.objectsPerSecond)} objects/s, ${f(r.requestsPerObject, 3)} HTTP requests/object, peak RSS ${f(r.peakRssMiB)} MiB; resync ${f(r.resyncSeconds, 1)} s with ${r.resyncWrites} writes`);
  }
  console.log(`ratio per-object / raw: ${f(perObject.objectsPerSecond / raw, 2)} (target ≥ 0.5)`);
  console.log(`ratio Bulk / per-object: ${f(bulk.objectsPerSecond / perObject.objectsPerSecond, 2)} (target ≥ 3)`);
  await plain.close();
  await bulkTarget.close();
} finally {
  clearInterval(sampler);
  await platform.stop();
  await db.drop();
}
