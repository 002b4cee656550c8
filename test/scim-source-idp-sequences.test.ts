import { beforeAll, describe, expect, it } from 'vitest';
import { query } from './support/database.ts';
import { usePlatform } from './support/platform.ts';
import { createScimSource, ENTERPRISE, GROUP, patchOp, USER, type TestSource } from './support/scim-source.ts';

const listOf = (res: { body: any }) => res.body.Resources.map((r: any) => r.id);

describe('SCIM source driven as identity providers drive it', () => {
  const ctx = usePlatform();
  let okta: TestSource;
  let entra: TestSource;
  beforeAll(async () => {
    okta = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'okta');
    entra = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'entra');
  });

  const local = async (id: string) => (await query<{ username: string; name: string; email: string; is_active: boolean }>(ctx.platform.databaseUrl, 'select username, name, email, is_active from core_user where uuid = $1', [id]))[0];

  it('Okta: look up, create, read, replace, deactivate, and manage a group’s members', async () => {
    const miss = await okta.call('GET', `/Users?filter=${encodeURIComponent('userName eq "jane.doe@example.com"')}&startIndex=1&count=100`);
    expect(miss.body).toMatchObject({ totalResults: 0, Resources: [] });
    const created = await okta.call('POST', '/Users', { body: {
      schemas: [USER], userName: 'jane.doe@example.com', name: { givenName: 'Jane', familyName: 'Doe' },
      emails: [{ primary: true, value: 'jane.doe@example.com', type: 'work' }], displayName: 'Jane Doe', locale: 'en-US', externalId: '00ujl29u0le5T6Aj10h7',
      groups: [], password: '1mz050nq', active: true,
    } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(listOf(await okta.call('GET', `/Users?filter=${encodeURIComponent('userName eq "jane.doe@example.com"')}&startIndex=1&count=100`))).toEqual([id]);
    expect((await okta.call('GET', `/Users/${id}`)).body).toMatchObject({ userName: 'jane.doe@example.com', active: true, name: { givenName: 'Jane' } });
    const replaced = await okta.call('PUT', `/Users/${id}`, { body: {
      schemas: [USER], id, userName: 'jane.doe@example.com', name: { givenName: 'Janet', familyName: 'Doe' },
      emails: [{ primary: true, value: 'janet.doe@example.com', type: 'work' }], displayName: 'Janet Doe', active: true,
      meta: { resourceType: 'User' },
    } });
    expect(replaced.status).toBe(200);
    expect(await local(id)).toMatchObject({ name: 'Janet Doe', email: 'janet.doe@example.com' });
    const deactivated = await okta.call('PATCH', `/Users/${id}`, { body: patchOp({ op: 'replace', value: { active: false } }) });
    expect(deactivated.body.active).toBe(false);
    expect((await local(id)).is_active).toBe(false);

    const group = await okta.call('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Test SCIMv2', members: [] } });
    expect(group.status).toBe(201);
    const gid = group.body.id;
    const renamed = await okta.call('PATCH', `/Groups/${gid}`, { body: patchOp({ op: 'replace', value: { id: gid, displayName: 'Test SCIMv2 renamed' } }) });
    expect(renamed.status).toBe(204);
    await okta.call('PATCH', `/Groups/${gid}`, { body: patchOp({ op: 'add', path: 'members', value: [{ value: id, display: 'jane.doe@example.com' }] }) });
    expect(listOf(await okta.call('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Test SCIMv2 renamed"')}`))).toEqual([gid]);
    expect((await okta.call('GET', `/Groups/${gid}`)).body.members.map((m: any) => m.value)).toEqual([id]);
    await okta.call('PATCH', `/Groups/${gid}`, { body: patchOp({ op: 'remove', path: `members[value eq "${id}"]` }) });
    expect((await okta.call('GET', `/Groups/${gid}`)).body.members).toBeUndefined();
    expect((await okta.call('DELETE', `/Groups/${gid}`)).status).toBe(204);
  });

  it('Entra: test connection, create with the enterprise extension, patch in Entra’s shapes, disable, groups, delete', async () => {
    expect((await entra.call('GET', `/Users?filter=${encodeURIComponent('userName eq "4b7f1ae2-8a0c-4e3f-9b1a-2f6f1b1d3c55"')}`)).body.totalResults).toBe(0);
    const manager = await entra.call('POST', '/Users', { body: { schemas: [USER], userName: 'boss@contoso.example', externalId: 'boss', active: true } });
    const created = await entra.call('POST', '/Users', { body: {
      schemas: [USER, ENTERPRISE], externalId: 'alias1', userName: 'Test_User_ab6490ee@contoso.example', active: true, displayName: 'Test User',
      emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b@contoso.example' }], meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' }, roles: [],
      [ENTERPRISE]: { employeeNumber: '3', department: 'Marketing', manager: { value: manager.body.id } },
    } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.roles).toBeUndefined();
    const patched = await entra.call('PATCH', `/Users/${id}`, { body: patchOp(
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updated@contoso.example' },
      { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      { op: 'Add', path: `${ENTERPRISE}:department`, value: 'Sales' },
      { op: 'Replace', path: `${ENTERPRISE}:manager`, value: manager.body.id },
      { op: 'Add', value: { 'name.givenName': 'Updated', title: 'Lead' } },
    ) });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      emails: [{ primary: true, type: 'work', value: 'updated@contoso.example' }], name: { familyName: 'updatedFamilyName', givenName: 'Updated' }, title: 'Lead',
      [ENTERPRISE]: { department: 'Sales', employeeNumber: '3', manager: { value: manager.body.id } },
    });
    expect((await local(id)).email).toBe('updated@contoso.example');
    const disabled = await entra.call('PATCH', `/Users/${id}`, { body: patchOp({ op: 'Replace', path: 'active', value: 'False' }) });
    expect(disabled.body.active).toBe(false);
    const watermark = new Date(Date.now() - 60_000).toISOString();
    const delta = await entra.call('GET', `/Users?filter=${encodeURIComponent(`(ActiVe eq false) and meta.lastmodified ge "${watermark}"`)}&count=200`);
    expect(listOf(delta)).toEqual([id]);

    expect((await entra.call('GET', `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Marketing"')}`)).body.totalResults).toBe(0);
    const group = await entra.call('POST', '/Groups', { body: { schemas: [GROUP], externalId: 'grp-1', displayName: 'Marketing', members: [] } });
    const gid = group.body.id;
    await entra.call('PATCH', `/Groups/${gid}`, { body: patchOp({ op: 'Add', path: 'members', value: [{ value: id }, { value: manager.body.id }] }) });
    await entra.call('PATCH', `/Groups/${gid}`, { body: patchOp({ op: 'Remove', path: 'members', value: [{ value: manager.body.id }] }) });
    expect((await entra.call('GET', `/Groups/${gid}`)).body.members.map((m: any) => m.value)).toEqual([id]);
    expect((await entra.call('DELETE', `/Users/${id}`)).status).toBe(204);
    expect((await entra.call('GET', `/Users/${id}`)).status).toBe(404);
    expect((await entra.call('GET', `/Groups/${gid}`)).body.members).toBeUndefined();
  });
});
