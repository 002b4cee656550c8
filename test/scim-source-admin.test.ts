import { describe, expect, it } from 'vitest';
import { query } from './support/database.ts';
import { usePlatform } from './support/platform.ts';
import { createScimSource, ERROR, scim, USER } from './support/scim-source.ts';

describe('SCIM sources through the REST API', () => {
  const ctx = usePlatform();

  it('creates a source with its own service account and a token shown once', async () => {
    const source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'entra');
    const got = await ctx.admin.get('/sources/scim/entra/');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ name: 'Source entra', slug: 'entra', type: 'scim', enabled: true, on_delete: 'delete', adopt_existing: false, base_url_path: '/source/scim/entra/' });
    expect(got.body.token).toBeUndefined();
    const [account] = await query<{ username: string; type: string }>(ctx.platform.databaseUrl, 'select username, type from core_user where pk = $1', [got.body.service_account]);
    expect(account).toEqual({ username: `ak-source-scim-${got.body.pk}`, type: 'internal_service_account' });
    const [stored] = await query<{ key_hash: string }>(ctx.platform.databaseUrl, 'select key_hash from core_token t where t.user_pk = $1', [got.body.service_account]);
    expect(stored.key_hash).not.toContain(source.token);
    expect((await source.call('GET', '/Users')).status).toBe(200);
  });

  it('answers 401 with WWW-Authenticate to every token but the source’s own', async () => {
    const a = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'okta-a');
    const b = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'okta-b');
    for (const token of [b.token, 'test-admin-token-0123456789abcdef', 'nonsense', null]) {
      const res = await scim(a.base, token, 'GET', '/v2/Users');
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="okta-a"');
      expect(res.body).toEqual({ schemas: [ERROR], status: '401', detail: 'A valid bearer token of this source is required.' });
    }
    expect((await scim(a.base, a.token, 'GET', '/v2/Users')).status).toBe(200);
  });

  it('ignores X-Forwarded-Proto and -Host from a peer that is not a trusted proxy', async () => {
    const source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'unproxied');
    const created = await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'direct' }, headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' } });
    expect(created.body.meta.location).toBe(`${source.base}/v2/Users/${created.body.id}`);
  });

  it('rotates the token: the new one works and the old one stops', async () => {
    const source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'rotate');
    const rotated = await ctx.admin.post('/sources/scim/rotate/token/');
    expect(rotated.status).toBe(200);
    expect(rotated.body.token).toMatch(/\S{20,}/);
    expect((await scim(source.base, source.token, 'GET', '/v2/Users')).status).toBe(401);
    expect((await scim(source.base, rotated.body.token, 'GET', '/v2/Users')).status).toBe(200);
  });

  it('refuses a disabled source’s requests with 403 and serves them again when enabled', async () => {
    const source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'paused');
    expect((await ctx.admin.patch('/sources/scim/paused/', { enabled: false })).status).toBe(200);
    const refused = await source.call('GET', '/Users');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ schemas: [ERROR], status: '403' });
    await ctx.admin.patch('/sources/scim/paused/', { enabled: true });
    expect((await source.call('GET', '/Users')).status).toBe(200);
  });

  it('deleting a source removes its service account and token, and keeps the users it made', async () => {
    const source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'gone');
    const made = await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'kept.user' } });
    expect(made.status).toBe(201);
    const { body } = await ctx.admin.get('/sources/scim/gone/');
    expect((await ctx.admin.delete('/sources/scim/gone/')).status).toBe(204);
    expect(await query(ctx.platform.databaseUrl, 'select 1 from core_user where pk = $1', [body.service_account])).toEqual([]);
    expect(await query(ctx.platform.databaseUrl, `select 1 from core_user where username = 'kept.user'`)).toHaveLength(1);
    const after = await scim(source.base, source.token, 'GET', '/v2/Users');
    expect(after.status).toBe(404);
    expect(after.body).toMatchObject({ schemas: [ERROR], status: '404' });
  });

  it('refuses a taken slug, a bad slug and an unknown configuration field', async () => {
    await createScimSource(ctx.admin, ctx.platform.baseUrl, 'taken');
    expect((await ctx.admin.post('/sources/scim/', { name: 'Other', slug: 'taken' })).body.code).toBe('source_slug_taken');
    expect((await ctx.admin.post('/sources/scim/', { name: 'Taken name', slug: 'taken-2' })).status).toBe(201);
    expect((await ctx.admin.post('/sources/scim/', { name: 'Taken name', slug: 'taken-3' })).body.code).toBe('source_name_taken');
    const bad = await ctx.admin.post('/sources/scim/', { name: 'Bad', slug: 'Bad Slug' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toBe('/slug');
    const unknown = await ctx.admin.post('/sources/scim/', { name: 'Unknown', slug: 'unknown', on_delete: 'shred' });
    expect(unknown.status).toBe(400);
    expect((await ctx.admin.get('/sources/nope/')).body.code).toBe('unknown_type');
  });
});
