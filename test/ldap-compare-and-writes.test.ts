import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attribute, Change, type Client } from 'ldapts';
import { ldapAddresses, resultCode, type LdapAddresses } from './support/ldap.ts';
import { BASE, Clients, dnsOf, groupDN, password, standardDirectory, userDN, type StandardDirectory } from './support/ldap-directory.ts';
import { usePlatform } from './support/platform.ts';

describe('LDAP compare and write operations', () => {
  const ctx = usePlatform();
  let addresses: LdapAddresses;
  const clients = new Clients(() => addresses);
  let dir: StandardDirectory;
  let reader: Client;

  beforeAll(async () => {
    addresses = await ldapAddresses(ctx.platform);
    dir = await standardDirectory(ctx.admin, clients);
    reader = await clients.as(userDN('searcher'), password('searcher'));
  });
  afterAll(() => clients.close());

  it("compares under the attribute's equality rule: compareTrue and compareFalse", async () => {
    const alice = userDN('alice');
    expect(await reader.compare(alice, 'cn', 'ALICE')).toBe(true);
    expect(await reader.compare(alice, 'commonName', 'alice')).toBe(true);
    expect(await reader.compare(alice, 'cn', 'bob')).toBe(false);
    expect(await reader.compare(alice, 'uidNumber', ` 0${2000 + dir.alice}`)).toBe(true);
    expect(await reader.compare(alice, 'uidNumber', '1')).toBe(false);
    expect(await reader.compare(alice, 'homeDirectory', '/home/alice')).toBe(true);
    expect(await reader.compare(alice, 'homeDirectory', '/home/ALICE')).toBe(false);
    expect(await reader.compare(alice, 'ak-active', 'true')).toBe(true);
    expect(await reader.compare(alice, 'ak-superuser', 'TRUE')).toBe(false);
    expect(await reader.compare(alice, 'department', 'r&d')).toBe(true);
    expect(await reader.compare(alice, 'memberOf', groupDN('STAFF').toUpperCase())).toBe(true);
    expect(await reader.compare(groupDN('Staff'), 'member', `CN=Alice,OU=Users,${BASE}`)).toBe(true);
    expect(await reader.compare(groupDN('Staff'), 'member', userDN('searcher'))).toBe(false);
    expect(await reader.compare(groupDN('Posix Ops'), 'gidNumber', '7000')).toBe(true);
    expect(await reader.compare(alice, 'objectClass', 'INETORGPERSON')).toBe(true);
    expect(await reader.compare(alice, 'objectClass', '2.16.840.1.113730.3.2.2')).toBe(true);
    expect(await reader.compare(alice, 'objectClass', 'organizationalUnit')).toBe(false);
  });

  it('answers noSuchAttribute (16) for an attribute the entry lacks, noSuchObject (32) for a missing or hidden entry', async () => {
    expect(await resultCode(reader.compare(userDN('alice'), 'description', 'x'))).toBe(16);
    expect(await resultCode(reader.compare(userDN('bob'), 'department', 'R&D'))).toBe(16);
    expect(await resultCode(reader.compare(userDN('nobody'), 'cn', 'nobody'))).toBe(32);
    const alice = await clients.as(userDN('alice'), password('alice'));
    expect(await alice.compare(userDN('alice'), 'cn', 'alice')).toBe(true);
    expect(await resultCode(alice.compare(userDN('bob'), 'cn', 'bob'))).toBe(32);
    const anonymous = clients.connect();
    await anonymous.bind('', '');
    expect(await resultCode(anonymous.compare(userDN('alice'), 'cn', 'alice'))).toBe(50);
  });

  it('refuses every write operation with unwillingToPerform (53) and changes nothing', async () => {
    const alice = userDN('alice');
    expect(await resultCode(reader.add(userDN('mallory'), { objectClass: ['top', 'person'], cn: 'mallory', sn: 'mallory' }))).toBe(53);
    expect(await resultCode(reader.modify(alice, new Change({ operation: 'replace', modification: new Attribute({ type: 'mail', values: ['evil@example.com'] }) })))).toBe(53);
    expect(await resultCode(reader.del(alice))).toBe(53);
    expect(await resultCode(reader.modifyDN(alice, 'cn=alicia'))).toBe(53);
    const own = await clients.as(userDN('alice'), password('alice'));
    expect(await resultCode(own.del(userDN('alice')))).toBe(53);
    expect(await dnsOf(reader, alice, { scope: 'base', filter: '(mail=alice@example.com)', attributes: ['1.1'] })).toEqual([alice]);
    expect(await resultCode(reader.search(userDN('mallory'), { scope: 'base' }))).toBe(32);
    expect((await ctx.admin.get(`/core/users/${dir.alice}/`)).body).toMatchObject({ username: 'alice', email: 'alice@example.com' });
  });
});
