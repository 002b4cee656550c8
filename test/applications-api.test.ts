import { describe, expect, it } from 'vitest';
import { usePlatform } from './support/platform.ts';

const ctx = usePlatform();

describe('applications API', () => {
  it('creates, reads, replaces, patches, lists and deletes an application by slug', async () => {
    const created = await ctx.admin.post('/core/applications/', { name: 'Grafana', slug: 'grafana', meta_launch_url: 'https://grafana.example.com', backchannel_providers: [3] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Grafana', slug: 'grafana', provider: null, backchannel_providers: [3], group: '', meta_launch_url: 'https://grafana.example.com' });
    expect((await ctx.admin.get('/core/applications/grafana/')).body).toEqual(created.body);
    const replaced = await ctx.admin.put('/core/applications/grafana/', { name: 'Grafana', slug: 'grafana', provider: 7 });
    expect(replaced.body).toMatchObject({ provider: 7, backchannel_providers: [], meta_launch_url: '' });
    const patched = await ctx.admin.patch('/core/applications/grafana/', { group: 'monitoring' });
    expect(patched.body).toMatchObject({ provider: 7, group: 'monitoring' });
    await ctx.admin.post('/core/applications/', { name: 'Wiki', slug: 'wiki' });
    expect((await ctx.admin.get('/core/applications/?search=graf')).body.results.map((a: any) => a.slug)).toEqual(['grafana']);
    expect((await ctx.admin.get('/core/applications/?ordering=-name')).body.results.map((a: any) => a.slug)).toEqual(['wiki', 'grafana']);
    const dup = await ctx.admin.post('/core/applications/', { name: 'Again', slug: 'wiki' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('slug_taken');
    expect((await ctx.admin.post('/core/applications/', { name: 'Bad', slug: 'Not A Slug' })).body.errors[0].pointer).toBe('/slug');
    expect((await ctx.admin.delete('/core/applications/grafana/')).status).toBe(204);
    expect((await ctx.admin.get('/core/applications/grafana/')).status).toBe(404);
  });
});
