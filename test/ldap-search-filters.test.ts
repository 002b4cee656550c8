import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EqualityFilter, SubstringFilter, type Client } from 'ldapts';
import { ldapAddresses, retry, type LdapAddresses } from './support/ldap.ts';
import { BASE, Clients, dnsOf, groupDN, password, standardDirectory, userDN } from './support/ldap-directory.ts';
import { usePlatform } from './support/platform.ts';

const USERS = `ou=users,${BASE}`;
const GROUPS = `ou=groups,${BASE}`;

describe('LDAP search filters over the wire', () => {
  const ctx = usePlatform();
  let addresses: LdapAddresses;
  const clients = new Clients(() => addresses);
  let reader: Client;
  let everyone: string[];
  let alicePk: number;
  let aliceUuid: string;
  /** The cns of the users (one level below ou=users) the filter selects, sorted. */
  const users = async (filter: string | EqualityFilter | SubstringFilter) =>
    (await reader.search(USERS, { scope: 'one', filter, attributes: ['cn'] })).searchEntries.map((e) => String(e.cn)).sort();
  const groups = async (filter: string) => (await dnsOf(reader, GROUPS, { scope: 'one', filter, attributes: ['1.1'] })).sort();
  const except = (...names: string[]) => everyone.filter((n) => !names.includes(n));

  beforeAll(async () => {
    addresses = await ldapAddresses(ctx.platform);
    const dir = await standardDirectory(ctx.admin, clients);
    alicePk = dir.alice;
    aliceUuid = (await ctx.admin.get(`/core/users/${dir.alice}/`)).body.uuid;
    expect((await ctx.admin.post('/core/users/', { username: 'jürgen', name: 'Jürgen  Straße' })).status).toBe(201);
    reader = await clients.as(userDN('searcher'), password('searcher'));
    await retry(async () => expect(await users('(cn=jürgen)')).toEqual(['jürgen']));
    everyone = await users('(objectClass=*)');
    expect(everyone).toEqual(expect.arrayContaining(['alice', 'bob', 'searcher', 'jürgen']));
  });
  afterAll(() => clients.close());

  it('equality under each attribute equality rule: caseIgnore, caseIgnoreIA5, caseExactIA5, integer, boolean', async () => {
    expect(await users('(cn=ALICE)')).toEqual(['alice']);
    expect(await users('(CN=alice)')).toEqual(['alice']);
    expect(await users('(displayName=alice   LIDDELL)')).toEqual(['alice']);
    expect(await users('(mail=bob@example.ORG)')).toEqual(['bob']);
    expect(await users('(homeDirectory=/home/alice)')).toEqual(['alice']);
    expect(await users('(homeDirectory=/home/ALICE)')).toEqual([]);
    expect(await users('(uidNumber=05000)')).toEqual(['bob']);
    expect(await users(`(uidNumber=${2000 + alicePk})`)).toEqual(['alice']);
    expect(await users('(ak-active=true)')).toEqual(everyone);
    expect(await users('(department=r&d)')).toEqual(['alice']);
    expect(await users('(goauthentikio-user-service-account=TRUE)')).toEqual(['alice']);
    expect(await users(new EqualityFilter({ attribute: 'memberOf', value: groupDN('STAFF').toUpperCase() }))).toEqual(['alice', 'bob']);
    expect(await groups('(memberUid=alice)')).toEqual([groupDN('Staff')]);
    expect(await groups('(memberUid=ALICE)')).toEqual([]);
  });

  it('prepares strings as RFC 4518 says: Unicode case folding (ß is ss), insignificant spaces; operational attributes match too', async () => {
    expect(await users('(cn=JÜRGEN)')).toEqual(['jürgen']);
    expect(await users('(displayName=jürgen strasse)')).toEqual(['jürgen']);
    expect(await users('(displayName=JÜRGEN STRASSE)')).toEqual(['jürgen']);
    expect(await users('(displayName=*n s*)')).toEqual(['jürgen']);
    expect(await users('(displayName:caseExactMatch:=Jürgen Straße)')).toEqual(['jürgen']);
    expect(await users('(displayName:caseExactMatch:=Jürgen Strasse)')).toEqual([]);
    expect(await users('(displayName~=Jurgen Strasse)')).toEqual(['jürgen']);
    expect(await users(`(entryUUID=${aliceUuid.toUpperCase()})`)).toEqual(['alice']);
  });

  it('substrings: initial, any, final and combinations, case rules of the attribute', async () => {
    expect(await users('(cn=al*)')).toEqual(['alice']);
    expect(await users('(cn=*LI*)')).toEqual(['alice']);
    expect(await users('(cn=*ob)')).toEqual(['bob']);
    expect(await users('(displayName=a*lid*ell)')).toEqual(['alice']);
    expect(await users('(displayName=*b*b*)')).toEqual(['bob']);
    expect(await users('(displayName=*liddell*alice*)')).toEqual([]);
    expect(await users('(mail=*@EXAMPLE.*)')).toEqual(['alice', 'bob']);
    expect(await users(new SubstringFilter({ attribute: 'department', initial: 'R', any: ['&'], final: 'D' }))).toEqual(['alice']);
    expect(await groups('(memberUid=Al*)')).toEqual([]);
    expect(await groups('(memberUid=al*)')).toEqual([groupDN('Staff')]);
  });

  it('ordering on integers compares numbers, not strings; absent attributes and unknown types are never TRUE', async () => {
    const small = 2000 + alicePk;
    expect(await users('(uidNumber>=10000)')).toEqual([]);
    expect(await users('(uidNumber>=4999)')).toEqual(['bob']);
    expect(await users('(uidNumber<=4999)')).toEqual(except('bob'));
    expect(await users(`(&(uidNumber>=${small})(uidNumber<=${small}))`)).toEqual(['alice']);
    expect(await users('(uidNumber>=abc)')).toEqual([]);
    expect(await users('(!(uidNumber>=abc))')).toEqual([]);
    expect(await users('(nosuchattribute=x)')).toEqual([]);
    expect(await users('(!(nosuchattribute=x))')).toEqual([]);
    expect(await users('(!(department=x))')).toEqual(everyone);
  });

  it('presence, approximate match, not, and, or', async () => {
    expect(await users('(department=*)')).toEqual(['alice']);
    expect(await users('(goauthentikio-user-service-account=*)')).toEqual(['alice']);
    expect(await users('(objectClass=*)')).toEqual(everyone);
    expect(await users('(displayName~=Alise Lidel)')).toEqual(['alice']);
    expect(await users('(displayName~=bob bilder)')).toEqual(['bob']);
    expect(await users('(displayName~=Carol)')).toEqual([]);
    expect(await users('(!(cn=alice))')).toEqual(except('alice'));
    expect(await users(`(&(memberOf=${groupDN('Staff')})(!(department=*)))`)).toEqual(['bob']);
    expect(await users('(|(cn=alice)(uidNumber=5000)(cn=nobody))')).toEqual(['alice', 'bob']);
    expect(await users('(&(objectClass=posixAccount)(|(mail=*example.com)(sn=Builder*)))')).toEqual(['alice']);
  });

  it('extensible match with caseIgnoreMatch, caseExactMatch, integerMatch, integerOrderingMatch and distinguishedNameMatch', async () => {
    expect(await users('(displayName:caseExactMatch:=Alice Liddell)')).toEqual(['alice']);
    expect(await users('(displayName:caseExactMatch:=alice liddell)')).toEqual([]);
    expect(await users('(displayName:2.5.13.5:=Bob Builder)')).toEqual(['bob']);
    expect(await users('(displayName:caseIgnoreMatch:=ALICE LIDDELL)')).toEqual(['alice']);
    expect(await users('(displayName:=ALICE LIDDELL)')).toEqual(['alice']);
    expect(await users('(uidNumber:integerMatch:=5000)')).toEqual(['bob']);
    expect(await users('(uidNumber:integerOrderingMatch:=5000)')).toEqual(except('bob'));
    expect(await users('(uidNumber:integerOrderingMatch:=5001)')).toEqual(everyone);
    expect(await groups(`(member:distinguishedNameMatch:=CN=Alice, OU=Users,${BASE.toUpperCase()})`)).toEqual([groupDN('Staff')]);
    expect(await users(`(memberOf:distinguishedNameMatch:=${groupDN('posix ops')})`)).toEqual(['bob']);
    expect(await users('(:caseExactMatch:=Bob Builder)')).toEqual(['bob']);
    expect(await users('(:caseIgnoreMatch:=r&d)')).toEqual(['alice']);
  });

  it('extensible match on DN components with :dn:, and Undefined for unknown or inapplicable rules', async () => {
    expect(await users('(ou:dn:=users)')).toEqual(everyone);
    expect(await users('(ou=users)')).toEqual([]);
    expect(await dnsOf(reader, BASE, { scope: 'sub', filter: '(ou:dn:=virtual-groups)', attributes: ['1.1'] })).toHaveLength(everyone.length + 1);
    expect(await users('(dc:dn:caseIgnoreIA5Match:=GOAUTHENTIK)')).toEqual(everyone);
    expect(await users('(:dn:caseExactMatch:=users)')).toEqual(everyone);
    expect(await users('(:dn:caseExactMatch:=USERS)')).toEqual([]);
    expect(await users('(cn:noSuchMatch:=alice)')).toEqual([]);
    expect(await users('(!(cn:noSuchMatch:=alice))')).toEqual([]);
    expect(await users('(uidNumber:caseIgnoreMatch:=5000)')).toEqual([]);
    expect(await users('(!(uidNumber:caseIgnoreMatch:=5000))')).toEqual([]);
  });
});
