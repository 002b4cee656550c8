import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EqualityFilter } from 'ldapts';
import { ldapAddresses, ldapUrl, ldapUtil, makeUser, resultCode, retry, type LdapAddresses } from './support/ldap.ts';
import { attrsOf, BASE, Clients, dnsOf, makeGroup, parseLdif, password, standardDirectory, userDN } from './support/ldap-directory.ts';
import { usePlatform } from './support/platform.ts';

/** Usernames with RFC 4514 specials, and their DNs as served (the specials backslash-escaped). */
const SPECIAL: [username: string, dn: string][] = [
  ['smith, john', `cn=smith\\, john,ou=users,${BASE}`],
  ['a+b', `cn=a\\+b,ou=users,${BASE}`],
  ['say "hi"', `cn=say \\"hi\\",ou=users,${BASE}`],
  ['back\\slash', `cn=back\\\\slash,ou=users,${BASE}`],
  ['#hash', `cn=\\#hash,ou=users,${BASE}`],
];
const GROUP = 'Sales, EMEA';
const GROUP_DN = `cn=Sales\\, EMEA,ou=groups,${BASE}`;
const secret = (username: string) => `${username.replace(/\W/g, '')}-password-1`;

describe('LDAP DNs of names with special characters', () => {
  const ctx = usePlatform();
  let addresses: LdapAddresses;
  const clients = new Clients(() => addresses);

  beforeAll(async () => {
    addresses = await ldapAddresses(ctx.platform);
    await standardDirectory(ctx.admin, clients);
    const pks: number[] = [];
    for (const [username] of SPECIAL) pks.push(await makeUser(ctx.admin, username, secret(username)));
    await makeGroup(ctx.admin, GROUP, { users: pks });
    const reader = await clients.as(userDN('searcher'), password('searcher'));
    await retry(async () => expect(await dnsOf(reader, GROUP_DN, { scope: 'base', filter: '(memberUid=#hash)', attributes: ['1.1'] })).toEqual([GROUP_DN]));
  });
  afterAll(() => clients.close());

  it.each(SPECIAL)('binds as %j by its escaped DN and finds its own entry there', async (username, dn) => {
    const c = await clients.as(dn, secret(username));
    expect(await c.exop('1.3.6.1.4.1.4203.1.11.3')).toMatchObject({ value: `dn:${dn}` });
    const { searchEntries } = await c.search(dn, { scope: 'base', attributes: ['cn', 'sAMAccountName', 'homeDirectory', 'memberOf'] });
    expect(searchEntries.map((e) => e.dn)).toEqual([dn]);
    expect(attrsOf(searchEntries[0])).toEqual({ cn: [username], sAMAccountName: [username], homeDirectory: [`/home/${username}`], memberOf: [GROUP_DN] });
    const own = await c.search(`ou=users,${BASE}`, { scope: 'one', filter: new EqualityFilter({ attribute: 'cn', value: username.toUpperCase() }), attributes: ['1.1'] });
    expect(own.searchEntries.map((e) => e.dn)).toEqual([dn]);
    expect(await resultCode(clients.connect().bind(dn, 'wrong-password'))).toBe(49);
  });

  it('takes any RFC 4514 spelling of such a DN: hex escapes, spaces around separators, other case', async () => {
    const c = await clients.as(`CN = smith\\2C john , OU=Users,${BASE.toUpperCase()}`, secret('smith, john'));
    expect(await c.exop('1.3.6.1.4.1.4203.1.11.3')).toMatchObject({ value: `dn:${SPECIAL[0][1]}` });
    expect(await dnsOf(c, `cn=SMITH\\, JOHN,ou=users,${BASE}`, { scope: 'base', attributes: ['1.1'] })).toEqual([SPECIAL[0][1]]);
    expect(await resultCode(c.search(`cn=\\23hash,ou=users,${BASE}`, { scope: 'base' }))).toBe(32);
    const hash = await clients.as(`cn=\\23hash,ou=users,${BASE}`, secret('#hash'));
    expect(await dnsOf(hash, `cn=\\23HASH,ou=users,${BASE}`, { scope: 'base', attributes: ['1.1'] })).toEqual([SPECIAL[4][1]]);
  });

  it("lists escaped member DNs in a group whose own name needs escaping, found by its members' DNs", async () => {
    const reader = await clients.as(userDN('searcher'), password('searcher'));
    const { searchEntries } = await reader.search(GROUP_DN, { scope: 'base', attributes: ['cn', 'member', 'uniqueMember', 'memberUid'] });
    const group = attrsOf(searchEntries[0]);
    expect(group.cn).toEqual([GROUP]);
    expect([...group.member].sort()).toEqual(SPECIAL.map(([, dn]) => dn).sort());
    expect([...group.uniqueMember].sort()).toEqual(SPECIAL.map(([, dn]) => dn).sort());
    expect([...group.memberUid].sort()).toEqual(SPECIAL.map(([u]) => u).sort());
    for (const [, dn] of SPECIAL) {
      expect(await dnsOf(reader, `ou=groups,${BASE}`, { scope: 'one', filter: new EqualityFilter({ attribute: 'member', value: dn }), attributes: ['1.1'] })).toEqual([GROUP_DN]);
    }
    expect(await dnsOf(reader, `ou=users,${BASE}`, { scope: 'one', filter: new EqualityFilter({ attribute: 'memberOf', value: `CN=sales\\2c emea,OU=groups,${BASE}` }), attributes: ['1.1'] }))
      .toEqual(expect.arrayContaining(SPECIAL.map(([, dn]) => dn)));
  });

  it('serves the same escaped DNs to ldapsearch, bound as such a user', async () => {
    const [username, dn] = SPECIAL[0];
    const run = await ldapUtil('ldapsearch', ['-x', '-H', ldapUrl(addresses), '-D', dn, '-w', secret(username), '-b', `ou=groups,${BASE}`, '-o', 'ldif-wrap=no', '(cn=Sales, EMEA)', 'member', 'cn']);
    expect(run.code).toBe(0);
    const { entries, result } = parseLdif(run.stdout);
    expect(result).toBe(0);
    expect(entries).toEqual([{ dn: GROUP_DN, attrs: { cn: [GROUP], member: [dn] } }]);
  });
});
