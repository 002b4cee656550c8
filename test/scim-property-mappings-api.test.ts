import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/bus.ts';
import { startMemoryScimServer, type MemoryScimServer } from './support/memory-scim-server.ts';
import { testConfig, usePlatform } from './support/platform.ts';
import { createScimProvider } from './support/scim-provider.ts';

const ctx = usePlatform({ providers: { ...testConfig().providers, backoffMs: 50 } });
let server: MemoryScimServer;
afterAll(() => server?.close());
beforeAll(async () => { server = await startMemoryScimServer({ token: 'mappings' }); });

describe('/propertymappings/scim/', () => {
  it('refuses an expression that does not compile, with a pointer', async () => {
    const res = await ctx.admin.post('/propertymappings/scim/', { name: 'broken', expression: '{ "title": ' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_mapping', errors: [{ pointer: '/expression' }] });
  });

  it('renders a mapping for a user or a group through the test endpoint', async () => {
    const mapping = (await ctx.admin.post('/propertymappings/scim/', { name: 'title', expression: '{ "title": "Dr " & user.name }' })).body;
    const user = (await ctx.admin.post('/core/users/', { username: 'who', name: 'Who' })).body;
    const rendered = await ctx.admin.post(`/propertymappings/scim/${mapping.pk}/test/`, { user: user.pk });
    expect(rendered.body).toEqual({ result: expect.objectContaining({ userName: 'who', title: 'Dr Who', externalId: user.uid }), error: null });
    const bad = (await ctx.admin.post('/propertymappings/scim/', { name: 'bad', expression: '{ "active": "maybe" }' })).body;
    const failed = await ctx.admin.post(`/propertymappings/scim/${bad.pk}/test/`, { user: user.pk });
    expect(failed.body).toEqual({ result: null, error: { code: 'scim.mapping_invalid', message: expect.stringContaining('/active') } });
    expect((await ctx.admin.post(`/propertymappings/scim/${mapping.pk}/test/`, { user: 999999 })).status).toBe(404);
    expect((await ctx.admin.get('/propertymappings/scim/?name=title')).body.results).toEqual([mapping]);
  });

  it('refuses a provider naming mappings or a filter group that do not exist', async () => {
    const res = await ctx.admin.post('/providers/scim/', { name: 'dangling', url: server.url, token: 't', property_mappings: ['01900000-0000-7000-8000-000000000000'], filter_group: '01900000-0000-7000-8000-000000000001' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ pointer: '/filter_group', message: 'is not a group' }, { pointer: '/property_mappings/0', message: 'is not a scim property mapping' }]);
  });

  it('sends what the mappings produce, and a mapping that fails for one user stops only that user', async () => {
    const mapping = (await ctx.admin.post('/propertymappings/scim/', { name: 'picky', expression: 'user.username = "bad-apple" ? { "active": "no" } : { "title": "Fine" }' })).body;
    const provider = await createScimProvider(ctx.admin, { name: 'mapped', url: server.url, token: 'mappings', property_mappings: [mapping.pk] });
    const good = (await ctx.admin.post('/core/users/', { username: 'good-apple', name: 'Good' })).body;
    const bad = (await ctx.admin.post('/core/users/', { username: 'bad-apple', name: 'Bad' })).body;
    await eventually(async () => server.users().find((u) => u.userName === 'good-apple'), (u) => u?.title === 'Fine');
    const status = await eventually(async () => (await ctx.admin.get(`/providers/scim/${provider.pk}/sync_status/`)).body, (s) => s.errors.length > 0);
    expect(status.errors).toEqual([expect.objectContaining({ local_id: String(bad.pk), error: expect.objectContaining({ code: 'scim.mapping_invalid', remote: null }) })]);
    expect(server.users().some((u) => u.userName === 'bad-apple')).toBe(false);
    expect(good.pk).toBeGreaterThan(0);

    await ctx.admin.patch(`/propertymappings/scim/${mapping.pk}/`, { expression: '{ "title": "Changed" }' });
    await eventually(async () => server.users().filter((u) => ['good-apple', 'bad-apple'].includes(u.userName)), (us) => us.length === 2 && us.every((u) => u.title === 'Changed'));
  });
});
