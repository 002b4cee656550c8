import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchOptions } from 'ldapts';
import { ldapAddresses, makeLdapProvider, makeUser, resultCode, retry, within, type LdapAddresses } from './support/ldap.ts';
import { attrsOf, BASE, Clients, dnsOf, groupDN, makeGroup, password, standardDirectory, userDN, virtualDN, type StandardDirectory } from './support/ldap-directory.ts';
import { usePlatform } from './support/platform.ts';

const OTHER = 'dc=other,dc=test';
const containers = (base: string) => [base, ...['users', 'groups', 'virtual-groups'].map((ou) => `ou=${ou},${base}`)];
const everything: SearchOptions = { scope: 'sub', filter: '(objectClass=*)', attributes: ['1.1'] };

describe('LDAP visibility by search group', () => {
  const ctx = usePlatform();
  let addresses: LdapAddresses;
  const clients = new Clients(() => addresses);
  let dir: StandardDirectory;
  let full: string[];

  beforeAll(async () => {
    addresses = await ldapAddresses(ctx.platform);
    dir = await standardDirectory(ctx.admin, clients);
    const deputies = await makeGroup(ctx.admin, 'Deputies', { parent: dir.searchers.pk });
    await makeUser(ctx.admin, 'dora', password('dora'), { groups: [deputies.pk] });
    await makeLdapProvider(ctx.admin, 'Other LDAP', { base_dn: OTHER, search_group: null });
    const reader = await clients.as(userDN('searcher'), password('searcher'));
    await retry(async () => expect(await dnsOf(reader, userDN('dora'), { scope: 'base', attributes: ['1.1'] })).toHaveLength(1));
    await retry(async () => expect(await resultCode(clients.as(userDN('alice', OTHER), password('alice')))).toBe(0));
    full = await dnsOf(reader, BASE, everything);
  });
  afterAll(() => clients.close());

  it('shows a user outside the search group only itself, its virtual group and its own groups', async () => {
    const alice = await clients.as(userDN('alice'), password('alice'));
    expect((await dnsOf(alice, BASE, everything)).sort()).toEqual([...containers(BASE), userDN('alice'), virtualDN('alice'), groupDN('Staff')].sort());
    expect(await dnsOf(alice, `ou=users,${BASE}`, { scope: 'one', filter: '(objectClass=*)' })).toEqual([userDN('alice')]);
    expect(await resultCode(alice.search(userDN('bob'), { scope: 'base' }))).toBe(32);
    expect(await resultCode(alice.search(groupDN('Posix Ops'), { scope: 'base' }))).toBe(32);
    expect(await resultCode(alice.search(virtualDN('bob'), { scope: 'base' }))).toBe(32);
    expect(await dnsOf(alice, BASE, { scope: 'sub', filter: '(|(cn=bob)(memberUid=bob)(member=*bob*)(uidNumber=5000))' })).toEqual([]);
  });

  it('cuts the member lists of its own groups down to itself, everywhere they show', async () => {
    const alice = await clients.as(userDN('alice'), password('alice'));
    const { searchEntries } = await alice.search(groupDN('Staff'), { scope: 'base', attributes: ['member', 'uniqueMember', 'memberUid', 'cn'] });
    expect(attrsOf(searchEntries[0])).toEqual({ cn: ['Staff'], member: [userDN('alice')], uniqueMember: [userDN('alice')], memberUid: ['alice'] });
    expect(await dnsOf(alice, `ou=groups,${BASE}`, { scope: 'one', filter: `(member=${userDN('bob')})` })).toEqual([]);
    expect(await alice.compare(groupDN('Staff'), 'memberUid', 'bob')).toBe(false);
    const own = await alice.search(userDN('alice'), { scope: 'base', attributes: ['memberOf'] });
    expect(attrsOf(own.searchEntries[0])).toEqual({ memberOf: [groupDN('Staff')] });
  });

  it('shows everything to members of the search group and of groups below it', async () => {
    expect(full).toEqual(expect.arrayContaining([userDN('bob'), groupDN('Posix Ops'), virtualDN('bob'), userDN('dora')]));
    const dora = await clients.as(userDN('dora'), password('dora'));
    expect(await dnsOf(dora, BASE, everything)).toEqual(full);
    const staff = await dora.search(groupDN('Staff'), { scope: 'base', attributes: ['memberUid'] });
    expect([...attrsOf(staff.searchEntries[0]).memberUid].sort()).toEqual(['alice', 'bob']);
  });

  it('widens and narrows the view within a second as a user joins the search group or its group moves below it', async () => {
    const bob = await clients.as(userDN('bob'), password('bob'));
    const seesAlice = async () => (await resultCode(bob.search(userDN('alice'), { scope: 'base' }))) === 0;
    expect(await seesAlice()).toBe(false);
    expect((await ctx.admin.post(`/core/groups/${dir.searchers.pk}/add_user/`, { pk: dir.bob })).status).toBe(204);
    await within(10_000, seesAlice);
    expect((await ctx.admin.post(`/core/groups/${dir.searchers.pk}/remove_user/`, { pk: dir.bob })).status).toBe(204);
    await within(10_000, async () => !(await seesAlice()));
    expect((await ctx.admin.patch(`/core/groups/${dir.ops.pk}/`, { parent: dir.searchers.pk })).status).toBe(200);
    await within(10_000, seesAlice);
    expect((await ctx.admin.patch(`/core/groups/${dir.ops.pk}/`, { parent: null })).status).toBe(200);
    await within(10_000, async () => !(await seesAlice()));
  });

  it('with search_group null lets nobody, search group members of other providers included, search beyond themselves', async () => {
    for (const username of ['searcher', 'alice', 'dora']) {
      const c = await clients.as(userDN(username, OTHER), password(username));
      const seen = (await dnsOf(c, OTHER, everything)).filter((dn) => !containers(OTHER).includes(dn));
      const groups = username === 'alice' ? [groupDN('Staff', OTHER)] : username === 'dora' ? [groupDN('Deputies', OTHER)] : [groupDN('Search LDAP searchers', OTHER)];
      expect(seen.sort()).toEqual([userDN(username, OTHER), virtualDN(username, OTHER), ...groups].sort());
    }
  });

  it("refuses (50) a user bound to one provider searching another provider's base, and anonymous searches", async () => {
    const searcher = await clients.as(userDN('searcher'), password('searcher'));
    expect(await resultCode(searcher.search(OTHER, everything))).toBe(50);
    expect(await resultCode(searcher.search(userDN('alice', OTHER), { scope: 'base' }))).toBe(50);
    const other = await clients.as(userDN('searcher', OTHER), password('searcher'));
    expect(await resultCode(other.search(BASE, everything))).toBe(50);
    const anonymous = clients.connect();
    expect(await resultCode(anonymous.search(BASE, everything))).toBe(50);
    await anonymous.bind('', '');
    expect(await resultCode(anonymous.search(BASE, everything))).toBe(50);
    expect(await resultCode(anonymous.search(userDN('alice'), { scope: 'base' }))).toBe(50);
    expect(await resultCode(anonymous.search(`ou=users,${OTHER}`, { scope: 'one' }))).toBe(50);
  });
});
