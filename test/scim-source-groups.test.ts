import { beforeAll, describe, expect, it } from 'vitest';
import { query } from './support/database.ts';
import { usePlatform } from './support/platform.ts';
import { createScimSource, ERROR, GROUP, patchOp, USER, type TestSource } from './support/scim-source.ts';

describe('SCIM source groups', () => {
  const ctx = usePlatform();
  let source: TestSource;
  const users: string[] = [];
  beforeAll(async () => {
    source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'groups');
    for (const name of ['u1', 'u2', 'u3', 'u4']) users.push((await source.call('POST', '/Users', { body: { schemas: [USER], userName: name } })).body.id);
  });

  const members = async (id: string) => ((await source.call('GET', `/Groups/${id}`)).body.members ?? []).map((m: any) => m.value).sort();
  const localMembers = async (id: string) => (await query<{ uuid: string }>(ctx.platform.databaseUrl,
    'select u.uuid::text as uuid from core_group_users gu join core_user u on u.pk = gu.user_pk where gu.group_pk = $1 order by 1', [id])).map((r) => r.uuid);

  it('creates a group with members, each a local membership with its event', async () => {
    const res = await source.call('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Engineering', externalId: 'eng', members: [{ value: users[0] }, { value: users[1] }] } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ schemas: [GROUP], displayName: 'Engineering', externalId: 'eng', meta: { resourceType: 'Group', version: 'W/"1"' } });
    expect(res.body.members.map((m: any) => m.value).sort()).toEqual([users[0], users[1]].sort());
    expect(res.body.members[0]).toMatchObject({ $ref: expect.stringContaining('/v2/Users/'), display: expect.any(String) });
    expect(await localMembers(res.body.id)).toEqual([users[0], users[1]].sort());
    const events = await query(ctx.platform.databaseUrl, `select 1 from event_outbox where type = 'group.membership.changed' and payload->'model'->>'pk' = $1`, [res.body.id]);
    expect(events.length).toBeGreaterThan(0);
  });

  it('adds and removes members by PATCH as Okta and Entra send them, answering 204', async () => {
    const { body } = await source.call('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Sales' } });
    const add = await source.call('PATCH', `/Groups/${body.id}`, { body: patchOp({ op: 'add', path: 'members', value: [{ value: users[0] }, { value: users[1], displayName: 'as Microsoft sends it' }, { value: users[2] }] }) });
    expect(add.status).toBe(204);
    expect(await members(body.id)).toEqual([users[0], users[1], users[2]].sort());
    await source.call('PATCH', `/Groups/${body.id}`, { body: patchOp({ op: 'remove', path: `members[value eq "${users[1]}"]` }) });
    expect(await members(body.id)).toEqual([users[0], users[2]].sort());
    await source.call('PATCH', `/Groups/${body.id}`, { body: patchOp({ op: 'Remove', path: 'members', value: [{ value: users[0] }] }) });
    expect(await members(body.id)).toEqual([users[2]]);
    await source.call('PATCH', `/Groups/${body.id}`, { body: patchOp({ op: 'replace', value: { displayName: 'Sales EMEA', members: [{ value: users[3] }] } }) });
    const after = await source.call('GET', `/Groups/${body.id}`);
    expect(after.body.displayName).toBe('Sales EMEA');
    expect(await members(body.id)).toEqual([users[3]]);
    await source.call('PATCH', `/Groups/${body.id}`, { body: patchOp({ op: 'remove', path: 'members' }) });
    expect(await localMembers(body.id)).toEqual([]);
  });

  it('applies every one of many PATCHes racing on one group, each on the version before it', async () => {
    const { body } = await source.call('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Raced' } });
    const replies = await Promise.all(users.map((id) => source.call('PATCH', `/Groups/${body.id}`, { body: patchOp({ op: 'add', path: 'members', value: [{ value: id }] }) })));
    expect(replies.map((r) => r.status)).toEqual(users.map(() => 204));
    expect(await localMembers(body.id)).toEqual([...users].sort());
    expect((await source.call('GET', `/Groups/${body.id}`)).body.meta.version).toBe(`W/"${users.length + 1}"`);
  });

  it('refuses a member id that names no user, and changes nothing', async () => {
    const { body } = await source.call('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Strict', members: [{ value: users[0] }] } });
    const res = await source.call('PATCH', `/Groups/${body.id}`, { body: patchOp({ op: 'add', path: 'members', value: [{ value: users[1] }, { value: '01900000-0000-7000-8000-000000000000' }] }) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidValue' });
    expect(await localMembers(body.id)).toEqual([users[0]]);
  });

  it('leaves members out when excludedAttributes=members, and filters groups by member', async () => {
    const { body } = await source.call('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Lean', members: [{ value: users[2] }] } });
    const got = await source.call('GET', `/Groups/${body.id}?excludedAttributes=members`);
    expect(got.body.members).toBeUndefined();
    expect(got.body.displayName).toBe('Lean');
    const found = await source.call('GET', `/Groups?filter=${encodeURIComponent(`members[value eq "${users[2]}"] and displayName eq "lean"`)}&excludedAttributes=members`);
    expect(found.body.Resources.map((r: any) => r.id)).toEqual([body.id]);
  });

  it('shows a user’s groups, read-only', async () => {
    const user = await source.call('GET', `/Users/${users[0]}`);
    expect(user.body.groups.map((g: any) => g.display)).toContain('Engineering');
    const res = await source.call('PATCH', `/Users/${users[0]}`, { body: patchOp({ op: 'add', path: 'groups', value: [{ value: 'x' }] }) });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('mutability');
  });

  it('refuses a second group of the same name (409) and deletes groups (204, then 404)', async () => {
    const first = await source.call('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Unique' } });
    const second = await source.call('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Unique' } });
    expect(second.status).toBe(409);
    expect(second.body.scimType).toBe('uniqueness');
    expect((await source.call('DELETE', `/Groups/${first.body.id}`)).status).toBe(204);
    expect((await source.call('GET', `/Groups/${first.body.id}`)).status).toBe(404);
    expect(await query(ctx.platform.databaseUrl, 'select 1 from core_group where pk = $1', [first.body.id])).toEqual([]);
  });
});
