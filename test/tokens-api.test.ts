import { describe, expect, it } from 'vitest';
import { hashKey } from '../services/kernel/secrets.ts';
import { query } from './support/database.ts';
import { client } from './support/http.ts';
import { usePlatform } from './support/platform.ts';

const ctx = usePlatform();


describe('tokens API', () => {
  it('shows the key once, stores only its hash and authenticates with it', async () => {
    const created = await ctx.admin.post('/core/tokens/', { identifier: 'ci-token', intent: 'api', description: 'for CI' });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^[A-Za-z0-9_-]{64}$/);
    const [row] = await query<{ key_hash: string }>(ctx.platform.databaseUrl, `select key_hash from core_token where identifier = 'ci-token'`);
    expect(row.key_hash).toBe(hashKey(created.body.key));
    const read = await ctx.admin.get('/core/tokens/ci-token/');
    expect(read.body).not.toHaveProperty('key');
    expect(read.body).toMatchObject({ identifier: 'ci-token', intent: 'api', description: 'for CI', expiring: true });
    expect((await client(ctx.platform.baseUrl, created.body.key).get('/core/users/me/')).body.username).toBe('admin');
  });

  it('refuses expired, deleted, unknown and non-api tokens', async () => {
    const expired = await ctx.admin.post('/core/tokens/', { identifier: 'old', expires: new Date(Date.now() - 1000).toISOString() });
    const asExpired = await client(ctx.platform.baseUrl, expired.body.key).get('/core/users/me/');
    expect(asExpired.status).toBe(401);
    expect(asExpired.type).toContain('application/problem+json');

    const recovery = await ctx.admin.post('/core/tokens/', { identifier: 'recovery-1', intent: 'recovery' });
    expect((await client(ctx.platform.baseUrl, recovery.body.key).get('/core/users/me/')).status).toBe(401);

    const gone = await ctx.admin.post('/core/tokens/', { identifier: 'gone' });
    expect((await ctx.admin.delete('/core/tokens/gone/')).status).toBe(204);
    expect((await client(ctx.platform.baseUrl, gone.body.key).get('/core/users/me/')).status).toBe(401);

    expect((await client(ctx.platform.baseUrl, 'not-a-token').get('/core/users/me/')).status).toBe(401);
    const none = await client(ctx.platform.baseUrl, null).get('/core/users/me/');
    expect(none.status).toBe(401);
  });

  it('lets a user manage only their own tokens', async () => {
    const sa = (await ctx.admin.post('/core/users/service_account/', { name: 'token-owner' })).body;
    const owner = client(ctx.platform.baseUrl, sa.token);
    const own = await owner.post('/core/tokens/', { identifier: 'owner-token' });
    expect(own.status).toBe(201);
    expect(own.body.user).toBe(sa.user_pk);
    const listed = await owner.get('/core/tokens/');
    expect(listed.body.results.map((t: any) => t.identifier).sort()).toEqual(['owner-token', 'service-account-token-owner-password']);
    expect((await owner.get('/core/tokens/ci-token/')).status).toBe(404);
    expect((await owner.post('/core/tokens/', { identifier: 'for-admin', user: 1 })).status).toBe(403);
    const updated = await owner.patch('/core/tokens/owner-token/', { description: 'mine', expiring: false });
    expect(updated.body).toMatchObject({ description: 'mine', expiring: false, expires: null });
    expect((await owner.patch('/core/tokens/owner-token/', { identifier: 'renamed' })).status).toBe(400);
  });

  it('refuses a duplicate identifier with 409', async () => {
    await ctx.admin.post('/core/tokens/', { identifier: 'dupe' });
    const again = await ctx.admin.post('/core/tokens/', { identifier: 'dupe' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('token_identifier_taken');
  });
});
