import { beforeAll, describe, expect, it } from 'vitest';
import { query } from './support/database.ts';
import { usePlatform } from './support/platform.ts';
import { createScimSource, ENTERPRISE, ERROR, patchOp, USER, type TestSource } from './support/scim-source.ts';

const alice = {
  schemas: [USER, ENTERPRISE],
  userName: 'alice@example.com',
  externalId: 'ext-alice',
  name: { givenName: 'Alice', familyName: 'Liddell' },
  displayName: 'Alice Liddell',
  emails: [{ value: 'alice@example.com', type: 'work', primary: true }, { value: 'alice@home.example', type: 'home' }],
  active: true,
  password: 'correct horse battery',
  [ENTERPRISE]: { department: 'Wonderland', manager: { value: 'someone' } },
};

describe('SCIM source users', () => {
  const ctx = usePlatform();
  let source: TestSource;
  beforeAll(async () => {
    source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'users');
  });

  it('creates a user: 201 with Location, ETag and meta, a linked local user, and a user.created event by the source’s account', async () => {
    const res = await source.call('POST', '/Users', { body: alice });
    expect(res.status).toBe(201);
    expect(res.type).toContain('application/scim+json');
    const id = res.body.id;
    expect(res.headers.get('location')).toBe(`${source.base}/v2/Users/${id}`);
    expect(res.headers.get('etag')).toBe('W/"1"');
    expect(res.body).toMatchObject({
      schemas: [USER, ENTERPRISE], id, externalId: 'ext-alice', userName: 'alice@example.com', displayName: 'Alice Liddell', active: true,
      name: { givenName: 'Alice', familyName: 'Liddell' }, [ENTERPRISE]: { department: 'Wonderland', manager: { value: 'someone' } },
      meta: { resourceType: 'User', location: `${source.base}/v2/Users/${id}`, version: 'W/"1"' },
    });
    expect(res.body.password).toBeUndefined();
    const [local] = await query<{ pk: number; username: string; name: string; email: string; is_active: boolean; password_hash: string }>(ctx.platform.databaseUrl, 'select pk, username, name, email, is_active, password_hash from core_user where uuid = $1', [id]);
    expect(local).toMatchObject({ username: 'alice@example.com', name: 'Alice Liddell', email: 'alice@example.com', is_active: true });
    expect(local.password_hash).toMatch(/^scrypt\$/);
    const events = await query<{ payload: any }>(ctx.platform.databaseUrl, `select payload from event_outbox where payload->>'type' = 'user.created' and payload->'model'->>'pk' = $1`, [String(local.pk)]);
    expect(events).toHaveLength(1);
    expect(events[0].payload.actor).toMatchObject({ kind: 'user', username: expect.stringMatching(/^ak-source-scim-/) });
  });

  it('refuses a second user with the same userName in any case: 409 uniqueness', async () => {
    const res = await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'ALICE@example.com' } });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ schemas: [ERROR], status: '409', scimType: 'uniqueness', detail: 'This source has a user named "ALICE@example.com" already.' });
  });

  it('creates one user when many requests race for the same userName in different cases', async () => {
    const names = ['racer', 'RACER', 'Racer', 'rAcer', 'raCer', 'racEr', 'raceR', 'RAcer'];
    const replies = await Promise.all(names.map((userName) => source.call('POST', '/Users', { body: { schemas: [USER], userName } })));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(await query(ctx.platform.databaseUrl, `select 1 from core_user where lower(username) = 'racer'`)).toHaveLength(1);
  });

  it('never takes over a local user unless adopt_existing is set', async () => {
    const local = await ctx.admin.post('/core/users/', { username: 'admin-like', name: 'Local' });
    const refused = await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'admin-like' } });
    expect(refused.status).toBe(409);
    expect(refused.body.scimType).toBe('uniqueness');
    expect(refused.body.detail).toContain('not allowed to adopt');
    const adopting = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'adopting', { adopt_existing: true });
    const adopted = await adopting.call('POST', '/Users', { body: { schemas: [USER], userName: 'admin-like', displayName: 'Adopted' } });
    expect(adopted.status).toBe(201);
    expect(adopted.body.id).toBe(local.body.uuid);
    expect((await ctx.admin.get(`/core/users/${local.body.pk}/`)).body.name).toBe('Adopted');
  });

  it('replaces with PUT, patches with PATCH, and keeps what it does not know out', async () => {
    const created = await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'bob', emails: [{ value: 'bob@a.example', primary: true }], title: 'Dr', 'urn:example:custom:2.0:User': { x: 1 } } });
    const id = created.body.id;
    expect(created.body['urn:example:custom:2.0:User']).toBeUndefined();
    const put = await source.call('PUT', `/Users/${id}`, { body: { schemas: [USER], userName: 'bob', name: { formatted: 'Bob B' }, active: false } });
    expect(put.status).toBe(200);
    expect(put.body.title).toBeUndefined();
    expect(put.body.emails).toBeUndefined();
    expect(put.body).toMatchObject({ name: { formatted: 'Bob B' }, active: false, meta: { version: 'W/"2"' } });
    const patched = await source.call('PATCH', `/Users/${id}`, { body: patchOp({ op: 'Replace', path: 'active', value: 'True' }, { op: 'add', value: { 'name.givenName': 'Bob', nickName: 'B' } }) });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ active: true, nickName: 'B', name: { formatted: 'Bob B', givenName: 'Bob' } });
    const [local] = await query<{ is_active: boolean; name: string }>(ctx.platform.databaseUrl, 'select is_active, name from core_user where uuid = $1', [id]);
    expect(local).toEqual({ is_active: true, name: 'Bob B' });
  });

  it('applies all of a PATCH or none of it', async () => {
    const { body } = await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'carol', title: 'Engineer' } });
    const res = await source.call('PATCH', `/Users/${body.id}`, { body: patchOp({ op: 'replace', path: 'title', value: 'Boss' }, { op: 'replace', path: 'emails[type eq "work"].display', value: 'x' }, { op: 'replace', path: 'id', value: 'mine' }) });
    expect(res.status).toBe(400);
    expect(res.body.schemas).toEqual([ERROR]);
    const after = await source.call('GET', `/Users/${body.id}`);
    expect(after.body.title).toBe('Engineer');
    expect(after.body.meta.version).toBe('W/"1"');
  });

  it('honours If-Match and If-None-Match with the version ETag', async () => {
    const { body } = await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'dave' } });
    const stale = await source.call('PUT', `/Users/${body.id}`, { body: { schemas: [USER], userName: 'dave2' }, headers: { 'if-match': 'W/"7"' } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ schemas: [ERROR], status: '412' });
    expect((await source.call('GET', `/Users/${body.id}`, { headers: { 'if-none-match': 'W/"1"' } })).status).toBe(304);
    const fresh = await source.call('PATCH', `/Users/${body.id}`, { body: patchOp({ op: 'replace', path: 'userName', value: 'dave2' }), headers: { 'if-match': 'W/"1"' } });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).toBe('W/"2"');
  });

  it('lets racing PUTs without If-Match all succeed, the last one winning', async () => {
    const { body } = await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'putter' } });
    const titles = ['a', 'b', 'c', 'd', 'e', 'f'];
    const replies = await Promise.all(titles.map((title) => source.call('PUT', `/Users/${body.id}`, { body: { schemas: [USER], userName: 'putter', title } })));
    expect(replies.map((r) => r.status)).toEqual(titles.map(() => 200));
    const after = await source.call('GET', `/Users/${body.id}`);
    expect(titles).toContain(after.body.title);
    expect(after.body.meta.version).toBe(`W/"${titles.length + 1}"`);
  });

  it('deletes: 204, then 404; the local user is gone', async () => {
    const { body } = await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'erin' } });
    expect((await source.call('DELETE', `/Users/${body.id}`)).status).toBe(204);
    const again = await source.call('GET', `/Users/${body.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ schemas: [ERROR], status: '404' });
    expect((await source.call('DELETE', `/Users/${body.id}`)).status).toBe(404);
    expect(await query(ctx.platform.databaseUrl, 'select 1 from core_user where uuid = $1', [body.id])).toEqual([]);
  });

  it('deactivates instead of deleting when on_delete is deactivate', async () => {
    const soft = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'soft', { on_delete: 'deactivate' });
    const { body } = await soft.call('POST', '/Users', { body: { schemas: [USER], userName: 'frank' } });
    expect((await soft.call('DELETE', `/Users/${body.id}`)).status).toBe(204);
    expect((await soft.call('GET', `/Users/${body.id}`)).status).toBe(404);
    expect(await query(ctx.platform.databaseUrl, 'select is_active from core_user where uuid = $1', [body.id])).toEqual([{ is_active: false }]);
  });

  it('keeps externalId per source: another source sees its own objects only', async () => {
    const other = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'other');
    const { body } = await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'gina', externalId: 'g-1' } });
    expect((await other.call('GET', `/Users/${body.id}`)).status).toBe(404);
    expect((await other.call('GET', '/Users?filter=externalId eq "g-1"')).body.totalResults).toBe(0);
    expect((await source.call('GET', '/Users?filter=externalId eq "g-1"')).body.Resources.map((r: any) => r.id)).toEqual([body.id]);
  });
});
