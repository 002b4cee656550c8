import { describe, expect, it } from 'vitest';
import { PAGED_RESULTS_OID, WHOAMI_OID } from '../plugins/ldap/protocol/types.ts';
import { checkEntryAgainstSchema } from '../plugins/ldap/schema/entry-check.ts';
import { attributeKey, attributeType, matchingRule, objectClass, subschemaAttributes } from '../plugins/ldap/schema/schema.ts';
import { type Entry, makeEntry } from '../plugins/ldap/search/entry.ts';
import { type Description, type DescriptionKind, parseDescription } from './support/rfc4512.ts';

const BASE = 'dc=ldap,dc=goauthentik,dc=io';
const CUSTOM = ['goauthentikio-user-service-account', 'goauthentikio-user-sources'];
const AK_CLASSES = new Set(['goauthentik.io/ldap/user', 'goauthentik.io/ldap/group', 'goauthentik.io/ldap/virtual-group']);

const KINDS: Record<string, DescriptionKind> = {
  ldapSyntaxes: 'ldapSyntax',
  matchingRules: 'matchingRule',
  attributeTypes: 'attributeType',
  objectClasses: 'objectClass',
  matchingRuleUse: 'matchingRuleUse',
};

function subschema(extra: readonly string[] = CUSTOM): Record<DescriptionKind, Description[]> {
  const parsed = {} as Record<DescriptionKind, Description[]>;
  for (const { type, values } of subschemaAttributes(extra)) {
    const kind = KINDS[type];
    parsed[kind] = values.map((v) => parseDescription(kind, String(v), { allowName: (name) => AK_CLASSES.has(name) }));
  }
  return parsed;
}

function values(d: Description, keyword: string): string[] {
  const v = d.fields.get(keyword);
  return v === undefined || v === true ? [] : Array.isArray(v) ? v : [v];
}

const describeOf = (list: Description[], nameOrOid: string) => list.find((d) => d.oid === nameOrOid || d.names.some((n) => n.toLowerCase() === nameOrOid.toLowerCase()));

const user = (extra: Record<string, string | string[]> = {}) =>
  makeEntry(`cn=akadmin,ou=users,${BASE}`, {
    objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson', 'user', 'goauthentik.io/ldap/user', 'posixAccount', 'extensibleObject'],
    cn: 'akadmin',
    uid: '7c1e5b1f2c0a4ce0a8d1f4bd4fbe1d1c',
    sAMAccountName: 'akadmin',
    name: 'authentik Default Admin',
    displayName: 'authentik Default Admin',
    givenName: 'authentik Default Admin',
    sn: 'authentik Default Admin',
    mail: 'admin@example.com',
    memberOf: [`cn=authentik Admins,ou=groups,${BASE}`],
    uidNumber: '2000',
    gidNumber: '2000',
    homeDirectory: '/home/akadmin',
    loginShell: '/bin/bash',
    gecos: 'authentik Default Admin',
    'ak-active': 'true',
    'ak-superuser': 'true',
    entryUUID: '1ab1e6a4-52a6-4c3c-8d4e-2b44b5d1d5a1',
    distinguishedName: `cn=akadmin,ou=users,${BASE}`,
    'goauthentikio-user-service-account': 'false',
    ...extra,
  });

const group = (members: string[]) =>
  makeEntry(`cn=authentik Admins,ou=groups,${BASE}`, {
    objectClass: ['top', 'group', 'groupOfUniqueNames', 'groupOfNames', 'goauthentik.io/ldap/group', 'posixGroup', 'extensibleObject'],
    cn: 'authentik Admins',
    uid: '0e8f7c3c-7c47-4d2c-a3f5-4a4c0b1e9f11',
    sAMAccountName: 'authentik Admins',
    gidNumber: '4000',
    member: members,
    uniqueMember: members,
    memberUid: members.map((m) => m.slice(3, m.indexOf(','))),
    'ak-superuser': 'true',
    description: 'Superusers',
    'goauthentikio-group-color': 'red',
  });

const container = (ou: string, classes: string[]) =>
  makeEntry(`ou=${ou},${BASE}`, { objectClass: classes, ou, distinguishedName: `ou=${ou},${BASE}`, commonName: ou });

const SAMPLES: [string, Entry][] = [
  [
    'the root DSE',
    makeEntry('', {
      objectClass: 'top',
      namingContexts: BASE,
      subschemaSubentry: 'cn=subschema',
      supportedLDAPVersion: '3',
      supportedExtension: WHOAMI_OID,
      supportedControl: PAGED_RESULTS_OID,
      vendorName: 'goauthentik.io',
      vendorVersion: '2025.10',
      rootDomainNamingContext: BASE,
      entryDN: '',
    }),
  ],
  ['the base entry', makeEntry(BASE, { objectClass: ['top', 'domain'], dc: 'ldap' })],
  ...['users', 'groups', 'virtual-groups'].map((ou): [string, Entry] => [`the ${ou} container`, container(ou, ['top', 'nsContainer', 'organizationalUnit', 'extensibleObject'])]),
  ['a user with a custom attribute', user()],
  ['a group with members and a custom attribute', group([`cn=akadmin,ou=users,${BASE}`])],
  ['an empty group', group([])],
  [
    'a virtual group',
    makeEntry(`cn=akadmin,ou=virtual-groups,${BASE}`, {
      objectClass: ['top', 'group', 'groupOfUniqueNames', 'groupOfNames', 'goauthentik.io/ldap/group', 'goauthentik.io/ldap/virtual-group', 'posixGroup'],
      cn: 'akadmin',
      gidNumber: '2000',
      member: `cn=akadmin,ou=users,${BASE}`,
      uniqueMember: `cn=akadmin,ou=users,${BASE}`,
      memberUid: 'akadmin',
    }),
  ],
  [
    'the subschema entry',
    makeEntry('cn=subschema', {
      objectClass: ['top', 'subentry', 'subschema'],
      cn: 'subschema',
      subtreeSpecification: '{}',
      ...Object.fromEntries(subschemaAttributes(CUSTOM).map((a) => [a.type, a.values.map(String)])),
    }),
  ],
];

describe('subschema descriptions', () => {
  const schema = subschema();

  it('all parse with a strict RFC 4512 grammar, the only non-keystring names being the goauthentik.io classes', () => {
    expect(Object.keys(schema).sort()).toEqual(['attributeType', 'ldapSyntax', 'matchingRule', 'matchingRuleUse', 'objectClass']);
    const odd = Object.values(schema)
      .flat()
      .flatMap((d) => d.names)
      .filter((n) => !/^[A-Za-z][A-Za-z0-9-]*$/.test(n));
    expect(odd.sort()).toEqual([...AK_CLASSES].sort());
  });

  it('the parser refuses what authentik serves: quoted SYNTAX swallowing SINGLE-VALUE, an AUX keyword, lower-case keywords', () => {
    expect(() => parseDescription('attributeType', "( 1.3.6.1.4.1.26027.1.1.5 NAME 'goauthentikio-user-service-account' SYNTAX '1.3.6.1.4.1.1466.115.121.1.7 SINGLE-VALUE' )")).toThrow(/numericoid expected/);
    expect(() => parseDescription('objectClass', "( 2.16.840.1.113730.3.2.2 NAME 'inetOrgPerson' AUX ( posixAccount ) MUST ( sAMAccountName ) MAY ( uidNumber $ gidNumber ))")).toThrow(/AUX is not/);
    expect(() => parseDescription('attributeType', "( 2.5.4.3 name 'cn' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )")).toThrow(/keyword expected/);
    expect(() => parseDescription('attributeType', "( 2.5.4.3 SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 NAME 'cn' )")).toThrow(/not a attributeType keyword here/);
    expect(() => parseDescription('objectClass', "( 2.5.6.6 NAME 'person' MUST ( sn cn ) )")).toThrow(/"\)" expected/);
    expect(() => parseDescription('attributeType', "( 2.5.4.3 NAME 'cn' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE)")).not.toThrow();
    expect(() => parseDescription('attributeType', "(2.5.4.3 NAME 'cn'SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )")).toThrow(/SP expected/);
  });

  it('every SUP, MUST, MAY, SYNTAX, EQUALITY, ORDERING, SUBSTR and APPLIES reference resolves, to a rule of the right use', () => {
    const resolves = (list: Description[], ref: string) => describeOf(list, ref) !== undefined;
    const unresolved: string[] = [];
    const check = (ok: boolean, what: string) => ok || unresolved.push(what);
    for (const r of schema.matchingRule) check(resolves(schema.ldapSyntax, values(r, 'SYNTAX')[0]), `${r.oid} SYNTAX`);
    for (const a of schema.attributeType) {
      for (const sup of values(a, 'SUP')) check(resolves(schema.attributeType, sup), `${a.names[0]} SUP ${sup}`);
      for (const syntax of values(a, 'SYNTAX')) check(resolves(schema.ldapSyntax, syntax), `${a.names[0]} SYNTAX ${syntax}`);
      for (const [keyword, usage] of [['EQUALITY', 'equality'], ['ORDERING', 'ordering'], ['SUBSTR', 'substrings']] as const) {
        for (const name of values(a, keyword)) {
          const rule = matchingRule(name);
          check(resolves(schema.matchingRule, name) && rule?.usage === usage, `${a.names[0]} ${keyword} ${name}`);
          check(rule?.appliesTo.includes(values(a, 'SYNTAX')[0]) === true, `${a.names[0]} ${keyword} ${name} applies to its syntax`);
        }
      }
    }
    for (const c of schema.objectClass) {
      for (const sup of values(c, 'SUP')) check(resolves(schema.objectClass, sup), `${c.names[0]} SUP ${sup}`);
      for (const attr of [...values(c, 'MUST'), ...values(c, 'MAY')]) check(resolves(schema.attributeType, attr), `${c.names[0]} ${attr}`);
    }
    for (const u of schema.matchingRuleUse) {
      check(resolves(schema.matchingRule, u.oid), `matchingRuleUse ${u.oid}`);
      for (const attr of values(u, 'APPLIES')) check(resolves(schema.attributeType, attr), `${u.oid} APPLIES ${attr}`);
    }
    expect(unresolved).toEqual([]);
  });

  it('has no duplicate OIDs, nor duplicate names within a kind', () => {
    const oids = [schema.ldapSyntax, schema.matchingRule, schema.attributeType, schema.objectClass].flat().map((d) => d.oid);
    expect(oids.filter((oid, i) => oids.indexOf(oid) !== i)).toEqual([]);
    for (const list of [schema.matchingRule, schema.attributeType, schema.objectClass]) {
      const names = list.flatMap((d) => d.names.map((n) => n.toLowerCase()));
      expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    }
  });

  it('declares inetOrgPerson STRUCTURAL under organizationalPerson and posixAccount AUXILIARY (not authentik’s quirks)', () => {
    const inetOrgPerson = describeOf(schema.objectClass, 'inetOrgPerson');
    expect(inetOrgPerson?.oid).toBe('2.16.840.1.113730.3.2.2');
    expect(inetOrgPerson?.fields.get('STRUCTURAL')).toBe(true);
    expect(values(inetOrgPerson as Description, 'SUP')).toEqual(['organizationalPerson']);
    expect(inetOrgPerson?.fields.has('MUST')).toBe(false);
    expect(describeOf(schema.objectClass, 'posixAccount')?.fields.get('AUXILIARY')).toBe(true);
    expect(describeOf(schema.attributeType, 'cn')?.fields.has('SINGLE-VALUE')).toBe(false);
    for (const name of ['group', 'groupOfNames', 'groupOfUniqueNames', 'posixGroup', 'goauthentik.io/ldap/group', 'goauthentik.io/ldap/virtual-group']) {
      expect(describeOf(schema.objectClass, name), name).toBeDefined();
    }
    expect(describeOf(schema.objectClass, 'goauthentik.io/ldap/user')?.oid).toBe('1.3.6.1.4.1.26027.1.1.1');
    expect(describeOf(schema.attributeType, 'entryUUID')?.oid).toBe('1.3.6.1.1.16.4');
    expect(describeOf(schema.objectClass, 'nsContainer')?.oid).toBe('2.16.840.1.113730.3.2.1');
  });

  it('gives custom attributes stable OIDs under 1.3.6.1.4.1.26027.1.1.3, whatever the order and case, skipping declared names and non-descrs', () => {
    const a = subschema(['goauthentikio-user-service-account', 'Foo-Bar', 'mail', 'x_y', 'foo-bar']).attributeType;
    const b = subschema(['FOO-BAR', 'goauthentikio-user-service-account']).attributeType;
    const custom = (list: Description[]) => list.filter((d) => d.oid.startsWith('1.3.6.1.4.1.26027.1.1.3.')).map((d) => [d.names[0].toLowerCase(), d.oid]);
    expect(custom(a)).toHaveLength(2);
    expect(custom(a)).toEqual(custom(b));
    expect(a.filter((d) => d.names.some((n) => n.toLowerCase() === 'mail'))).toHaveLength(1);
    const service = describeOf(a, 'goauthentikio-user-service-account') as Description;
    expect(values(service, 'EQUALITY')).toEqual(['caseIgnoreMatch']);
    expect(values(service, 'SYNTAX')).toEqual(['1.3.6.1.4.1.1466.115.121.1.15']);
  });
});

describe('schema lookups', () => {
  it('resolve names and OIDs case-insensitively to the canonical key', () => {
    expect(attributeKey('commonName')).toBe('cn');
    expect(attributeKey('2.5.4.3')).toBe('cn');
    expect(attributeKey('RFC822MAILBOX')).toBe('mail');
    expect(attributeKey('goauthentikio-User-Sources')).toBe('goauthentikio-user-sources');
    expect(objectClass('1.3.6.1.4.1.26027.1.1.1')?.names[0]).toBe('goauthentik.io/ldap/user');
    expect(objectClass('INETORGPERSON')?.kind).toBe('STRUCTURAL');
    expect(matchingRule('2.5.13.2')?.name).toBe('caseIgnoreMatch');
  });

  it('give unknown attributes a default Directory String definition with the caseIgnore rules', () => {
    const t = attributeType('goauthentikio-user-override-ips');
    expect(t).toMatchObject({ known: false, key: 'goauthentikio-user-override-ips', syntax: '1.3.6.1.4.1.1466.115.121.1.15', singleValue: false });
    expect([t.equality?.name, t.ordering?.name, t.substr?.name]).toEqual(['caseIgnoreMatch', 'caseIgnoreOrderingMatch', 'caseIgnoreSubstringsMatch']);
    expect(attributeType('cn').known).toBe(true);
  });
});

describe('checkEntryAgainstSchema', () => {
  it.each(SAMPLES)('finds nothing wrong with %s', (_, entry) => {
    expect(checkEntryAgainstSchema(entry)).toEqual([]);
  });

  it('declares every attribute the samples serve (custom ones through subschemaAttributes)', () => {
    const keys = new Set(SAMPLES.flatMap(([, e]) => [...e.attrs.keys()]));
    const undeclared = [...keys].filter((k) => !attributeType(k).known);
    expect(undeclared.sort()).toEqual(['goauthentikio-group-color', 'goauthentikio-user-service-account']);
  });

  it('needs extensibleObject on the containers: no class of theirs allows distinguishedName', () => {
    expect(checkEntryAgainstSchema(container('users', ['top', 'nsContainer', 'organizationalUnit']))).toEqual([
      `ou=users,${BASE}: distinguishedName is not allowed by its object classes`,
    ]);
  });

  it('reports unknown classes, missing MUST attributes, disallowed and multi-valued SINGLE-VALUE attributes, unlisted superclasses', () => {
    const entry = makeEntry(`cn=x,ou=users,${BASE}`, {
      objectClass: ['top', 'inetOrgPerson', 'organizationalPerson', 'posixAccount', 'fooClass'],
      cn: 'x',
      uid: 'x',
      uidNumber: ['1', '2'],
      homeDirectory: '/home/x',
      'goauthentikio-user-sources': 'a',
    });
    expect(checkEntryAgainstSchema(entry)).toEqual([
      `cn=x,ou=users,${BASE}: unknown object class fooClass`,
      `cn=x,ou=users,${BASE}: organizationalPerson needs its superclass person listed`,
      `cn=x,ou=users,${BASE}: MUST gidNumber of posixAccount missing`,
      `cn=x,ou=users,${BASE}: SINGLE-VALUE uidNumber has 2 values`,
      `cn=x,ou=users,${BASE}: goauthentikio-user-sources is not allowed by its object classes`,
    ]);
  });

  it('reports a user without sn (person MUST) and custom names no description could declare', () => {
    const entry = user({ 'x_y': 'z' });
    entry.attrs.delete('sn');
    expect(checkEntryAgainstSchema(entry)).toEqual([
      `cn=akadmin,ou=users,${BASE}: MUST sn of person missing`,
      `cn=akadmin,ou=users,${BASE}: x_y is not a descr, so no attribute type can declare it`,
    ]);
  });
});
