import { describe, expect, it } from 'vitest';
import { eventually } from './support/bus.ts';
import { query } from './support/database.ts';
import { usePlatform } from './support/platform.ts';
import { createScimSource, ENTERPRISE, ERROR, GROUP, patchOp, USER } from './support/scim-source.ts';

const ctx = usePlatform();

async function mapping(name: string, expression: string, type = 'scim-source'): Promise<{ pk: string }> {
  const res = await ctx.admin.post(`/propertymappings/${type}/`, { name, expression });
  if (res.status !== 201) throw new Error(`creating mapping ${name} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function localUser(username: string) {
  const res = await ctx.admin.get(`/core/users/?username=${encodeURIComponent(username)}`);
  return res.body.results[0] as { pk: number; uuid: string; username: string; name: string; email: string; is_active: boolean; attributes: Record<string, unknown> } | undefined;
}

const alice = {
  schemas: [USER, ENTERPRISE],
  userName: 'alice',
  name: { givenname: 'Alice', familyName: 'Liddell' },
  displayName: 'Alice L.',
  emails: [{ value: 'alice@home.example', type: 'home' }, { value: 'alice@example.com', type: 'work', primary: true }],
  active: true,
  [ENTERPRISE]: { department: 'Wonderland' },
};

describe('SCIM source property mappings', () => {
  it('compute the local user and group from the received resource, while SCIM shows what the identity provider sent', async () => {
    const username = await mapping('user username', '{ "username": resource.emails[primary = true].value }');
    const name = await mapping('user name', '{ "name": resource.name.familyName & ", " & resource.name.givenName }');
    const department = await mapping('user department', `{ "attributes": { "department": resource."${ENTERPRISE}".department, "kind": kind } }`);
    const prefix = await mapping('group prefix', '{ "name": "idp-" & resource.displayName, "attributes": { "origin": "okta" } }');
    const source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'mapped', {
      user_property_mappings: [username.pk, name.pk, department.pk],
      group_property_mappings: [prefix.pk],
    });

    const created = await source.call('POST', '/Users', { body: alice });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ userName: 'alice', active: true, displayName: 'Alice L.', name: { givenName: 'Alice', familyName: 'Liddell' }, [ENTERPRISE]: { department: 'Wonderland' } });
    const local = await localUser('alice@example.com');
    expect(local).toMatchObject({ uuid: created.body.id, username: 'alice@example.com', name: 'Liddell, Alice', email: 'alice@example.com', is_active: true, attributes: { department: 'Wonderland', kind: 'user' } });
    expect(await localUser('alice')).toBeUndefined();

    const found = await source.call('GET', '/Users?filter=userName eq "ALICE"');
    expect(found.body.Resources.map((r: { id: string; userName: string }) => [r.id, r.userName])).toEqual([[created.body.id, 'alice']]);
    expect((await source.call('GET', '/Users?filter=userName eq "alice@example.com"')).body.totalResults).toBe(0);

    await ctx.admin.patch(`/core/users/${local!.pk}/`, { attributes: { ...local!.attributes, badge: 42 } });
    const patched = await source.call('PATCH', `/Users/${created.body.id}`, { body: patchOp({ op: 'replace', path: 'name.givenName', value: 'Alicia' }, { op: 'replace', path: `${ENTERPRISE}:department`, value: 'Looking Glass' }) });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ userName: 'alice', name: { givenName: 'Alicia' } });
    expect(await localUser('alice@example.com')).toMatchObject({ name: 'Liddell, Alicia', attributes: { department: 'Looking Glass', kind: 'user', badge: 42 } });

    const group = await source.call('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Engineers', members: [{ value: created.body.id }] } });
    expect(group.status).toBe(201);
    expect(group.body).toMatchObject({ displayName: 'Engineers', members: [{ value: created.body.id }] });
    const [localGroup] = await query<{ name: string; attributes: Record<string, unknown> }>(ctx.platform.databaseUrl, 'select name, attributes from core_group where pk = $1', [group.body.id]);
    expect(localGroup).toEqual({ name: 'idp-Engineers', attributes: { origin: 'okta' } });
    const groups = await source.call('GET', '/Groups?filter=displayName eq "Engineers"&excludedAttributes=members');
    expect(groups.body.Resources).toEqual([expect.objectContaining({ id: group.body.id, displayName: 'Engineers' })]);
  });

  it('apply in name order, a later mapping overriding an earlier one and adding to its attributes', async () => {
    const second = await mapping('2 second', '{ "name": "Second", "is_active": false, "attributes": { "tier": "two" } }');
    const first = await mapping('1 first', '{ "name": "First", "email": "first@example.com", "attributes": { "tier": "one", "from": "first" } }');
    const source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'ordered', { user_property_mappings: [second.pk, first.pk] });
    const created = await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'ordered-user', active: true } });
    expect(created.status).toBe(201);
    expect(created.body.active).toBe(true);
    expect(await localUser('ordered-user')).toMatchObject({ name: 'Second', email: 'first@example.com', is_active: false, attributes: { tier: 'two', from: 'first' } });
    expect((await source.call('GET', '/Users?filter=active eq true')).body.totalResults).toBe(1);
  });

  it('refuse the request with a SCIM 400 invalidValue naming the failing mapping, and write nothing', async () => {
    const throws = await mapping('throws', '$error("no department given")');
    const text = await mapping('text', '"just text"');
    const extra = await mapping('extra', '{ "title": resource.title }');
    const typed = await mapping('typed', '{ "is_active": "yes" }');
    const cases: [{ pk: string }, string][] = [
      [throws, 'mapping "throws" failed: no department given (at character 7)'],
      [text, 'mapping "text" must produce an object, not string'],
      [extra, 'mapping "extra" produced "title", which is not a local user field (username, name, email, is_active, attributes)'],
      [typed, 'mapping "typed" produced is_active as a string, not a boolean'],
    ];
    for (const [failing, detail] of cases) {
      const slug = `failing-${failing.pk.slice(-6)}`;
      const source = await createScimSource(ctx.admin, ctx.platform.baseUrl, slug, { user_property_mappings: [failing.pk] });
      const res = await source.call('POST', '/Users', { body: { schemas: [USER], userName: `victim-${slug}`, title: 'Dr' } });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ schemas: [ERROR], status: '400', scimType: 'invalidValue', detail: `A property mapping failed: ${detail}.` });
      expect(await localUser(`victim-${slug}`)).toBeUndefined();
      expect((await source.call('GET', '/Users')).body.totalResults).toBe(0);
    }
  });

  it('see a mapping edited after the source started', async () => {
    const edited = await mapping('edited', '{ "name": "Before" }');
    const source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'edited', { user_property_mappings: [edited.pk] });
    const created = await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'edited-user' } });
    expect((await localUser('edited-user'))?.name).toBe('Before');
    await ctx.admin.patch(`/propertymappings/scim-source/${edited.pk}/`, { expression: '{ "name": "After" }' });
    const local = await eventually(async () => {
      await source.call('PUT', `/Users/${created.body.id}`, { body: { schemas: [USER], userName: 'edited-user' } });
      return localUser('edited-user');
    }, (u) => u?.name === 'After');
    expect(local?.name).toBe('After');
  });

  it('render a received resource (never its password) through the test endpoint, and only the language that takes the subject renders it', async () => {
    const name = await mapping('test name', '{ "name": $uppercase(resource.name.familyName), "attributes": { "cost_center": resource."' + ENTERPRISE + '".costCenter, "password": resource.password } }');
    const rendered = await ctx.admin.post(`/propertymappings/scim-source/${name.pk}/test/`, {
      kind: 'user',
      resource: { schemas: [USER, ENTERPRISE], USERNAME: 'tester', name: { familyName: 'Tester' }, emails: [{ value: 't@example.com' }], password: 'secret', [ENTERPRISE]: { costCenter: 'CC-1' } },
    });
    expect(rendered.status).toBe(200);
    expect(rendered.body).toEqual({ result: { username: 'tester', name: 'TESTER', email: 't@example.com', is_active: true, attributes: { cost_center: 'CC-1' } }, error: null });
    const group = await mapping('test group', '{ "name": "g-" & resource.displayName }');
    expect((await ctx.admin.post(`/propertymappings/scim-source/${group.pk}/test/`, { kind: 'group', resource: { displayName: 'Ops' } })).body).toEqual({ result: { name: 'g-Ops' }, error: null });

    const invalid = await ctx.admin.post(`/propertymappings/scim-source/${name.pk}/test/`, { kind: 'user', resource: { displayName: 'No user name' } });
    expect(invalid.body).toEqual({ result: null, error: { code: 'scim.mapping_subject', message: 'the resource is not a valid SCIM User: userName is required and must not be blank.' } });
    const user = (await ctx.admin.post('/core/users/', { username: 'directory-user', name: 'Directory' })).body;
    const directory = await ctx.admin.post(`/propertymappings/scim-source/${name.pk}/test/`, { user: user.pk });
    expect(directory.body).toEqual({ result: null, error: { code: 'scim.mapping_subject', message: expect.stringContaining('not a directory user or group') } });
    const provider = await mapping('provider title', '{ "title": "x" }', 'scim');
    const received = await ctx.admin.post(`/propertymappings/scim/${provider.pk}/test/`, { kind: 'user', resource: { userName: 'x' } });
    expect(received.body).toEqual({ result: null, error: { code: 'scim.mapping_subject', message: expect.stringContaining('not a received resource') } });
    expect((await ctx.admin.post(`/propertymappings/scim-source/${name.pk}/test/`, { resource: { userName: 'x' } })).status).toBe(400);
  });

  it('may only be scim-source mappings: a source naming others, and a provider naming these, are refused with pointers', async () => {
    const provider = await mapping('a provider mapping', '{ "title": "x" }', 'scim');
    const sourceMapping = await mapping('a source mapping', '{ "name": "x" }');
    const refused = await ctx.admin.post('/sources/scim/', { name: 'Refused', slug: 'refused', user_property_mappings: [sourceMapping.pk, provider.pk], group_property_mappings: ['01900000-0000-7000-8000-000000000000'] });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { pointer: '/user_property_mappings/1', message: 'is not a scim-source property mapping' },
      { pointer: '/group_property_mappings/0', message: 'is not a scim-source property mapping' },
    ]);
    expect((await ctx.admin.get('/sources/scim/refused/')).status).toBe(404);
    const providerRefused = await ctx.admin.post('/providers/scim/', { name: 'wrong mappings', url: 'http://127.0.0.1:9/v2', token: 't', property_mappings: [sourceMapping.pk] });
    expect(providerRefused.status).toBe(400);
    expect(providerRefused.body.errors).toEqual([{ pointer: '/property_mappings/0', message: 'is not a scim property mapping' }]);
  });
});
