import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilterParser, PagedResultsControl, SearchRequest, type Client } from 'ldapts';
import { ldapAddresses, ldapUrl, ldapUtil, retry, type LdapAddresses } from './support/ldap.ts';
import { attrsOf, BASE, Clients, dnsOf, groupDN, parseLdif, password, standardDirectory, typesOf, userDN, virtualDN } from './support/ldap-directory.ts';
import { usePlatform } from './support/platform.ts';

const EXTRA = Array.from({ length: 14 }, (_, i) => `pager${String(i).padStart(2, '0')}`);
const CONTAINERS = ['users', 'groups', 'virtual-groups'].map((ou) => `ou=${ou},${BASE}`);

/** A search with a paged results control of this size and cookie, sent through ldapts' own message layer. */
async function pagedRequest(client: Client, size: number, cookie: Buffer, sizeLimit = 0): Promise<{ dns: string[]; cookie: Buffer | undefined; status: number }> {
  const raw = client as unknown as { _nextMessageId(): number; _send(m: SearchRequest): Promise<{ status: number; searchEntries: { name: string }[]; controls?: unknown[] }> };
  const request = new SearchRequest({
    messageId: raw._nextMessageId(), baseDN: BASE, scope: 'sub', filter: FilterParser.parseString('(objectClass=*)'), attributes: ['1.1'], sizeLimit,
    controls: [new PagedResultsControl({ value: { size, cookie } })],
  });
  const result = await raw._send(request);
  const control = result.controls?.find((c): c is PagedResultsControl => c instanceof PagedResultsControl);
  return { dns: result.searchEntries.map((e) => e.name), cookie: control?.value?.cookie, status: result.status };
}

describe('LDAP search scopes, attribute selection, limits and paging', () => {
  const ctx = usePlatform();
  let addresses: LdapAddresses;
  const clients = new Clients(() => addresses);
  let reader: Client;
  let all: string[];

  beforeAll(async () => {
    addresses = await ldapAddresses(ctx.platform);
    await standardDirectory(ctx.admin, clients);
    for (const username of EXTRA) expect((await ctx.admin.post('/core/users/', { username, name: username })).status).toBe(201);
    reader = await clients.as(userDN('searcher'), password('searcher'));
    await retry(async () => expect(await dnsOf(reader, userDN(EXTRA.at(-1)!), { scope: 'base', attributes: ['1.1'] })).toHaveLength(1));
    all = await dnsOf(reader, BASE, { scope: 'sub', filter: '(objectClass=*)', attributes: ['1.1'] });
  });
  afterAll(() => clients.close());

  it('base scope gives the base entry alone, one level its children, subtree the base and everything below', async () => {
    expect(await dnsOf(reader, userDN('alice'), { scope: 'base', filter: '(objectClass=*)' })).toEqual([userDN('alice')]);
    expect(await dnsOf(reader, BASE, { scope: 'one', filter: '(objectClass=*)' })).toEqual(CONTAINERS);
    const users = await dnsOf(reader, `ou=users,${BASE}`, { scope: 'one', filter: '(objectClass=*)' });
    expect(users).toEqual(expect.arrayContaining([userDN('alice'), userDN('bob'), userDN('searcher'), ...EXTRA.map((u) => userDN(u))]));
    expect(users.every((dn) => dn.endsWith(`,ou=users,${BASE}`))).toBe(true);
    const groups = await dnsOf(reader, `ou=groups,${BASE}`, { scope: 'sub', filter: '(objectClass=*)' });
    expect(groups[0]).toBe(`ou=groups,${BASE}`);
    expect(groups).toEqual(expect.arrayContaining([groupDN('Staff'), groupDN('Posix Ops')]));
    expect(groups.slice(1).every((dn) => dn.endsWith(`,ou=groups,${BASE}`))).toBe(true);
    expect(await dnsOf(reader, userDN('alice'), { scope: 'one', filter: '(objectClass=*)' })).toEqual([]);
    expect(await dnsOf(reader, `OU=Users, DC=LDAP,DC=GOAUTHENTIK,DC=IO`, { scope: 'one', filter: '(objectClass=*)' })).toEqual(users);
    expect(all.length).toBeGreaterThan(25);
    expect(all).toEqual(expect.arrayContaining([BASE, ...CONTAINERS, ...users, ...groups, virtualDN('alice')]));
  });

  it('returns the attributes asked for: "*", "+", "1.1", names in any case and aliases, types only', async () => {
    const one = async (attributes: string[], returnAttributeValues = true) => (await reader.search(userDN('alice'), { scope: 'base', attributes, returnAttributeValues })).searchEntries[0];
    const star = attrsOf(await one(['*']));
    expect(star.department).toEqual(['R&D']);
    expect(star.entryUUID).toBeUndefined();
    expect(attrsOf(await one([]))).toEqual(star);
    expect(Object.keys(attrsOf(await one(['+']))).sort()).toEqual(['entryDN', 'entryUUID', 'hasSubordinates', 'structuralObjectClass', 'subschemaSubentry']);
    expect(attrsOf(await one(['1.1']))).toEqual({});
    expect(attrsOf(await one(['CN', 'Mail', 'uidnumber', 'nosuchattribute']))).toEqual({ cn: ['alice'], mail: ['alice@example.com'], uidNumber: [String(Number(star.uidNumber))] });
    expect(attrsOf(await one(['commonName', 'surname', 'DEPARTMENT']))).toEqual({ cn: ['alice'], sn: ['Alice Liddell'], department: ['R&D'] });
    const types = await one(['cn', 'memberOf', 'department'], false);
    expect(typesOf(types).sort()).toEqual(['cn', 'department', 'memberOf']);
    expect(Object.values(attrsOf(types))).toEqual([]);
    const allTypes = await one(['*'], false);
    expect(typesOf(allTypes).filter((t) => t !== '*').sort()).toEqual(Object.keys(star).sort());
  });

  it('stops at sizeLimit with sizeLimitExceeded (4), having sent the first entries', async () => {
    const limited = await dnsOf(reader, BASE, { scope: 'sub', filter: '(objectClass=*)', attributes: ['1.1'], sizeLimit: 5 });
    expect(limited).toEqual(all.slice(0, 5));
    const run = await ldapUtil('ldapsearch', ['-x', '-H', ldapUrl(addresses), '-D', userDN('searcher'), '-w', password('searcher'), '-b', BASE, '-z', '3', '-o', 'ldif-wrap=no', '(objectClass=*)', '1.1']);
    expect(run.code).toBe(4);
    const ldif = parseLdif(run.stdout);
    expect(ldif.result).toBe(4);
    expect(ldif.entries.map((e) => e.dn)).toEqual(all.slice(0, 3));
    expect(await dnsOf(reader, `ou=groups,${BASE}`, { scope: 'one', filter: '(cn=Staff)', sizeLimit: 1 })).toEqual([groupDN('Staff')]);
    const exact = await ldapUtil('ldapsearch', ['-x', '-H', ldapUrl(addresses), '-D', userDN('searcher'), '-w', password('searcher'), '-b', BASE, '-z', String(all.length), '(objectClass=*)', '1.1']);
    expect(exact.code).toBe(0);
    expect(parseLdif(exact.stdout).entries).toHaveLength(all.length);
  });

  it('pages through 25+ entries, each entry once and in the order of an unpaged search', async () => {
    for (const pageSize of [1, 7, 25, all.length + 5]) {
      const pages: string[][] = [];
      for await (const page of reader.searchPaginated(BASE, { scope: 'sub', filter: '(objectClass=*)', attributes: ['1.1'], paged: { pageSize } })) pages.push(page.searchEntries.map((e) => e.dn));
      expect(pages.flat()).toEqual(all);
      expect(pages.length).toBe(Math.ceil(all.length / pageSize));
      expect(pages.slice(0, -1).every((p) => p.length === pageSize)).toBe(true);
    }
  });

  it('applies sizeLimit to the whole paged search, ending its last page with sizeLimitExceeded (4)', async () => {
    const limited = await pagedRequest(reader, 5, Buffer.alloc(0), 7);
    expect(limited).toMatchObject({ dns: all.slice(0, 5), status: 0 });
    const rest = await pagedRequest(reader, 5, limited.cookie!, 7);
    expect(rest).toMatchObject({ dns: all.slice(5, 7), status: 4 });
    expect(rest.cookie?.length ?? 0).toBe(0);
  });

  it('abandons a paged search on a page size of 0, after which its cookie is refused', async () => {
    const first = await pagedRequest(reader, 5, Buffer.alloc(0));
    expect(first.dns).toEqual(all.slice(0, 5));
    expect(first.cookie?.length).toBeGreaterThan(0);
    const stop = await pagedRequest(reader, 0, first.cookie!);
    expect(stop).toMatchObject({ dns: [], status: 0 });
    expect(stop.cookie?.length ?? 0).toBe(0);
    const after = await pagedRequest(reader, 5, first.cookie!);
    expect(after.dns).toEqual([]);
    expect(after.status).not.toBe(0);
    const fresh = await pagedRequest(reader, 5, Buffer.alloc(0));
    expect((await pagedRequest(reader, 50, fresh.cookie!)).dns).toEqual(all.slice(5, 55));
  });

  it('answers noSuchObject (32) with the nearest existing entry as matchedDN', async () => {
    const run = await ldapUtil('ldapsearch', ['-x', '-H', ldapUrl(addresses), '-D', userDN('searcher'), '-w', password('searcher'), '-b', userDN('nobody'), '-s', 'base', '(objectClass=*)']);
    expect(run.code).toBe(32);
    expect(parseLdif(run.stdout)).toMatchObject({ entries: [], result: 32, matchedDN: `ou=users,${BASE}` });
    const deeper = await ldapUtil('ldapsearch', ['-x', '-H', ldapUrl(addresses), '-D', userDN('searcher'), '-w', password('searcher'), '-b', `cn=x,cn=nobody,ou=groups,${BASE}`, '(objectClass=*)']);
    expect(parseLdif(deeper.stdout)).toMatchObject({ result: 32, matchedDN: `ou=groups,${BASE}` });
  });
});
