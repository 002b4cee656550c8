import { describe, expect, it } from 'vitest';
import type { Filter } from '../plugins/ldap/protocol/types.ts';
import { matchingRule } from '../plugins/ldap/schema/schema.ts';
import { type Entry, makeEntry } from '../plugins/ldap/search/entry.ts';
import { type CompileOptions, compileFilter, equalityKey } from '../plugins/ldap/search/filter-match.ts';
import { parseSubstringAssertion } from '../plugins/ldap/search/rule-tests.ts';
import { parseFilter } from './support/ldap-filter.ts';

const BASE = 'dc=ldap,dc=goauthentik,dc=io';
const USER_CLASSES = ['top', 'person', 'organizationalPerson', 'inetOrgPerson', 'user', 'goauthentik.io/ldap/user', 'posixAccount'];

const person = (cn: string, attrs: Record<string, string | string[]>) =>
  makeEntry(`cn=${cn},ou=users,${BASE}`, { objectClass: USER_CLASSES, cn, homeDirectory: `/home/${cn}`, ...attrs });

const ENTRIES: Record<string, Entry> = {
  root: makeEntry('', { objectClass: 'top', vendorName: 'goauthentik.io', namingContexts: BASE }),
  base: makeEntry(BASE, { objectClass: ['top', 'domain'], dc: 'ldap' }),
  users: makeEntry(`ou=users,${BASE}`, { objectClass: ['top', 'nsContainer', 'organizationalUnit'], ou: 'users', cn: 'users' }),
  alice: person('Alice', {
    sn: 'Smith',
    givenName: 'Alice',
    displayName: 'Alice  Smith',
    mail: 'Alice@Example.com',
    memberOf: `cn=Admins,ou=groups,${BASE}`,
    uidNumber: '2001',
    'ak-active': 'true',
    entryUUID: '1ab1e6a4-52a6-4c3c-8d4e-2b44b5d1d5a1',
    'goauthentikio-user-service-account': 'false',
  }),
  bob: person('Bob', { sn: 'Jones', mail: 'bob@example.com', uidNumber: '999', 'ak-active': 'FALSE' }),
  carol: person('Carol Smyth', { sn: 'Smyth', mail: 'carol@example.org', uidNumber: '10000' }),
  dave: person('Lučić', { sn: 'Straße', description: 'ﬁnance', uidNumber: '-5' }),
  admins: makeEntry(`cn=Admins,ou=groups,${BASE}`, {
    objectClass: ['top', 'group', 'groupOfNames', 'groupOfUniqueNames', 'posixGroup'],
    cn: 'Admins',
    gidNumber: '4000',
    member: `cn=Alice,ou=users,${BASE}`,
    uniqueMember: `cn=Alice,ou=users,${BASE}#'0101'B`,
    memberUid: 'alice',
  }),
  bare: makeEntry(`cn=bare,${BASE}`, { cn: 'bare' }),
};

const run = (filter: Filter, options?: CompileOptions) => {
  const test = compileFilter(filter, options);
  return Object.keys(ENTRIES).filter((name) => test(ENTRIES[name]));
};
const matching = (filter: string, options?: CompileOptions) => run(parseFilter(filter), options);
const ALL = Object.keys(ENTRIES);
const PEOPLE = ['alice', 'bob', 'carol', 'dave'];

describe('the ldapts filter parser and our AST agree', () => {
  it.each<[string, Filter]>([
    ['(&(objectClass=user)(!(cn=a*b*c)))', { type: 'and', filters: [{ type: 'equality', attribute: 'objectClass', value: 'user' }, { type: 'not', filter: { type: 'substrings', attribute: 'cn', initial: 'a', any: ['b'], final: 'c' } }] }],
    ['(|(uidNumber>=2000)(uidNumber<=10)(cn~=x)(mail=*))', { type: 'or', filters: [{ type: 'greaterOrEqual', attribute: 'uidNumber', value: '2000' }, { type: 'lessOrEqual', attribute: 'uidNumber', value: '10' }, { type: 'approxMatch', attribute: 'cn', value: 'x' }, { type: 'present', attribute: 'mail' }] }],
    ['(cn:caseExactMatch:=Foo)', { type: 'extensible', matchingRule: 'caseExactMatch', attribute: 'cn', value: 'Foo', dnAttributes: false }],
    ['(:dn:2.5.13.5:=users)', { type: 'extensible', matchingRule: '2.5.13.5', value: 'users', dnAttributes: true }],
    ['(ou:dn:=users)', { type: 'extensible', attribute: 'ou', value: 'users', dnAttributes: true }],
    ['(cn=Lu\\c4\\8di\\c4\\87 \\2a\\28\\29\\5c)', { type: 'equality', attribute: 'cn', value: 'Lučić *()\\' }],
  ])('%s', (text, ast) => {
    expect(parseFilter(text)).toEqual(ast);
  });
});

describe('equality per matching rule', () => {
  it.each([
    ['caseIgnoreMatch, with insignificant spaces', '(cn=  ALICE )', ['alice']],
    ['caseIgnoreMatch, inner runs of spaces as one', '(displayName=alice smith)', ['alice']],
    ['caseIgnoreMatch, Unicode case folding and NFKC', '(sn=STRASSE)', ['dave']],
    ['caseIgnoreMatch, compatibility characters', '(description=FINANCE)', ['dave']],
    ['caseIgnoreMatch, escaped UTF-8', '(cn=lu\\c4\\8di\\c4\\87)', ['dave']],
    ['caseExactMatch (vendorName)', '(vendorName=goauthentik.io)', ['root']],
    ['caseExactMatch refuses another case', '(vendorName=Goauthentik.io)', []],
    ['caseIgnoreIA5Match (mail)', '(mail=alice@EXAMPLE.COM)', ['alice']],
    ['caseIgnoreIA5Match (dc)', '(dc=LDAP)', ['base']],
    ['caseExactIA5Match (homeDirectory)', '(homeDirectory=/home/Alice)', ['alice']],
    ['caseExactIA5Match refuses another case', '(homeDirectory=/home/alice)', []],
    ['caseExactIA5Match (memberUid)', '(memberUid=alice)', ['admins']],
    ['integerMatch, leading zeros', '(uidNumber=0002001)', ['alice']],
    ['integerMatch, negative', '(uidNumber=-5)', ['dave']],
    ['distinguishedNameMatch', `(memberOf=CN=admins, OU=Groups,${BASE.toUpperCase()})`, ['alice']],
    ['distinguishedNameMatch (member)', `(member=commonName=ALICE,ou=users,${BASE})`, ['admins']],
    ['uniqueMemberMatch', `(uniqueMember=cn=alice,ou=users,${BASE}#'0101'B)`, ['admins']],
    ['uniqueMemberMatch, the UID is part of the value', `(uniqueMember=cn=alice,ou=users,${BASE})`, []],
    ['objectIdentifierMatch by name, any case', '(objectClass=PERSON)', PEOPLE],
    ['objectIdentifierMatch by OID', '(objectClass=2.5.6.6)', PEOPLE],
    ['objectIdentifierMatch, authentik class by name', '(objectClass=goauthentik.io/ldap/user)', PEOPLE],
    ['objectIdentifierMatch, authentik class by OID', '(objectClass=1.3.6.1.4.1.26027.1.1.1)', PEOPLE],
    ['booleanMatch', '(ak-active=TRUE)', ['alice']],
    ['booleanMatch, served in either case', '(ak-active=false)', ['bob']],
    ['uuidMatch', '(entryUUID=1AB1E6A4-52A6-4C3C-8D4E-2B44B5D1D5A1)', ['alice']],
    ['attribute names in any case and by alias', '(COMMONNAME=bob)', ['bob']],
  ])('%s: %s', (_, filter, expected) => {
    expect(matching(filter)).toEqual(expected);
  });

  it('takes attribute types by OID', () => {
    expect(run({ type: 'equality', attribute: '2.5.4.3', value: 'alice' })).toEqual(['alice']);
    expect(run({ type: 'equality', attribute: '0.9.2342.19200300.100.1.3', value: 'BOB@example.com' })).toEqual(['bob']);
  });
});

describe('ordering', () => {
  it('compares integers numerically, not as strings', () => {
    expect(matching('(uidNumber>=2000)')).toEqual(['alice', 'carol']);
    expect(matching('(uidNumber<=2000)')).toEqual(['bob', 'dave']);
    expect(matching('(uidNumber<=999)')).toEqual(['bob', 'dave']);
    expect(matching('(uidNumber>=10000)')).toEqual(['carol']);
    expect(matching('(uidNumber>=-10)')).toEqual(PEOPLE);
  });

  it('uses caseIgnoreOrderingMatch for custom attributes', () => {
    expect(matching('(goauthentikio-user-service-account>=FALSE)')).toEqual(['alice']);
    expect(matching('(goauthentikio-user-service-account<=e)')).toEqual([]);
  });

  it('is Undefined for an attribute without an ORDERING rule', () => {
    expect(matching('(cn>=a)')).toEqual([]);
    expect(matching('(!(cn>=a))')).toEqual([]);
  });
});

describe('substrings', () => {
  it.each([
    ['initial', '(cn=AL*)', ['alice']],
    ['final', '(cn=*ce)', ['alice']],
    ['any', '(cn=*o*)', ['bob', 'carol']],
    ['initial, any and final in order', '(cn=c*r*o*h)', ['carol']],
    ['the parts in order only', '(cn=c*h*o*r)', []],
    ['parts that overlap are not found twice', '(cn=*ali*lice*)', []],
    ['space handling across values', '(displayName=*e s*)', ['alice']],
    ['a part ending in a space', '(cn=carol *)', ['carol']],
    ['caseIgnoreSubstringsMatch', '(sn=*MYT*)', ['carol']],
    ['caseIgnoreIA5SubstringsMatch', '(mail=*@EXAMPLE.com)', ['alice', 'bob']],
    ['caseExactIA5SubstringsMatch', '(memberUid=al*)', ['admins']],
    ['caseExactIA5SubstringsMatch refuses another case', '(memberUid=AL*)', []],
    ['no SUBSTR rule: Undefined', '(!(homeDirectory=/home/*))', []],
  ])('%s: %s', (_, filter, expected) => {
    expect(matching(filter)).toEqual(expected);
  });
});

describe('presence', () => {
  it('holds where the attribute has values; objectClass everywhere', () => {
    expect(matching('(mail=*)')).toEqual(['alice', 'bob', 'carol']);
    expect(matching('(objectClass=*)')).toEqual(ALL);
    expect(matching('(OBJECTCLASS=*)')).toContain('bare');
    expect(matching('(commonName=*)')).toEqual(['users', ...PEOPLE, 'admins', 'bare']);
  });

  it('is FALSE, not Undefined, for an unknown attribute', () => {
    expect(matching('(unknownAttr=*)')).toEqual([]);
    expect(matching('(!(unknownAttr=*))')).toEqual(ALL);
  });
});

describe('three-valued logic (RFC 4511 §4.5.1.7)', () => {
  it('an unknown attribute type is Undefined, and so is its negation', () => {
    expect(matching('(unknownAttr=x)')).toEqual([]);
    expect(matching('(!(unknownAttr=x))')).toEqual([]);
  });

  it('OR of Undefined and TRUE is TRUE; AND of Undefined and FALSE is FALSE', () => {
    expect(matching('(|(unknownAttr=x)(cn=alice))')).toEqual(['alice']);
    expect(matching('(&(unknownAttr=x)(cn=alice))')).toEqual([]);
    expect(matching('(!(&(unknownAttr=x)(cn=bob)))')).toEqual(ALL.filter((n) => n !== 'bob'));
    expect(matching('(!(|(unknownAttr=x)(cn=bob)))')).toEqual([]);
  });

  it('an assertion value outside the syntax, or a missing rule, is Undefined', () => {
    expect(matching('(!(uidNumber=abc))')).toEqual([]);
    expect(matching('(!(ak-active=yes))')).toEqual([]);
    expect(matching('(!(memberOf=not a dn))')).toEqual([]);
    expect(matching('(!(namingContexts=x))')).toEqual([]);
  });

  it('a known attribute the entry lacks is FALSE', () => {
    expect(matching('(!(mail=alice@example.com))')).toEqual(ALL.filter((n) => n !== 'alice'));
  });

  it('a custom attribute is Undefined where it is missing unless the server declares it', () => {
    expect(matching('(goauthentikio-user-service-account=FALSE)')).toEqual(['alice']);
    expect(matching('(!(goauthentikio-user-service-account=true))')).toEqual(['alice']);
    expect(matching('(!(goauthentikio-user-service-account=true))', { customAttributes: ['goauthentikio-user-service-account'] })).toEqual(ALL);
  });

  it('empty AND is TRUE and empty OR is FALSE (RFC 4526)', () => {
    expect(run({ type: 'and', filters: [] })).toEqual(ALL);
    expect(run({ type: 'or', filters: [] })).toEqual([]);
  });
});

describe('extensible match', () => {
  it.each([
    ['a rule and an attribute', '(cn:caseExactMatch:=Alice)', ['alice']],
    ['a rule and an attribute, case kept', '(cn:caseExactMatch:=alice)', []],
    ['a rule by OID', '(cn:2.5.13.5:=Bob)', ['bob']],
    ['an attribute alone: its equality rule', '(mail:=BOB@EXAMPLE.COM)', ['bob']],
    ['a rule alone: every attribute it applies to', '(:caseIgnoreMatch:=smith)', ['alice']],
    ['a rule alone over DN attributes only', '(:distinguishedNameMatch:=cn=alice,ou=users,dc=ldap,dc=goauthentik,dc=io)', ['admins']],
    [':dn: with a rule and no attribute', '(:dn:2.5.13.5:=users)', ['users', ...PEOPLE]],
    [':dn: with a rule, case kept', '(:dn:caseExactMatch:=Users)', []],
    [':dn: with an attribute', '(ou:dn:=USERS)', ['users', ...PEOPLE]],
    ['no :dn:, no RDN values', '(ou:=users)', ['users']],
    [':dn: cn', '(cn:dn:=admins)', ['admins']],
    ['an ordering rule: the value is less than the assertion', '(uidNumber:integerOrderingMatch:=2000)', ['bob', 'dave']],
    ['caseIgnoreOrderingMatch', '(cn:caseIgnoreOrderingMatch:=b)', ['alice', 'admins']],
    ['caseExactOrderingMatch', '(cn:caseExactOrderingMatch:=a)', ['alice', 'bob', 'carol', 'dave', 'admins']],
    ['caseExactSubstringsMatch', '(cn:caseExactSubstringsMatch:=Al*)', ['alice']],
    ['caseExactSubstringsMatch, case kept', '(cn:caseExactSubstringsMatch:=al*)', []],
    ['caseIgnoreSubstringsMatch, folding ß to ss', '(sn:caseIgnoreSubstringsMatch:=s*t*ss*)', ['dave']],
    ['octetStringMatch', '(cn:octetStringMatch:=Alice)', ['alice']],
    ['octetStringMatch, byte for byte', '(cn:octetStringMatch:=alice)', []],
    ['booleanMatch', '(ak-active:booleanMatch:=true)', ['alice']],
  ])('%s: %s', (_, filter, expected) => {
    expect(matching(filter)).toEqual(expected);
  });

  it.each([
    ['an unknown rule', '(cn:fooMatch:=x)'],
    ['a rule that does not apply to the attribute', '(uidNumber:caseIgnoreMatch:=2001)'],
    ['an attribute without an equality rule', '(namingContexts:=x)'],
    ['an invalid assertion value', '(uidNumber:integerMatch:=x)'],
    ['a substring assertion without *', '(cn:caseIgnoreSubstringsMatch:=alice)'],
    ['an unknown attribute', '(unknownAttr:=x)'],
  ])('is Undefined for %s: %s', (_, filter) => {
    expect(matching(filter)).toEqual([]);
    expect(matching(`(!${filter})`)).toEqual([]);
  });

  it('reads Substring Assertion values with \\2A and \\5C escapes', () => {
    expect(parseSubstringAssertion('a\\2a*b\\5C**c')).toEqual({ initial: 'a*', any: ['b\\'], final: 'c' });
    expect(parseSubstringAssertion('*x*')).toEqual({ any: ['x'] });
    expect(parseSubstringAssertion('x')).toBeNull();
    expect(parseSubstringAssertion('a\\41*')).toBeNull();
  });

  it('is Undefined with neither rule nor attribute, and takes OID attributes', () => {
    expect(run({ type: 'not', filter: { type: 'extensible', value: 'x', dnAttributes: false } })).toEqual([]);
    expect(run({ type: 'extensible', attribute: '2.5.4.3', matchingRule: '2.5.13.5', value: 'Admins', dnAttributes: false })).toEqual(['admins']);
  });
});

describe('approximate match', () => {
  it.each([
    ['a misspelling with the same Soundex', '(cn~=Alise)', ['alice']],
    ['Smith and Smyth', '(sn~=smyth)', ['alice', 'carol']],
    ['punctuation and case ignored', '(displayName~=ALICE-SMITH)', ['alice']],
    ['words run together', '(displayName~=alicesmith)', ['alice']],
    ['diacritics ignored', '(cn~=lucic)', ['dave']],
    ['no likeness', '(cn~=zzz)', []],
    ['equality for non-string syntaxes', '(uidNumber~=02001)', ['alice']],
  ])('%s: %s', (_, filter, expected) => {
    expect(matching(filter)).toEqual(expected);
  });
});

describe('equalityKey and the remaining rules', () => {
  it('gives the normalized value under the equality rule, null without one', () => {
    expect(equalityKey('cn', '  Alice   SMITH ')).toBe('alice smith');
    expect(equalityKey('uidnumber', '007')).toBe('7');
    expect(equalityKey('uidnumber', 'x')).toBeNull();
    expect(equalityKey('member', 'CN=A, OU=B')).toBe('cn=a,ou=b');
    expect(equalityKey('objectclass', 'inetOrgPerson')).toBe('2.16.840.1.113730.3.2.2');
    expect(equalityKey('namingcontexts', BASE)).toBeNull();
    expect(equalityKey('goauthentikio-user-sources', 'LDAP')).toBe('ldap');
  });

  it('numericStringMatch drops spaces and refuses non-digits', () => {
    const rule = matchingRule('numericStringMatch');
    expect(rule?.normalize(' 12 34 ')).toBe('1234');
    expect(rule?.normalize('12a')).toBeNull();
  });

  it('objectIdentifierFirstComponentMatch compares descriptions by their OID', () => {
    expect(equalityKey('objectclasses', "( 2.5.6.6 NAME 'person' SUP top STRUCTURAL )")).toBe('2.5.6.6');
    expect(equalityKey('objectclasses', 'person')).toBe('2.5.6.6');
  });
});

describe('speed', () => {
  it('tests 100k entries against a compiled filter in well under a second or two', () => {
    const entries = Array.from({ length: 100_000 }, (_, i) =>
      makeEntry(`cn=user${i},ou=users,${BASE}`, {
        objectClass: USER_CLASSES,
        cn: `user${i}`,
        sn: `Surname ${i % 100}`,
        mail: `user${i}@example.${i % 2 ? 'org' : 'com'}`,
        uidNumber: String(2000 + i),
        memberOf: [`cn=group${i % 10},ou=groups,${BASE}`, `cn=all,ou=groups,${BASE}`],
        'ak-active': i % 3 ? 'true' : 'false',
      }),
    );
    const test = compileFilter(parseFilter(`(&(objectClass=inetOrgPerson)(|(cn=user1*)(mail=*@example.org))(uidNumber>=3000)(!(ak-active=false))(memberOf=cn=group1,ou=groups,${BASE}))`));
    const started = performance.now();
    const found = entries.filter(test).length;
    const elapsed = performance.now() - started;
    expect(found).toBe(entries.filter((_, i) => i >= 1000 && i % 3 !== 0 && i % 10 === 1).length);
    expect(elapsed).toBeLessThan(2000);
  });
});
