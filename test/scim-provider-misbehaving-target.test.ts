import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/bus.ts';
import { startMemoryScimServer, type MemoryScimServer } from './support/memory-scim-server.ts';
import { testConfig, usePlatform } from './support/platform.ts';
import { createScimProvider } from './support/scim-provider.ts';

const defaults = testConfig().providers;
const ctx = usePlatform({ providers: { ...defaults, backoffMs: 50 } });
let server: MemoryScimServer;
let provider: { pk: number };

const remoteUser = (userName: string) => server.users().find((u) => u.userName === userName);
const status = async () => (await ctx.admin.get(`/providers/scim/${provider.pk}/sync_status/`)).body;

beforeAll(async () => {
  server = await startMemoryScimServer({ token: 'memory-token' });
  provider = await createScimProvider(ctx.admin, { name: 'memory', url: server.url, token: 'memory-token', timeout_ms: 500, max_attempts: 4 });
});
afterAll(() => server?.close());

describe('the SCIM provider when the target misbehaves', () => {
  it('waits as long as a 429 Retry-After asks, then delivers', async () => {
    server.inject({ status: 429, retryAfter: '1', match: (r) => r.method === 'POST' && r.path === '/Users' });
    const sent = Date.now();
    await ctx.admin.post('/core/users/', { username: 'patient', name: 'Patient' });
    await eventually(async () => remoteUser('patient'), (u) => u !== undefined);
    const posts = server.requests.filter((r) => r.method === 'POST' && r.path === '/Users' && r.at >= sent);
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts[posts.length - 1].at - posts[0].at).toBeGreaterThanOrEqual(950);
  });

  it('retries 503s and slow answers past the timeout until the target recovers', async () => {
    server.inject({ status: 503, times: 3, match: (r) => r.method === 'POST' && r.path === '/Users' });
    server.inject({ delayMs: 1500, times: 2, match: (r) => r.method === 'POST' && r.path === '/Users' });
    await ctx.admin.post('/core/users/', { username: 'resilient', name: 'Resilient' });
    await eventually(async () => remoteUser('resilient'), (u) => u !== undefined, 30_000);
    expect(server.users().filter((u) => u.userName === 'resilient')).toHaveLength(1);
  });

  it('links the existing remote user when create answers 409, instead of duplicating it', async () => {
    const existing = await (await fetch(`${server.url}/Users`, {
      method: 'POST', headers: { authorization: 'Bearer memory-token', 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'preexisting' }),
    })).json() as { id: string };
    const user = (await ctx.admin.post('/core/users/', { username: 'preexisting', name: 'Was There First' })).body;
    await eventually(async () => remoteUser('preexisting'), (u) => u?.displayName === 'Was There First');
    expect(server.users().filter((u) => u.userName === 'preexisting').map((u) => u.id)).toEqual([existing.id]);
    const objects = await ctx.admin.get(`/providers/scim/${provider.pk}/objects/?local_id=${user.pk}`);
    expect(objects.body.results[0].remote_id).toBe(existing.id);
  });

  it('re-creates a user someone deleted on the target when an update meets 404', async () => {
    const user = (await ctx.admin.post('/core/users/', { username: 'phoenix', name: 'Phoenix' })).body;
    const first = await eventually(async () => remoteUser('phoenix'), (u) => u !== undefined);
    await fetch(`${server.url}/Users/${first!.id}`, { method: 'DELETE', headers: { authorization: 'Bearer memory-token' } });
    await ctx.admin.patch(`/core/users/${user.pk}/`, { name: 'Phoenix Risen' });
    const again = await eventually(async () => remoteUser('phoenix'), (u) => u?.displayName === 'Phoenix Risen');
    expect(again!.id).not.toBe(first!.id);
  });

  it('parks an object the target refuses, and sync_status explains it with the remote status, scimType and detail', async () => {
    server.inject({ status: 400, scimType: 'invalidValue', detail: 'userName is reserved', times: 100, match: (r) => r.method === 'POST' && r.path === '/Users' && JSON.stringify(r.body).includes('"reserved"') });
    const user = (await ctx.admin.post('/core/users/', { username: 'reserved', name: 'Reserved' })).body;
    const failed = await eventually(status, (s) => s.errors.some((e: { local_id: string }) => e.local_id === String(user.pk)));
    expect(failed.errors.find((e: { local_id: string }) => e.local_id === String(user.pk))).toMatchObject({
      kind: 'user', remote_id: null, status: 'failed',
      error: { code: 'scim.remote_error', remote: { status: 400, scimType: 'invalidValue', detail: 'userName is reserved' }, attempts: 1 },
    });
    const events = await ctx.admin.get('/events/events/?action=configuration_error');
    expect(events.body.results.some((e: { context: { object?: { pk: string } } }) => e.context.object?.pk === String(user.pk))).toBe(true);
  });

  it('keeps delivering to a target that was down for a while', async () => {
    await server.down();
    await ctx.admin.post('/core/users/', { username: 'while-down', name: 'While Down' });
    await new Promise((r) => setTimeout(r, 500));
    await server.up();
    await eventually(async () => remoteUser('while-down'), (u) => u !== undefined, 30_000);
  });

  it('sends group memberships with PUT when the target does not advertise PATCH', async () => {
    const noPatch = await startMemoryScimServer({ token: 'no-patch', patch: false, bulk: false });
    try {
      const other = await createScimProvider(ctx.admin, { name: 'no patch', url: noPatch.url, token: 'no-patch' });
      const user = (await ctx.admin.post('/core/users/', { username: 'putter', name: 'Putter' })).body;
      const group = (await ctx.admin.post('/core/groups/', { name: 'put group' })).body;
      await eventually(async () => noPatch.groups().find((g) => g.displayName === 'put group'), (g) => g !== undefined);
      noPatch.requests.length = 0;
      await ctx.admin.post(`/core/groups/${group.pk}/add_user/`, { pk: user.pk });
      const remoteUserId = await eventually(async () => noPatch.users().find((u) => u.userName === 'putter')?.id, (id) => id !== undefined);
      await eventually(async () => noPatch.groups().find((g) => g.displayName === 'put group'), (g) => (g?.members ?? []).some((m: { value: string }) => m.value === remoteUserId));
      expect(noPatch.requests.some((r) => r.method === 'PATCH')).toBe(false);
      expect(noPatch.requests.some((r) => r.method === 'PUT' && r.path.startsWith('/Groups/'))).toBe(true);
      await ctx.admin.delete(`/providers/scim/${other.pk}/`);
    } finally {
      await noPatch.close();
    }
  });

  it('uses /Bulk for a full sync when the target advertises it', async () => {
    const bulk = await startMemoryScimServer({ token: 'bulk', bulk: { maxOperations: 10, maxPayloadSize: 1_048_576 } });
    try {
      const users = await Promise.all(Array.from({ length: 25 }, async (_, i) => (await ctx.admin.post('/core/users/', { username: `bulk-${i}`, name: `Bulk ${i}` })).body));
      await eventually(async () => users.every((u) => remoteUser(u.username)), (all) => all);
      await createScimProvider(ctx.admin, { name: 'bulk', url: bulk.url, token: 'bulk' });
      for (const u of users) expect(bulk.users().some((r) => r.userName === u.username)).toBe(true);
      const bulkCalls = bulk.requests.filter((r) => r.path === '/Bulk');
      expect(bulkCalls.length).toBeGreaterThanOrEqual(3);
      expect(bulkCalls.every((r) => (r.body as { Operations: unknown[] }).Operations.length <= 10)).toBe(true);
      expect(bulk.requests.filter((r) => r.method === 'POST' && r.path === '/Users')).toEqual([]);
    } finally {
      await bulk.close();
    }
  });
});
