import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/bus.ts';
import { startMemoryScimServer, type MemoryScimServer } from './support/memory-scim-server.ts';
import { testConfig, usePlatform } from './support/platform.ts';
import { createScimProvider, fullSync } from './support/scim-provider.ts';

const ctx = usePlatform({ providers: { ...testConfig().providers, backoffMs: 50 } });
let server: MemoryScimServer;
let provider: { pk: number };
let parent: { pk: string };
let child: { pk: string };

const names = () => server.users().map((u) => u.userName).sort();
const user = async (username: string, extra: object = {}) => (await ctx.admin.post('/core/users/', { username, name: username, ...extra })).body;

beforeAll(async () => {
  server = await startMemoryScimServer({ token: 'scope' });
  parent = (await ctx.admin.post('/core/groups/', { name: 'staff' })).body;
  child = (await ctx.admin.post('/core/groups/', { name: 'staff-engineering', parent: parent.pk })).body;
  await ctx.admin.post('/core/groups/', { name: 'contractors' });
  provider = await createScimProvider(ctx.admin, { name: 'scoped', url: server.url, token: 'scope', filter_group: parent.pk, deprovision: 'delete' });
});
afterAll(() => server?.close());

describe('a SCIM provider restricted to a filter group', () => {
  it('provisions members of the filter group and of groups below it, and only those groups', async () => {
    const direct = await user('direct');
    const nested = await user('nested');
    await user('outsider');
    await ctx.admin.post(`/core/groups/${parent.pk}/add_user/`, { pk: direct.pk });
    await ctx.admin.post(`/core/groups/${child.pk}/add_user/`, { pk: nested.pk });
    await eventually(async () => names(), (n) => n.includes('direct') && n.includes('nested'));
    await fullSync(ctx.admin, provider.pk);
    expect(names()).toEqual(['direct', 'nested']);
    expect(server.groups().map((g) => g.displayName).sort()).toEqual(['staff', 'staff-engineering']);
  });

  it('deprovisions a user who leaves the scope, and provisions one who enters it', async () => {
    const mover = await user('mover');
    await ctx.admin.post(`/core/groups/${child.pk}/add_user/`, { pk: mover.pk });
    await eventually(async () => names(), (n) => n.includes('mover'));
    await ctx.admin.post(`/core/groups/${child.pk}/remove_user/`, { pk: mover.pk });
    await eventually(async () => names(), (n) => !n.includes('mover'));
  });

  it('moves whole subtrees in and out of scope when a group changes parent', async () => {
    const team = (await ctx.admin.post('/core/groups/', { name: 'floating team' })).body;
    const floater = await user('floater');
    await ctx.admin.post(`/core/groups/${team.pk}/add_user/`, { pk: floater.pk });
    await ctx.admin.patch(`/core/groups/${team.pk}/`, { parent: child.pk });
    await eventually(async () => names(), (n) => n.includes('floater'));
    await ctx.admin.patch(`/core/groups/${team.pk}/`, { parent: null });
    await eventually(async () => names(), (n) => !n.includes('floater'));
    await eventually(async () => server.groups().map((g) => g.displayName), (g) => !g.includes('floating team'));
  });

  it('applies a scope change made while a full sync runs, by syncing again after it', async () => {
    const team = (await ctx.admin.post('/core/groups/', { name: 'late team' })).body;
    const latecomer = await user('latecomer');
    await ctx.admin.post(`/core/groups/${team.pk}/add_user/`, { pk: latecomer.pk });
    const slowpoke = await user('slowpoke');
    server.inject({ delayMs: 1500, match: (r) => r.method === 'POST' && r.path === '/Users' });
    await ctx.admin.post(`/core/groups/${parent.pk}/add_user/`, { pk: slowpoke.pk });
    const { body } = await ctx.admin.post(`/providers/scim/${provider.pk}/sync/`);
    await ctx.admin.patch(`/core/groups/${team.pk}/`, { parent: parent.pk });
    const run = await fullSync(ctx.admin, provider.pk);
    expect(run).toMatchObject({ trigger: 'config', status: 'succeeded' });
    expect(run.pk).not.toBe(body.run.pk);
    expect(names()).toEqual(expect.arrayContaining(['latecomer', 'slowpoke']));
  });

  it('leaves service accounts out unless told otherwise', async () => {
    const account = (await ctx.admin.post('/core/users/service_account/', { name: 'robot' })).body;
    await ctx.admin.post(`/core/groups/${parent.pk}/add_user/`, { pk: account.user_pk });
    await fullSync(ctx.admin, provider.pk);
    expect(names()).not.toContain('robot');
    await ctx.admin.patch(`/providers/scim/${provider.pk}/`, { exclude_users_service_account: false });
    await eventually(async () => names(), (n) => n.includes('robot'));
  });
});
