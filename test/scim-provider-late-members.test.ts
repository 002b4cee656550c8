import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/bus.ts';
import { startMemoryScimServer, type MemoryScimServer } from './support/memory-scim-server.ts';
import { testConfig, usePlatform } from './support/platform.ts';
import { createScimProvider, settled } from './support/scim-provider.ts';

const ctx = usePlatform({ providers: { ...testConfig().providers, backoffMs: 50 } });
let server: MemoryScimServer;
let provider: { pk: number };

beforeAll(async () => {
  server = await startMemoryScimServer({ token: 'late' });
  provider = await createScimProvider(ctx.admin, { name: 'late members', url: server.url, token: 'late' });
});
afterAll(() => server?.close());

const postsOf = (userName: string) => server.requests.filter((r) => r.method === 'POST' && r.path === '/Users' && (r.body as { userName?: string }).userName === userName);

describe('a member that reaches the remote after its group', () => {
  it('is added to the group on the remote once it is created there', async () => {
    let refusing = true;
    server.inject({ status: 400, scimType: 'invalidValue', detail: 'not yet', times: Number.POSITIVE_INFINITY, match: (r) => refusing && r.method === 'POST' && JSON.stringify(r.body).includes('"late-member"') });
    const user = (await ctx.admin.post('/core/users/', { username: 'late-member', name: 'Late' })).body;
    const group = (await ctx.admin.post('/core/groups/', { name: 'early group', users: [user.pk] })).body;
    const remoteGroup = () => server.groups().find((g) => g.externalId === group.pk);
    await eventually(async () => remoteGroup(), (g) => g !== undefined);
    await settled(ctx.admin, provider.pk);
    expect(postsOf('late-member').length).toBeGreaterThanOrEqual(1);
    expect(remoteGroup()!.members ?? []).toEqual([]);

    refusing = false;
    await ctx.admin.patch(`/core/users/${user.pk}/`, { name: 'Late But Here' });
    const remoteUser = await eventually(async () => server.users().find((u) => u.userName === 'late-member'), (u) => u !== undefined);
    await eventually(async () => remoteGroup()?.members ?? [], (members) => members.some((m: { value: string }) => m.value === remoteUser!.id));
  });
});
