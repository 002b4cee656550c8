import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/bus.ts';
import { freePort, runIdp, waitFor, type Child } from './support/child.ts';
import { createTestDatabase } from './support/database.ts';
import { client, type Reply } from './support/http.ts';
import { startMemoryScimServer, type MemoryScimServer } from './support/memory-scim-server.ts';
import { startNatsServer } from './support/nats-server.ts';
import type { Client } from './support/platform.ts';
import { settled } from './support/scim-provider.ts';

const TOKEN = 'faults-admin-token-0123456789abcdef';
const USERS = 150;
const GROUPS = 6;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let nats: Awaited<ReturnType<typeof startNatsServer>>;
let server: MemoryScimServer;
let admin: Client;
let providerPk: number;
const workers: Child[] = [];
const children: Child[] = [];

function start(services: string, env: Record<string, string> = {}): Child {
  const child = runIdp(['start'], { SERVICES: services, DATABASE_URL: db.url, TRANSPORTER: nats.url, NAMESPACE: namespace, LOG_LEVEL: 'warn', IDP_BUS_ACK_WAIT_MS: '2000', ...env });
  children.push(child);
  return child;
}
const namespace = `scim-faults-${randomBytes(3).toString('hex')}`;
const worker = () => {
  const w = start('providers', { IDP_PROVIDER_LEASE_MS: '1500', IDP_PROVIDER_BATCH_SIZE: '10', IDP_PROVIDER_BACKOFF_MS: '100', IDP_PROVIDER_WORKERS: '2' });
  workers.push(w);
  return w;
};

async function all<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const res: Reply = await admin.get(`${path}?page=${page}&page_size=1000`);
    out.push(...res.body.results);
    if (!res.body.pagination.next) return out;
  }
}

/** The target holds exactly the local users and groups, each group with exactly its local members, nothing twice. */
async function expectTargetEqualsDirectory(): Promise<void> {
  await settled(admin, providerPk, 90_000);
  const users = await all<{ pk: number; username: string; uid: string; name: string; is_active: boolean; type: string }>('/core/users/');
  const people = users.filter((u) => u.type !== 'service_account');
  const remoteUsers = server.users();
  expect(remoteUsers.map((u) => u.userName).sort()).toEqual(people.map((u) => u.username).sort());
  for (const u of people) expect(remoteUsers.find((r) => r.externalId === u.uid)).toMatchObject({ userName: u.username, displayName: u.name || u.username, active: u.is_active });
  const remoteIdOf = new Map(people.map((u) => [u.pk, remoteUsers.find((r) => r.externalId === u.uid)!.id]));
  const groups = await all<{ pk: string; name: string; users: number[] }>('/core/groups/');
  const remoteGroups = server.groups();
  expect(remoteGroups.map((g) => g.externalId).sort()).toEqual(groups.map((g) => g.pk).sort());
  for (const g of groups) {
    const remote = remoteGroups.find((r) => r.externalId === g.pk)!;
    expect(remote.displayName).toBe(g.name);
    expect((remote.members ?? []).map((m: { value: string }) => m.value).sort()).toEqual(g.users.map((pk) => remoteIdOf.get(pk)).sort());
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  nats = await startNatsServer();
  server = await startMemoryScimServer({ token: 'faults' });
  const port = await freePort();
  const core = start('users,groups,applications,events,policies,sources,api', { IDP_BOOTSTRAP_TOKEN: TOKEN, IDP_HTTP_PORT: String(port) });
  worker();
  worker();
  await waitFor(`http://127.0.0.1:${port}/health/ready`, core, 200, 45_000);
  admin = client(`http://127.0.0.1:${port}/api/v3`, TOKEN);
  const users: number[] = [];
  for (let i = 0; i < USERS; i += 25) {
    users.push(...(await Promise.all(Array.from({ length: Math.min(25, USERS - i) }, async (_, j) => (await admin.post('/core/users/', { username: `f-${i + j}`, name: `Fault ${i + j}` })).body.pk))));
  }
  for (let g = 0; g < GROUPS; g++) await admin.post('/core/groups/', { name: `fault-group-${g}`, users: users.filter((_, i) => i % GROUPS === g || i % 7 === g) });
}, 120_000);

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  await server?.close();
  await nats?.close();
  await db?.drop();
});

describe('SCIM provisioning in a cluster when things die', () => {
  it('finishes a full sync with exactly the desired state after a worker is killed with SIGKILL mid-sync', async () => {
    server.inject({ delayMs: 15, times: Number.POSITIVE_INFINITY });
    providerPk = (await admin.post('/providers/scim/', { name: 'faulty cluster target', url: server.url, token: 'faults', max_attempts: 50, sync_interval_minutes: 0, concurrency: 4 })).body.pk;
    await eventually(() => admin.get(`/providers/scim/${providerPk}/sync_status/`), (r) => (r.body.current?.done ?? 0) >= 20, 60_000);
    workers[0].proc.kill('SIGKILL');
    const status = await settled(admin, providerPk, 90_000);
    expect(status.last_run).toMatchObject({ status: 'succeeded', failed: 0 });
    expect(status.last_run.done).toBe(status.last_run.total);
    await expectTargetEqualsDirectory();
    worker();
  }, 150_000);

  it('delivers every change made while NATS restarts', async () => {
    const users = await all<{ pk: number; username: string }>('/core/users/');
    const renamed = users.filter((u) => u.username.startsWith('f-')).slice(0, 40);
    const half = renamed.length / 2;
    for (const u of renamed.slice(0, half)) await admin.patch(`/core/users/${u.pk}/`, { name: `Renamed ${u.username}` });
    await nats.kill();
    for (const u of renamed.slice(half)) await admin.patch(`/core/users/${u.pk}/`, { name: `Renamed ${u.username}` });
    await new Promise((r) => setTimeout(r, 1000));
    await nats.restart();
    await eventually(async () => server.users().filter((u) => u.displayName?.startsWith('Renamed ')).length, (n) => n === renamed.length, 90_000);
    await expectTargetEqualsDirectory();
  }, 150_000);

  it('catches up with a target that was down for a while', async () => {
    await server.down();
    const group = (await admin.post('/core/groups/', { name: 'while the target was down' })).body;
    const newcomers = await Promise.all([0, 1, 2].map(async (i) => (await admin.post('/core/users/', { username: `down-${i}`, name: `Down ${i}` })).body.pk));
    await admin.patch(`/core/groups/${group.pk}/`, { users: newcomers });
    await new Promise((r) => setTimeout(r, 3000));
    await server.up();
    await eventually(async () => server.groups().find((g) => g.externalId === group.pk)?.members?.length ?? 0, (n) => n === 3, 90_000);
    await expectTargetEqualsDirectory();
  }, 150_000);
});
