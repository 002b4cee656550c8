/**
 * Throughput and latency of the SCIM source (the platform's RFC 7644 server) under 64 connections, beside a bare
 * `node:http` handler replaying the platform's own answers (the ceiling) and SCIMMY over an in-memory store (a peer),
 * in the same run and through the same load clients. Measures lookups alone and a mix (lookups by userName, half of
 * them misses; creates; user PATCHes; member add then remove; group reads without members), each kind's rate, p50/p99
 * and errors, the CPU each process used; then sequential lookups on one connection; then member add/remove on the big
 * group against the small one, one request at a time, in interleaved rounds. The platform runs in this process on a
 * fresh PostgreSQL database (dropped at the end), with the users, sources and api services (no event relay); the load
 * clients, the bare handler and SCIMMY are child processes. All traffic stays on 127.0.0.1.
 *
 *   node bench/scim-source/throughput.ts [--users 100000] [--groups 10000] [--memberships 500000] [--big-group 50000]
 *     [--small-group 10] [--seconds 60] [--connections 64] [--clients 1] [--warmup 5] [--member-rounds 10]
 *     [--member-pairs 30] [--scimmy-users <users>]
 */
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/sql';
import { startPlatform } from '../../services/platform.ts';
import { createTestDatabase } from '../../test/support/database.ts';
import { api } from '../../test/support/http.ts';
import { ADMIN_TOKEN, gatewayUrl, testConfig } from '../../test/support/platform.ts';
import { captureCanned } from './canned-responses.ts';
import { ask, forkChild, stopChild } from './child-process.ts';
import { cpuMeter } from './cpu.ts';
import { startLoadClients } from './load-clients.ts';
import type { LoadResult, Target } from './load-job.ts';
import { figuresOf, printFigures, type Figures } from './report.ts';
import { seedSource, sourceFixture, type SeedCounts } from './seed.ts';
import { LOOKUPS, MEMBERS, MIX, type Fixture, type Weights } from './workload.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' }, groups: { type: 'string', default: '10000' }, memberships: { type: 'string', default: '500000' },
    'big-group': { type: 'string', default: '50000' }, 'small-group': { type: 'string', default: '10' }, seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '64' }, clients: { type: 'string', default: '1' }, warmup: { type: 'string', default: '5' },
    'member-rounds': { type: 'string', default: '10' }, 'member-pairs': { type: 'string', default: '30' }, 'scimmy-users': { type: 'string' },
  },
});
const counts: SeedCounts = { users: Number(values.users), groups: Number(values.groups), memberships: Number(values.memberships), bigGroup: Number(values['big-group']), smallGroup: Number(values['small-group']) };
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const warmup = Number(values.warmup);
const scimmyUsers = Number(values['scimmy-users'] ?? counts.users);
/** How many users the load picks from (random, fixed for the run). */
const SAMPLE = 20_000;
const SLUG = 'bench';
const SEQUENTIAL_LOOKUPS = 2000;

const db = await createTestDatabase();
const platform = await startPlatform(testConfig({ database: { kind: 'postgres', url: db.url }, services: ['users', 'sources', 'api'], logLevel: 'warn' }));
const clients = startLoadClients(Number(values.clients));
const children: ChildProcess[] = [];
const f = (n: number, d = 0) => n.toFixed(d);

/** A warm-up of `warmup` seconds, then `seconds` of load at `connections`, with the CPU of the server (and database). */
async function measure(label: string, target: Target, fixture: Fixture, weights: Weights, server: number[], database?: string): Promise<Figures> {
  const tag = label.replace(/\W+/g, '-');
  await clients.run({ target, fixture, weights, connections, seconds: warmup, tag: `${tag}-warmup` });
  const meter = cpuMeter({ server, client: clients.pids, ...(database ? { database } : {}) });
  const result = await clients.run({ target, fixture, weights, connections, seconds, tag });
  const figures = figuresOf(label, result, meter.stop());
  printFigures(figures);
  return figures;
}

/** Member add then remove on the big and the small group, one request at a time, in rounds of the same count on each, the order alternating. */
async function memberRounds(target: Target, movers: string[], groups: Record<'big' | 'small', string>) {
  const all: Record<'big' | 'small', LoadResult[]> = { big: [], small: [] };
  for (let round = 0; round < Number(values['member-rounds']); round++) {
    for (const which of round % 2 === 0 ? (['big', 'small'] as const) : (['small', 'big'] as const)) {
      const fixture = { users: [], groups: [groups[which]], movers };
      all[which].push(await clients.run({ target, fixture, weights: MEMBERS, connections: 1, count: Number(values['member-pairs']), tag: `members-${which}-${round}` }));
    }
  }
  const concat = (results: LoadResult[], kind: 'member add' | 'member remove') => ({
    latencies: results.flatMap((r) => r.kinds[kind]?.latencies ?? []),
    errors: results.reduce((s, r) => s + (r.kinds[kind]?.errors ?? 0), 0),
    bodies: results.flatMap((r) => r.kinds[kind]?.bodies ?? []).slice(0, 3),
  });
  const merged = (results: LoadResult[]): LoadResult => ({
    seconds: results.reduce((s, r) => s + r.seconds, 0),
    kinds: { 'member add': concat(results, 'member add'), 'member remove': concat(results, 'member remove') },
  });
  return { big: merged(all.big), small: merged(all.small) };
}

/** Wall time per request of a sequential run, in ms. */
const meanMs = (x: Figures) => (1000 * x.seconds) / x.kinds.reduce((s, k) => s + k.count, 0);

try {
  const apiBase = gatewayUrl(platform);
  const created = await api(apiBase, 'POST', '/sources/scim/', { token: ADMIN_TOKEN, body: { name: 'Bench', slug: SLUG } });
  if (created.status !== 201) throw new Error(`creating the source failed: ${created.status} ${JSON.stringify(created.body)}`);
  const em = () => platform.orm!.em.fork() as EntityManager;
  let started = performance.now();
  const seeded = await seedSource(em(), { pk: created.body.pk, slug: SLUG }, counts);
  const seedSeconds = (performance.now() - started) / 1000;
  const { fixture, big, small } = await sourceFixture(em(), counts, SAMPLE);
  const source: Target = { origin: new URL(apiBase).origin, basePath: `/source/scim/${SLUG}/v2`, token: created.body.token };

  const bareChild = forkChild('canned-server.ts');
  children.push(bareChild);
  const { port: barePort } = await ask<{ port: number }>(bareChild, { token: source.token, canned: await captureCanned(source, fixture) });
  const bare: Target = { ...source, origin: `http://127.0.0.1:${barePort}` };
  const scimmyChild = forkChild('scimmy-server.ts');
  children.push(scimmyChild);
  const randomMemberships = Math.round(((counts.memberships - counts.bigGroup - counts.smallGroup) * scimmyUsers) / counts.users);
  const peer = await ask<{ port: number; fixture: Fixture; seedSeconds: number }>(scimmyChild, { token: 'bench-token', users: scimmyUsers, groups: counts.groups - 2, memberships: randomMemberships, sample: SAMPLE });
  const scimmy: Target = { origin: `http://127.0.0.1:${peer.port}`, basePath: '/scim/v2', token: 'bench-token' };

  console.log(`SCIM source: ${seeded.users} users, ${seeded.groups} groups, ${seeded.memberships} memberships (one group of ${counts.bigGroup}, one of ${counts.smallGroup}) seeded by SQL in ${f(seedSeconds, 1)} s`);
  console.log(`SCIMMY peer: ${scimmyUsers} users, ${counts.groups - 2} groups, ~${randomMemberships} random memberships seeded in memory in ${f(peer.seedSeconds, 1)} s`);
  console.log(`load: ${connections} connections over ${Number(values.clients)} client process(es), ${seconds} s each after ${warmup} s of warm-up; mix by step: ${Object.entries(MIX).map(([k, v]) => `${k} ${v}`).join(', ')} (a member step is an add and a remove)`);

  const platformPids = [process.pid];
  const lookups = await measure('platform, lookups', source, fixture, LOOKUPS, platformPids, db.name);
  const bareLookups = await measure('bare handler, lookups', bare, fixture, LOOKUPS, [bareChild.pid!]);
  const scimmyLookups = await measure('SCIMMY, lookups', scimmy, peer.fixture, LOOKUPS, [scimmyChild.pid!]);
  const mix = await measure('platform, mix', source, fixture, MIX, platformPids, db.name);
  const bareMix = await measure('bare handler, mix', bare, fixture, MIX, [bareChild.pid!]);
  const scimmyMix = await measure('SCIMMY, mix', scimmy, peer.fixture, MIX, [scimmyChild.pid!]);

  const sequential = async (label: string, target: Target) => {
    const figures = figuresOf(label, await clients.run({ target, fixture, weights: LOOKUPS, connections: 1, count: SEQUENTIAL_LOOKUPS, tag: 'sequential' }));
    printFigures(figures);
    return figures;
  };
  const oneLookup = await sequential('platform, lookups on one connection', source);
  const oneBareLookup = await sequential('bare handler, lookups on one connection', bare);

  started = performance.now();
  const rounds = await memberRounds(source, fixture.movers, { big, small });
  const bigFigures = figuresOf(`member add/remove, group of ${counts.bigGroup}, one at a time`, rounds.big);
  const smallFigures = figuresOf(`member add/remove, group of ${counts.smallGroup}, one at a time`, rounds.small);
  printFigures(bigFigures);
  printFigures(smallFigures);
  console.log(`(${Number(values['member-rounds'])} interleaved rounds of ${Number(values['member-pairs'])} add/remove pairs per group in ${f((performance.now() - started) / 1000, 1)} s)`);

  const lookup = (x: Figures) => x.kinds.find((k) => k.kind === 'lookup')!;
  console.log(`lookups, platform / bare handler: ${f((100 * lookups.rate) / bareLookups.rate, 1)} % (target ≥ 50 %); platform lookup p99 at ${connections} connections ${f(lookup(lookups).p99, 2)} ms (target ≤ 5 ms), on one connection ${f(lookup(oneLookup).p99, 2)} ms (bare ${f(lookup(oneBareLookup).p99, 2)} ms)`);
  console.log(`lookups, platform / SCIMMY: ${f(lookups.rate / scimmyLookups.rate, 2)}×`);
  console.log(`mix, platform / SCIMMY: ${f(mix.rate / scimmyMix.rate, 2)}× (target ≥ 1×); platform / bare handler: ${f((100 * mix.rate) / bareMix.rate, 1)} %`);
  console.log(`member add/remove, ${counts.bigGroup}-member / ${counts.smallGroup}-member group, mean time per request: ${f(meanMs(bigFigures) / meanMs(smallFigures), 2)}× (target ≤ 1.5×)`);
} finally {
  await clients.close();
  for (const child of children) await stopChild(child);
  await platform.stop();
  await db.drop();
}
