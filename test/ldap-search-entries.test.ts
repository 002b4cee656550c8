import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'ldapts';
import { ldapAddresses, within, type LdapAddresses } from './support/ldap.ts';
import { attrsOf, BASE, Clients, groupDN, password, standardDirectory, userDN, virtualDN, type StandardDirectory } from './support/ldap-directory.ts';
import { usePlatform } from './support/platform.ts';

const USER_CLASSES = ['top', 'person', 'organizationalPerson', 'inetOrgPerson', 'user', 'posixAccount', 'goauthentik.io/ldap/user'];
const GROUP_CLASSES = ['top', 'group', 'groupOfUniqueNames', 'groupOfNames', 'posixGroup', 'goauthentik.io/ldap/group'];
const lowerKeys = (attrs: Record<string, string[]>) => Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k.toLowerCase(), v]));
const sorted = (attrs: Record<string, string[]>, ...names: string[]) => ({ ...attrs, ...Object.fromEntries(names.map((n) => [n, [...(attrs[n] ?? [])].sort()])) });

describe('LDAP entries as a member of the search group sees them', () => {
  const ctx = usePlatform();
  let addresses: LdapAddresses;
  const clients = new Clients(() => addresses);
  let dir: StandardDirectory;
  let reader: Client;
  const read = async (dn: string, attributes = ['*']) => {
    const { searchEntries } = await reader.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes });
    expect(searchEntries.map((e) => e.dn)).toEqual([dn]);
    return attrsOf(searchEntries[0]);
  };
  const user = async (pk: number) => (await ctx.admin.get(`/core/users/${pk}/`)).body;

  beforeAll(async () => {
    addresses = await ldapAddresses(ctx.platform);
    dir = await standardDirectory(ctx.admin, clients);
    reader = await clients.as(userDN('searcher'), password('searcher'));
  });
  afterAll(() => clients.close());

  it('serves a user with every attribute authentik serves, custom attributes mapped to LDAP names', async () => {
    const alice = await user(dir.alice);
    expect(await read(userDN('alice'))).toEqual({
      objectClass: [...USER_CLASSES, 'extensibleObject'],
      cn: ['alice'],
      uid: [alice.uid],
      sAMAccountName: ['alice'],
      name: ['Alice Liddell'],
      displayName: ['Alice Liddell'],
      givenName: ['Alice'],
      sn: ['Alice Liddell'],
      gecos: ['Alice Liddell'],
      mail: ['alice@example.com'],
      memberOf: [groupDN('Staff')],
      uidNumber: [String(2000 + dir.alice)],
      gidNumber: [String(2000 + dir.alice)],
      homeDirectory: ['/home/alice'],
      loginShell: ['/bin/bash'],
      'ak-active': ['TRUE'],
      'ak-superuser': ['FALSE'],
      'goauthentikio-user-service-account': ['TRUE'],
      department: ['R&D'],
    });
    expect(alice.uid).toMatch(/^[0-9a-f]{64}$/);
  });

  it("takes uidNumber (and the user's gidNumber) from a uidNumber attribute, lists every group in memberOf", async () => {
    const bob = await user(dir.bob);
    expect(sorted(await read(userDN('bob')), 'memberOf')).toEqual({
      objectClass: [...USER_CLASSES, 'extensibleObject'],
      cn: ['bob'],
      uid: [bob.uid],
      sAMAccountName: ['bob'],
      name: ['Bob Builder'],
      displayName: ['Bob Builder'],
      givenName: ['Bob'],
      sn: ['Bob Builder'],
      gecos: ['Bob Builder'],
      mail: ['Bob@Example.org'],
      memberOf: [groupDN('Posix Ops'), groupDN('Staff')],
      uidNumber: ['5000'],
      gidNumber: ['5000'],
      homeDirectory: ['/home/bob'],
      loginShell: ['/bin/bash'],
      'ak-active': ['TRUE'],
      'ak-superuser': ['FALSE'],
    });
  });

  it('lets custom attributes replace computed ones (any case), puts the username for %s, serves lists, leaves out objects and empty values', async () => {
    const created = await ctx.admin.post('/core/users/', {
      username: 'carol', name: '', attributes: { homeDirectory: '/srv/%s', LoginShell: '/bin/zsh', 'goauthentik.io/user/sources': ['ldap', 'scim'], nested: { a: 1 }, blank: '' },
    });
    expect(created.status).toBe(201);
    await within(10_000, async () => (await reader.search(`ou=users,${BASE}`, { scope: 'one', filter: '(cn=carol)' })).searchEntries.length === 1);
    // Attribute names are case-insensitive: the override may be served as LoginShell or loginShell, but once.
    const carol = await read(userDN('carol'));
    expect(Object.keys(lowerKeys(carol))).toHaveLength(Object.keys(carol).length);
    expect(lowerKeys(carol)).toEqual(lowerKeys({
      objectClass: [...USER_CLASSES, 'extensibleObject'],
      cn: ['carol'],
      uid: [created.body.uid],
      sAMAccountName: ['carol'],
      sn: ['carol'],
      uidNumber: [String(2000 + created.body.pk)],
      gidNumber: [String(2000 + created.body.pk)],
      homeDirectory: ['/srv/carol'],
      LoginShell: ['/bin/zsh'],
      'ak-active': ['TRUE'],
      'ak-superuser': ['FALSE'],
      'goauthentikio-user-sources': ['ldap', 'scim'],
    }));
  });

  it('agrees with the REST API on ak-active and ak-superuser for every user', async () => {
    const users: { username: string; is_active: boolean; is_superuser: boolean }[] = (await ctx.admin.get('/core/users/?page_size=1000')).body.results;
    expect(users.some((u) => u.is_superuser)).toBe(true);
    for (const u of users) {
      expect(await read(userDN(u.username), ['ak-active', 'ak-superuser'])).toEqual({ 'ak-active': [u.is_active ? 'TRUE' : 'FALSE'], 'ak-superuser': [u.is_superuser ? 'TRUE' : 'FALSE'] });
    }
  });

  it('serves a group with its members three ways and gidNumber = 4000 + num_pk', async () => {
    expect(dir.staff.num_pk).toBeGreaterThan(0);
    expect(sorted(await read(groupDN('Staff')), 'member', 'uniqueMember', 'memberUid')).toEqual({
      objectClass: GROUP_CLASSES,
      cn: ['Staff'],
      uid: [dir.staff.pk],
      sAMAccountName: ['Staff'],
      gidNumber: [String(4000 + dir.staff.num_pk)],
      member: [userDN('alice'), userDN('bob')],
      uniqueMember: [userDN('alice'), userDN('bob')],
      memberUid: ['alice', 'bob'],
      'ak-superuser': ['FALSE'],
    });
  });

  it('takes a group gidNumber from its gidNumber attribute; distinct groups get distinct gidNumbers in range', async () => {
    expect(await read(groupDN('Posix Ops'))).toEqual({
      objectClass: [...GROUP_CLASSES, 'extensibleObject'],
      cn: ['Posix Ops'],
      uid: [dir.ops.pk],
      sAMAccountName: ['Posix Ops'],
      gidNumber: ['7000'],
      member: [userDN('bob')],
      uniqueMember: [userDN('bob')],
      memberUid: ['bob'],
      'ak-superuser': ['FALSE'],
    });
    const { searchEntries } = await reader.search(`ou=groups,${BASE}`, { scope: 'one', filter: '(!(cn=Posix Ops))', attributes: ['gidNumber'] });
    const numbers = searchEntries.map((e) => Number(e.gidNumber));
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of numbers) expect(n).toBeGreaterThan(4000);
  });

  it("serves each user's virtual group with the user's uidNumber as gidNumber, custom uidNumber included", async () => {
    const alice = await user(dir.alice);
    expect(await read(virtualDN('alice'))).toEqual({
      objectClass: [...GROUP_CLASSES, 'goauthentik.io/ldap/virtual-group'],
      cn: ['alice'],
      uid: [alice.uid],
      gidNumber: [String(2000 + dir.alice)],
      member: [userDN('alice')],
      uniqueMember: [userDN('alice')],
      memberUid: ['alice'],
    });
    expect((await read(virtualDN('bob'))).gidNumber).toEqual(['5000']);
  });

  it('serves the base entry and the three containers', async () => {
    expect(await read(BASE)).toEqual({ objectClass: ['top', 'domain'], dc: ['ldap'] });
    for (const ou of ['users', 'groups', 'virtual-groups']) {
      expect(await read(`ou=${ou},${BASE}`)).toEqual({
        objectClass: ['top', 'organizationalUnit', 'nsContainer', 'extensibleObject'], ou: [ou], cn: [ou], distinguishedName: [`ou=${ou},${BASE}`],
      });
    }
  });

  it('serves every user and group of the platform once in a subtree search of the base', async () => {
    const users: { username: string }[] = (await ctx.admin.get('/core/users/?page_size=1000')).body.results;
    const groups: { name: string }[] = (await ctx.admin.get('/core/groups/?page_size=1000')).body.results;
    const { searchEntries } = await reader.search(BASE, { scope: 'sub', filter: '(objectClass=*)', attributes: ['1.1'] });
    const dns = searchEntries.map((e) => e.dn);
    expect(new Set(dns).size).toBe(dns.length);
    expect([...dns].sort()).toEqual(
      [BASE, ...['users', 'groups', 'virtual-groups'].map((ou) => `ou=${ou},${BASE}`), ...users.flatMap((u) => [userDN(u.username), virtualDN(u.username)]), ...groups.map((g) => groupDN(g.name))].sort(),
    );
    expect(dns.slice(0, 4)).toEqual([BASE, `ou=users,${BASE}`, `ou=groups,${BASE}`, `ou=virtual-groups,${BASE}`]);
  });

  it('gives operational attributes only with "+" or by name', async () => {
    const alice = await user(dir.alice);
    const operational = await read(userDN('alice'), ['+']);
    expect(operational).toEqual({
      entryUUID: [alice.uuid],
      entryDN: [userDN('alice')],
      subschemaSubentry: ['cn=subschema'],
      hasSubordinates: ['FALSE'],
      structuralObjectClass: [expect.any(String)],
    });
    expect(await read(userDN('alice'), ['entryUUID', 'hasSubordinates'])).toEqual({ entryUUID: [alice.uuid], hasSubordinates: ['FALSE'] });
    expect(Object.keys(await read(userDN('alice'), ['*', '+']))).toEqual(expect.arrayContaining(['cn', 'department', 'entryUUID', 'entryDN']));
    expect((await read(`ou=users,${BASE}`, ['hasSubordinates'])).hasSubordinates).toEqual(['TRUE']);
  });
});
