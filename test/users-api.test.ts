import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../services/kernel/secrets.ts';
import { query } from './support/database.ts';
import { client } from './support/http.ts';
import { usePlatform } from './support/platform.ts';

const ctx = usePlatform();


describe('users API', () => {
  it('creates, reads, replaces, patches and deletes a user', async () => {
    const created = await ctx.admin.post('/core/users/', { username: 'jdoe', name: 'Jane Doe', email: 'jane@example.com', attributes: { dept: 'ops' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'jdoe', name: 'Jane Doe', email: 'jane@example.com', is_active: true, type: 'internal', path: 'users', attributes: { dept: 'ops' }, groups: [], is_superuser: false });
    expect(created.body.uid).toMatch(/^[0-9a-f]{64}$/);
    const pk = created.body.pk;

    expect((await ctx.admin.get(`/core/users/${pk}/`)).body).toEqual(created.body);

    const replaced = await ctx.admin.put(`/core/users/${pk}/`, { username: 'jdoe', name: 'Jane D.' });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ name: 'Jane D.', email: '', attributes: {} });

    const patched = await ctx.admin.patch(`/core/users/${pk}/`, { is_active: false });
    expect(patched.body).toMatchObject({ name: 'Jane D.', is_active: false });

    expect((await ctx.admin.delete(`/core/users/${pk}/`)).status).toBe(204);
    expect((await ctx.admin.get(`/core/users/${pk}/`)).status).toBe(404);
  });

  it('pages, searches and filters the list', async () => {
    for (const n of ['list-a', 'list-b', 'list-c']) await ctx.admin.post('/core/users/', { username: n, name: n.toUpperCase(), email: `${n}@corp.test` });
    await ctx.admin.post('/core/users/', { username: 'list-off', name: 'Off', is_active: false });

    const page1 = await ctx.admin.get('/core/users/?search=list-&page_size=2&ordering=username');
    expect(page1.body.pagination).toEqual({ next: 2, previous: 0, count: 4, current: 1, total_pages: 2, start_index: 1, end_index: 2 });
    expect(page1.body.results.map((u: any) => u.username)).toEqual(['list-a', 'list-b']);
    const page2 = await ctx.admin.get('/core/users/?search=list-&page_size=2&page=2&ordering=username');
    expect(page2.body.results.map((u: any) => u.username)).toEqual(['list-c', 'list-off']);
    expect(page2.body.pagination).toMatchObject({ next: 0, previous: 1, start_index: 3, end_index: 4 });

    const inactive = await ctx.admin.get('/core/users/?is_active=false');
    expect(inactive.body.results.map((u: any) => u.username)).toEqual(['list-off']);
    expect((await ctx.admin.get('/core/users/?username=list-b')).body.results).toHaveLength(1);
    expect((await ctx.admin.get('/core/users/?email=list-c@corp.test')).body.results[0].username).toBe('list-c');
    expect((await ctx.admin.get('/core/users/?search=100%25')).body.pagination.count).toBe(0);
  });

  it('filters by group and type', async () => {
    const user = (await ctx.admin.post('/core/users/', { username: 'grouped', name: 'G' })).body;
    const group = (await ctx.admin.post('/core/groups/', { name: 'filter-group', users: [user.pk] })).body;
    const byGroup = await ctx.admin.get(`/core/users/?groups_by_pk=${group.pk}`);
    expect(byGroup.body.results.map((u: any) => u.username)).toEqual(['grouped']);
    await ctx.admin.post('/core/users/service_account/', { name: 'typed-sa' });
    const sas = await ctx.admin.get('/core/users/?type=service_account');
    expect(sas.body.results.map((u: any) => u.username)).toEqual(['typed-sa']);
  });

  it('sets a password, storing only a scrypt hash', async () => {
    const user = (await ctx.admin.post('/core/users/', { username: 'pw-user', name: 'P' })).body;
    const res = await ctx.admin.post(`/core/users/${user.pk}/set_password/`, { password: 'correct horse battery' });
    expect(res.status).toBe(204);
    const [row] = await query<{ password_hash: string }>(ctx.platform.databaseUrl, 'select password_hash from core_user where pk = $1', [user.pk]);
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', row.password_hash)).toBe(true);
    expect(await verifyPassword('wrong horse battery', row.password_hash)).toBe(false);
    expect((await ctx.admin.get(`/core/users/${user.pk}/`)).body.password_change_date).not.toBeNull();
    expect((await ctx.admin.post(`/core/users/${user.pk}/set_password/`, { password: 'short' })).status).toBe(400);
  });

  it('creates a service account whose app password is shown once, expires in 360 days and authenticates', async () => {
    const res = await ctx.admin.post('/core/users/service_account/', { name: 'deploy-bot', create_group: true });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['group_pk', 'token', 'user_pk', 'user_uid', 'username']);
    const user = (await ctx.admin.get(`/core/users/${res.body.user_pk}/`)).body;
    expect(user).toMatchObject({ username: 'deploy-bot', type: 'service_account', groups: [res.body.group_pk] });

    const [token] = await query<{ key_hash: string; expires: Date; intent: string; identifier: string }>(ctx.platform.databaseUrl, 'select key_hash, expires, intent, identifier from core_token where user_pk = $1', [user.pk]);
    expect(token.intent).toBe('app_password');
    expect(token.identifier).toBe('service-account-deploy-bot-password');
    expect(token.key_hash).not.toBe(res.body.token);
    const days = (token.expires.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(359.9);
    expect(days).toBeLessThan(360.1);

    const asBot = client(ctx.platform.baseUrl, res.body.token);
    expect((await asBot.get('/core/users/me/')).body.username).toBe('deploy-bot');
    expect((await asBot.get('/core/users/')).status).toBe(403);

    const again = await ctx.admin.post('/core/users/service_account/', { name: 'deploy-bot' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('username_taken');
  });

  it('creates a non-expiring service account when asked', async () => {
    const res = await ctx.admin.post('/core/users/service_account/', { name: 'forever-bot', expiring: false });
    const [token] = await query<{ expires: Date | null; expiring: boolean }>(ctx.platform.databaseUrl, 'select expires, expiring from core_token where user_pk = $1', [res.body.user_pk]);
    expect(token).toEqual({ expires: null, expiring: false });
  });
});
