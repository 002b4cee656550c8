import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'ldapts';
import { ldapAddresses, makeUser, resultCode, within, type LdapAddresses } from './support/ldap.ts';
import { attrsOf, BASE, Clients, groupDN, makeGroup, password, standardDirectory, userDN, virtualDN, type Attrs, type StandardDirectory } from './support/ldap-directory.ts';
import { usePlatform } from './support/platform.ts';

const MOVED = 'dc=moved,dc=test';

describe('LDAP follows changes made through the REST API within a second', () => {
  const ctx = usePlatform();
  let addresses: LdapAddresses;
  const clients = new Clients(() => addresses);
  let dir: StandardDirectory;
  let reader: Client;
  /** The entry's attributes, or undefined while it is not there. */
  const entry = async (dn: string, attributes = ['*']): Promise<Attrs | undefined> => {
    try {
      return attrsOf((await reader.search(dn, { scope: 'base', attributes })).searchEntries[0]);
    } catch (err) {
      if ((err as { code?: number }).code === 32) return undefined;
      throw err;
    }
  };
  const gone = async (dn: string) => (await entry(dn)) === undefined;
  const ok = async (reply: Promise<{ status: number }>, status = 200) => expect((await reply).status).toBe(status);

  beforeAll(async () => {
    addresses = await ldapAddresses(ctx.platform);
    dir = await standardDirectory(ctx.admin, clients);
    reader = await clients.as(userDN('searcher'), password('searcher'));
  });
  afterAll(() => clients.close());

  it('shows a new user, its renaming (groups follow), deactivation and deletion', async () => {
    const created = await ctx.admin.post('/core/users/', { username: 'newbie', name: 'New Bie', groups: [dir.staff.pk] });
    expect(created.status).toBe(201);
    const pk = created.body.pk;
    expect(await within(1000, () => entry(userDN('newbie')))).toMatchObject({ cn: ['newbie'], uidNumber: [String(2000 + pk)], memberOf: [groupDN('Staff')] });
    await within(1000, async () => (await entry(virtualDN('newbie'))) && (await entry(groupDN('Staff'), ['memberUid']))?.memberUid.includes('newbie'));

    await ok(ctx.admin.patch(`/core/users/${pk}/`, { username: 'renamed', name: 'Re Named' }));
    await within(1000, async () => (await gone(userDN('newbie'))) && (await entry(userDN('renamed')))?.displayName?.[0] === 'Re Named');
    const staff = await within(1000, async () => {
      const g = await entry(groupDN('Staff'), ['member', 'memberUid']);
      return g?.memberUid.includes('renamed') && g;
    });
    expect(staff.member).toContain(userDN('renamed'));
    expect(staff.member).not.toContain(userDN('newbie'));
    expect(await gone(virtualDN('newbie'))).toBe(true);

    await ok(ctx.admin.patch(`/core/users/${pk}/`, { is_active: false }));
    await within(1000, async () => (await entry(userDN('renamed'), ['ak-active']))?.['ak-active']?.[0] === 'FALSE');

    await ok(ctx.admin.delete(`/core/users/${pk}/`), 204);
    await within(1000, async () => (await gone(userDN('renamed'))) && (await gone(virtualDN('renamed'))));
    await within(1000, async () => !(await entry(groupDN('Staff'), ['memberUid']))?.memberUid.includes('renamed'));
  });

  it('serves a user whose DN another user held (usernames equal ignoring case) once that one is renamed', async () => {
    const first = await makeUser(ctx.admin, 'dave', password('dave'), { name: 'Dave One' });
    await makeUser(ctx.admin, 'Dave', password('Dave'), { name: 'Dave Two' });
    expect(await within(1000, async () => (await entry(userDN('Dave'), ['displayName']))?.displayName)).toEqual(['Dave One']);
    await ok(ctx.admin.patch(`/core/users/${first}/`, { name: 'Dave Uno' }));
    await within(1000, async () => (await entry(userDN('dave'), ['displayName']))?.displayName[0] === 'Dave Uno');
    expect(await entry(virtualDN('DAVE'), ['uidNumber', 'gidNumber'])).toEqual({ gidNumber: [String(2000 + first)] });
    await ok(ctx.admin.patch(`/core/users/${first}/`, { username: 'david' }));
    await within(1000, async () => (await entry(userDN('david'), ['cn']))?.cn[0] === 'david' && (await entry(userDN('Dave'), ['cn']))?.cn[0] === 'Dave');
    expect(await entry(virtualDN('Dave'), ['cn'])).toEqual({ cn: ['Dave'] });
    const dave = await clients.as(userDN('DAVE'), password('Dave'));
    expect((await dave.search(userDN('Dave'), { scope: 'base', attributes: ['displayName'] })).searchEntries[0].displayName).toBe('Dave Two');
  });

  it('shows members added and removed, on the group and in memberOf', async () => {
    await ok(ctx.admin.post(`/core/groups/${dir.ops.pk}/add_user/`, { pk: dir.alice }), 204);
    await within(1000, async () => (await entry(userDN('alice'), ['memberOf']))?.memberOf.includes(groupDN('Posix Ops')) && (await entry(groupDN('Posix Ops'), ['memberUid']))?.memberUid.includes('alice'));
    await ok(ctx.admin.post(`/core/groups/${dir.ops.pk}/remove_user/`, { pk: dir.alice }), 204);
    await within(1000, async () => !(await entry(userDN('alice'), ['memberOf']))?.memberOf.includes(groupDN('Posix Ops')) && !(await entry(groupDN('Posix Ops'), ['memberUid']))?.memberUid.includes('alice'));
  });

  it("shows a group's renaming and deletion in its members' memberOf", async () => {
    const temp = await makeGroup(ctx.admin, 'Temp Team', { users: [dir.alice] });
    await within(1000, async () => (await entry(userDN('alice'), ['memberOf']))?.memberOf.includes(groupDN('Temp Team')));
    await ok(ctx.admin.patch(`/core/groups/${temp.pk}/`, { name: 'Renamed Team' }));
    await within(1000, async () => {
      const memberOf = (await entry(userDN('alice'), ['memberOf']))?.memberOf ?? [];
      return memberOf.includes(groupDN('Renamed Team')) && !memberOf.includes(groupDN('Temp Team')) && (await gone(groupDN('Temp Team'))) && (await entry(groupDN('Renamed Team')));
    });
    await ok(ctx.admin.delete(`/core/groups/${temp.pk}/`), 204);
    await within(1000, async () => (await gone(groupDN('Renamed Team'))) && !(await entry(userDN('alice'), ['memberOf']))?.memberOf.includes(groupDN('Renamed Team')));
  });

  it('shows changed attributes: custom ones, uidNumber and gidNumber overrides', async () => {
    await ok(ctx.admin.patch(`/core/users/${dir.alice}/`, { attributes: { department: 'Ops', uidNumber: 6100 } }));
    const alice = await within(1000, async () => {
      const e = await entry(userDN('alice'));
      return e?.department?.[0] === 'Ops' && e;
    });
    expect(alice).toMatchObject({ uidNumber: ['6100'], gidNumber: ['6100'] });
    expect(alice['goauthentikio-user-service-account']).toBeUndefined();
    await within(1000, async () => (await entry(virtualDN('alice'), ['gidNumber']))?.gidNumber[0] === '6100');
    await ok(ctx.admin.patch(`/core/groups/${dir.ops.pk}/`, { attributes: { gidNumber: 7100 } }));
    await within(1000, async () => (await entry(groupDN('Posix Ops'), ['gidNumber']))?.gidNumber[0] === '7100');
  });

  it("makes members superusers when their group's parent becomes a superuser group", async () => {
    const admins = await makeGroup(ctx.admin, 'Root Admins', { is_superuser: true });
    expect((await entry(userDN('bob'), ['ak-superuser']))?.['ak-superuser']).toEqual(['FALSE']);
    await ok(ctx.admin.patch(`/core/groups/${dir.staff.pk}/`, { parent: admins.pk }));
    await within(1000, async () => (await entry(userDN('bob'), ['ak-superuser']))?.['ak-superuser'][0] === 'TRUE' && (await entry(userDN('alice'), ['ak-superuser']))?.['ak-superuser'][0] === 'TRUE');
    expect((await entry(userDN('searcher'), ['ak-superuser']))?.['ak-superuser']).toEqual(['FALSE']);
    await ok(ctx.admin.patch(`/core/groups/${admins.pk}/`, { is_superuser: false }));
    await within(1000, async () => (await entry(userDN('bob'), ['ak-superuser']))?.['ak-superuser'][0] === 'FALSE');
  });

  it("applies a provider's changed search group within a second", async () => {
    const alice = await clients.as(userDN('alice'), password('alice'));
    expect(await resultCode(alice.search(userDN('bob'), { scope: 'base' }))).toBe(32);
    await ok(ctx.admin.patch(`/providers/ldap/${dir.provider}/`, { search_group: dir.staff.pk }));
    await within(1000, async () => (await resultCode(alice.search(userDN('bob'), { scope: 'base' }))) === 0);
    await ok(ctx.admin.patch(`/providers/ldap/${dir.provider}/`, { search_group: dir.searchers.pk }));
    await within(1000, async () => (await resultCode(alice.search(userDN('bob'), { scope: 'base' }))) === 32);
  });

  it('serves a changed base DN within a second, and no longer the old one', async () => {
    await makeUser(ctx.admin, 'mover', password('mover'), { groups: [dir.searchers.pk] });
    await within(1000, () => entry(userDN('mover')));
    await ok(ctx.admin.patch(`/providers/ldap/${dir.provider}/`, { base_dn: MOVED }));
    const anonymous = clients.connect();
    await within(1000, async () => {
      const dse = await anonymous.search('', { scope: 'base', attributes: ['namingContexts'] });
      if (![dse.searchEntries[0].namingContexts].flat().includes(MOVED)) return false;
      const c = await clients.as(userDN('mover', MOVED), password('mover'));
      const { searchEntries } = await c.search(MOVED, { scope: 'sub', filter: '(cn=alice)', attributes: ['1.1'] });
      return searchEntries.some((e) => e.dn === userDN('alice', MOVED));
    });
    expect(await resultCode(reader.search(BASE, { scope: 'base' }))).toBe(32);
    expect(await resultCode(clients.connect().bind(userDN('mover'), password('mover')))).toBe(49);
  });
});
