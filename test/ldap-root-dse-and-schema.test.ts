import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEntryAgainstSchema } from '../plugins/ldap/schema/entry-check.ts';
import { makeEntry } from '../plugins/ldap/search/entry.ts';
import { ldapAddresses, ldapUrl, ldapUtil, makeLdapProvider, retry, type LdapAddresses } from './support/ldap.ts';
import { attrsOf, BASE, Clients, groupDN, makeGroup, parseLdif, password, standardDirectory, userDN, virtualDN, type Attrs, type LdifRecord } from './support/ldap-directory.ts';
import { usePlatform } from './support/platform.ts';
import { type Description, type DescriptionKind, parseDescription } from './support/rfc4512.ts';

const ACME = 'o=acme';
const STARTTLS = '1.3.6.1.4.1.1466.20037';
const WHOAMI = '1.3.6.1.4.1.4203.1.11.3';
const PAGED = '1.2.840.113556.1.4.319';
const KINDS: Record<string, DescriptionKind> = { ldapSyntaxes: 'ldapSyntax', matchingRules: 'matchingRule', attributeTypes: 'attributeType', objectClasses: 'objectClass', matchingRuleUse: 'matchingRuleUse' };
const lower = (list: string[]) => list.map((s) => s.toLowerCase());

describe('LDAP root DSE and schema, as clients read them', () => {
  const ctx = usePlatform();
  let addresses: LdapAddresses;
  const clients = new Clients(() => addresses);
  const ldapsearch = async (args: string[]) => {
    const run = await ldapUtil('ldapsearch', ['-x', '-H', ldapUrl(addresses), '-o', 'ldif-wrap=no', ...args]);
    expect(run.code, run.stderr).toBe(0);
    return parseLdif(run.stdout).entries;
  };
  const rootDSE = async (...attributes: string[]) => (await ldapsearch(['-s', 'base', '-b', '', '(objectClass=*)', ...attributes]))[0].attrs;
  let schema: Record<DescriptionKind, Description[]>;
  let served: LdifRecord[];

  beforeAll(async () => {
    addresses = await ldapAddresses(ctx.platform);
    const dir = await standardDirectory(ctx.admin, clients);
    await makeGroup(ctx.admin, 'Colourful', { users: [dir.alice], attributes: { 'goauthentik.io/group/colour': 'blue', rank: [1, 2] } });
    await makeLdapProvider(ctx.admin, 'Acme LDAP', { base_dn: ACME, search_group: dir.searchers.pk });
    expect((await ctx.admin.post('/core/users/', { username: 'noname', name: '', attributes: { 'goauthentik.io/user/sources': ['a', 'b'], loginShell: '/bin/sh' } })).status).toBe(201);
    await retry(async () => expect(lower((await rootDSE('namingContexts')).namingContexts ?? [])).toEqual([BASE, ACME]));
    served = [];
    for (const base of [BASE, ACME]) {
      const bind = ['-D', userDN('searcher', base), '-w', password('searcher'), '-b', base];
      await retry(async () => expect((await ldapsearch([...bind, '(|(cn=Colourful)(cn=noname))', '1.1'])).length).toBe(3));
      served.push(...(await ldapsearch([...bind, '(objectClass=*)', '*', '+'])));
    }
    served.push({ dn: '', attrs: await rootDSE('*', '+') }, (await ldapsearch(['-s', 'base', '-b', 'cn=subschema', '(objectClass=*)', '*', '+']))[0]);
    // Read once every entry above is served: the subschema declares the custom attributes entries carry.
    const entries = await ldapsearch(['-s', 'base', '-b', 'cn=subschema', '(objectClass=subschema)', ...Object.keys(KINDS)]);
    schema = Object.fromEntries(Object.entries(KINDS).map(([attr, kind]) => [kind, (entries[0].attrs[attr] ?? []).map((v) => parseDescription(kind, v, { allowName: (n) => n.startsWith('goauthentik.io/') }))])) as never;
  });
  afterAll(() => clients.close());

  it('answers ldapsearch for the root DSE with "+": naming contexts, LDAPv3, StartTLS, Who am I?, paged results, vendor', async () => {
    const dse = await rootDSE('+');
    expect(lower(dse.namingContexts)).toEqual([BASE, ACME]);
    expect(dse.subschemaSubentry).toEqual(['cn=subschema']);
    expect(dse.supportedLDAPVersion).toEqual(['3']);
    expect(dse.supportedExtension).toEqual(expect.arrayContaining([STARTTLS, WHOAMI]));
    expect(dse.supportedControl).toEqual(expect.arrayContaining([PAGED]));
    expect(dse.vendorName).toEqual([expect.stringMatching(/\S/)]);
    expect(dse.vendorVersion).toEqual([expect.stringMatching(/\S/)]);
    expect(dse.objectClass).toBeUndefined();
    const both = await rootDSE('*', '+');
    expect(both).toMatchObject({ ...dse, objectClass: ['top'] });
    expect((await rootDSE('*')).objectClass).toEqual(['top']);
    expect(Object.keys(await rootDSE('supportedControl'))).toEqual(['supportedControl']);
    expect((await ldapUtil('ldapsearch', ['-x', '-H', ldapUrl(addresses), '-s', 'one', '-b', '', '(objectClass=*)'])).code).toBe(32);
  });

  it('serves cn=subschema, every description passing the strict RFC 4512 parser and every reference resolving', () => {
    for (const kind of Object.values(KINDS)) expect(schema[kind].length, kind).toBeGreaterThan(0);
    const find = (kind: DescriptionKind, ref: string) => schema[kind].some((d) => d.oid === ref || d.names.some((n) => n.toLowerCase() === ref.toLowerCase()));
    const list = (d: Description, keyword: string) => [d.fields.get(keyword)].flat().filter((v): v is string => typeof v === 'string');
    const missing: string[] = [];
    const need = (kind: DescriptionKind, ref: string, from: string) => find(kind, ref) || missing.push(`${from} → ${ref}`);
    for (const r of schema.matchingRule) need('ldapSyntax', list(r, 'SYNTAX')[0], r.oid);
    for (const a of schema.attributeType) {
      for (const ref of list(a, 'SUP')) need('attributeType', ref, a.oid);
      for (const ref of list(a, 'SYNTAX')) need('ldapSyntax', ref, a.oid);
      for (const k of ['EQUALITY', 'ORDERING', 'SUBSTR']) for (const ref of list(a, k)) need('matchingRule', ref, a.oid);
    }
    for (const c of schema.objectClass) {
      for (const ref of list(c, 'SUP')) need('objectClass', ref, c.oid);
      for (const ref of [...list(c, 'MUST'), ...list(c, 'MAY')]) need('attributeType', ref, c.oid);
    }
    for (const u of schema.matchingRuleUse) {
      need('matchingRule', u.oid, 'matchingRuleUse');
      for (const ref of list(u, 'APPLIES')) need('attributeType', ref, u.oid);
    }
    expect(missing).toEqual([]);
    const applies = (rule: string) => lower(schema.matchingRuleUse.filter((u) => u.names.includes(rule)).flatMap((u) => list(u, 'APPLIES')));
    for (const [rule, attr] of [['caseIgnoreMatch', 'displayName'], ['caseExactMatch', 'displayName'], ['integerMatch', 'uidNumber'], ['integerOrderingMatch', 'uidNumber'], ['distinguishedNameMatch', 'member'], ['caseIgnoreMatch', 'department']]) {
      expect(applies(rule), rule).toContain(attr.toLowerCase());
    }
  });

  it('declares every attribute and object class that any served entry carries, custom attributes included', () => {
    const attributes = new Set(schema.attributeType.flatMap((d) => lower(d.names)));
    const classes = new Set(schema.objectClass.flatMap((d) => lower(d.names)));
    const names = new Set(served.flatMap((e) => Object.keys(e.attrs)));
    expect([...names].filter((n) => !attributes.has(n.toLowerCase()))).toEqual([]);
    expect([...new Set(served.flatMap((e) => e.attrs.objectClass ?? []))].filter((c) => !classes.has(c.toLowerCase()))).toEqual([]);
    expect([...names]).toEqual(expect.arrayContaining(['department', 'goauthentikio-user-service-account', 'goauthentikio-group-colour', 'rank', 'goauthentikio-user-sources', 'hasSubordinates']));
    expect(served.map((e) => e.dn)).toEqual(expect.arrayContaining([ACME, groupDN('Colourful'), groupDN('Colourful', ACME), userDN('noname'), userDN('noname', ACME)]));
  });

  it('serves only entries consistent with the schema (checkEntryAgainstSchema)', () => {
    const problems = served.flatMap((e) => checkEntryAgainstSchema(makeEntry(e.dn, e.attrs)));
    expect(problems).toEqual([]);
    expect(served.length).toBeGreaterThan(20);
  });

  it('answers a plain ldapsearch simple bind and search (cn=alice) in LDIF: the user and its virtual group', async () => {
    const entries = await ldapsearch(['-D', userDN('alice'), '-w', password('alice'), '-b', BASE, '(cn=alice)']);
    expect(entries.map((e) => e.dn)).toEqual([userDN('alice'), virtualDN('alice')]);
    const reader = await clients.as(userDN('alice'), password('alice'));
    const viaLdapts: Attrs = attrsOf((await reader.search(userDN('alice'), { scope: 'base' })).searchEntries[0]);
    expect(entries[0].attrs).toEqual(viaLdapts);
    expect(entries[0].attrs).toMatchObject({ cn: ['alice'], department: ['R&D'], homeDirectory: ['/home/alice'], mail: ['alice@example.com'] });
  });
});
