import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/bus.ts';
import { testConfig, usePlatform } from './support/platform.ts';
import { createScimProvider, fullSync } from './support/scim-provider.ts';
import { startScimmyTarget, type ScimmyTarget } from './support/scimmy-target.ts';

const defaults = testConfig().providers;
const ctx = usePlatform({ providers: { ...defaults, backoffMs: 50 } });
let target: ScimmyTarget;
let provider: { pk: number };

const remoteUser = async (userName: string) => (await target.users()).find((u) => u.userName === userName);
const remoteGroup = async (displayName: string) => (await target.groups()).find((g) => g.displayName === displayName);
const memberIds = (group: { members?: { value: string }[] } | undefined) => (group?.members ?? []).map((m) => m.value).sort();

beforeAll(async () => {
  target = await startScimmyTarget({ token: 'scimmy-token' });
  provider = await createScimProvider(ctx.admin, { name: 'scimmy', url: target.url, token: 'scimmy-token' });
});
afterAll(() => target?.close());

describe('the SCIM provider against SCIMMY', () => {
  it('creates a user with schemas, the default attributes and a stable externalId', async () => {
    const user = (await ctx.admin.post('/core/users/', { username: 'ada', name: 'Ada King Lovelace', email: 'ada@example.org' })).body;
    const remote = await eventually(() => remoteUser('ada'), (u) => u !== undefined);
    expect(remote).toMatchObject({
      schemas: expect.arrayContaining(['urn:ietf:params:scim:schemas:core:2.0:User']),
      userName: 'ada', displayName: 'Ada King Lovelace', active: true, externalId: user.uid,
      name: { formatted: 'Ada King Lovelace', givenName: 'Ada', familyName: 'King Lovelace' },
      emails: [{ value: 'ada@example.org', type: 'other', primary: true }],
    });
    const objects = await ctx.admin.get(`/providers/scim/${provider.pk}/objects/?kind=user&local_id=${user.pk}`);
    expect(objects.body.results).toEqual([expect.objectContaining({ kind: 'user', local_id: String(user.pk), remote_id: remote!.id, status: 'ok' })]);
  });

  it('renames and deactivates a user in place', async () => {
    const user = (await ctx.admin.post('/core/users/', { username: 'grace', name: 'Grace Hopper' })).body;
    const before = await eventually(() => remoteUser('grace'), (u) => u !== undefined);
    await ctx.admin.patch(`/core/users/${user.pk}/`, { username: 'grace.hopper', name: 'Rear Admiral Grace Hopper' });
    const renamed = await eventually(() => remoteUser('grace.hopper'), (u) => u?.displayName === 'Rear Admiral Grace Hopper');
    expect(renamed!.id).toBe(before!.id);
    await ctx.admin.patch(`/core/users/${user.pk}/`, { is_active: false });
    await eventually(() => remoteUser('grace.hopper'), (u) => u?.active === false);
    expect((await target.users()).filter((u) => u.externalId === user.uid)).toHaveLength(1);
  });

  it('deletes a user remotely after the local row is gone', async () => {
    const user = (await ctx.admin.post('/core/users/', { username: 'temp', name: 'Temp' })).body;
    await eventually(() => remoteUser('temp'), (u) => u !== undefined);
    expect((await ctx.admin.delete(`/core/users/${user.pk}/`)).status).toBe(204);
    await eventually(() => remoteUser('temp'), (u) => u === undefined);
  });

  it('creates a group with its members and applies membership changes by PATCH', async () => {
    const [a, b, c] = await Promise.all(['m-a', 'm-b', 'm-c'].map(async (username) => (await ctx.admin.post('/core/users/', { username, name: username })).body));
    const group = (await ctx.admin.post('/core/groups/', { name: 'engineers', users: [a.pk, b.pk] })).body;
    const remoteIds = async () => Object.fromEntries((await target.users()).map((u) => [u.userName, u.id]));
    const created = await eventually(() => remoteGroup('engineers'), (g) => memberIds(g).length === 2);
    const ids = await remoteIds();
    expect(memberIds(created)).toEqual([ids['m-a'], ids['m-b']].sort());
    expect(created!.externalId).toBe(group.pk);

    target.requests.length = 0;
    await ctx.admin.post(`/core/groups/${group.pk}/add_user/`, { pk: c.pk });
    await ctx.admin.post(`/core/groups/${group.pk}/remove_user/`, { pk: a.pk });
    await eventually(() => remoteGroup('engineers'), (g) => JSON.stringify(memberIds(g)) === JSON.stringify([ids['m-b'], ids['m-c']].sort()));
    const writes = target.requests.filter((r) => r.method !== 'GET');
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((r) => r.method === 'PATCH' && r.path.startsWith('/Groups/'))).toBe(true);

    await ctx.admin.patch(`/core/groups/${group.pk}/`, { name: 'platform engineers' });
    const renamed = await eventually(() => remoteGroup('platform engineers'), (g) => g !== undefined);
    expect(renamed!.id).toBe(created!.id);
    expect(memberIds(renamed)).toEqual([ids['m-b'], ids['m-c']].sort());

    await ctx.admin.delete(`/core/groups/${group.pk}/`);
    await eventually(() => remoteGroup('platform engineers'), (g) => g === undefined);
  });

  it('resyncs without a single write when nothing changed, and reports the run', async () => {
    await fullSync(ctx.admin, provider.pk);
    target.requests.length = 0;
    const run = await fullSync(ctx.admin, provider.pk);
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'manual', failed: 0, writes: 0 });
    expect(run.total).toBeGreaterThan(0);
    expect(run.done).toBe(run.total);
    expect(target.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('never returns the token', async () => {
    const read = await ctx.admin.get(`/providers/scim/${provider.pk}/`);
    expect(read.body).not.toHaveProperty('token');
    expect(JSON.stringify(read.body)).not.toContain('scimmy-token');
  });
});
