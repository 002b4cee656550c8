import { describe, expect, it } from 'vitest';
import { DnError, escapeDNValue, formatDN, isChildOf, isDescendantOrSelf, normalizeDN, parentDN, parseDN, type Rdn } from '../plugins/ldap/protocol/dn.ts';

const ava = (type: string, value: string) => ({ type, value });

describe('parseDN on the RFC 4514 §4 examples', () => {
  it.each<[string, Rdn[]]>([
    ['UID=jsmith,DC=example,DC=net', [[ava('UID', 'jsmith')], [ava('DC', 'example')], [ava('DC', 'net')]]],
    ['CN=Steve Kille,O=Isode Limited,C=GB', [[ava('CN', 'Steve Kille')], [ava('O', 'Isode Limited')], [ava('C', 'GB')]]],
    ['OU=Sales+CN=J.  Smith,DC=example,DC=net', [[ava('OU', 'Sales'), ava('CN', 'J.  Smith')], [ava('DC', 'example')], [ava('DC', 'net')]]],
    ['CN=James \\"Jim\\" Smith\\, III,DC=example,DC=net', [[ava('CN', 'James "Jim" Smith, III')], [ava('DC', 'example')], [ava('DC', 'net')]]],
    ['CN=Before\\0dAfter,DC=example,DC=net', [[ava('CN', 'Before\rAfter')], [ava('DC', 'example')], [ava('DC', 'net')]]],
    ['CN=Lu\\C4\\8Di\\C4\\87', [[ava('CN', 'Lučić')]]],
  ])('%s', (dn, rdns) => {
    expect(parseDN(dn)).toEqual(rdns);
  });

  it('keeps a #hex BER value as written, marked hex', () => {
    expect(parseDN('1.3.6.1.4.1.1466.0=#04024869,DC=example,DC=com')).toEqual([
      [{ type: '1.3.6.1.4.1.1466.0', value: '#04024869', hex: true }],
      [ava('DC', 'example')],
      [ava('DC', 'com')],
    ]);
    expect(formatDN(parseDN('1.3.6.1.4.1.1466.0=#04024869,DC=example,DC=com'))).toBe('1.3.6.1.4.1.1466.0=#04024869,DC=example,DC=com');
  });

  it('is empty for the empty DN', () => {
    expect(parseDN('')).toEqual([]);
    expect(formatDN([])).toBe('');
  });
});

describe('spaces', () => {
  it('ignores unescaped spaces around separators and keeps escaped ones', () => {
    expect(parseDN(' cn = Steve Kille , o=Isode + c = GB ')).toEqual([[ava('cn', 'Steve Kille')], [ava('o', 'Isode'), ava('c', 'GB')]]);
    expect(parseDN('cn=\\ lead,o=trail\\ ,ou=\\20both\\20')).toEqual([[ava('cn', ' lead')], [ava('o', 'trail ')], [ava('ou', ' both ')]]);
    expect(parseDN('cn=a  b')).toEqual([[ava('cn', 'a  b')]]);
  });
});

describe('escapeDNValue and formatDN', () => {
  it.each([
    ['a,b', 'a\\,b'],
    ['a+b', 'a\\+b'],
    ['say "hi"', 'say \\"hi\\"'],
    ['back\\slash', 'back\\\\slash'],
    ['<tag>', '\\<tag\\>'],
    ['semi;colon', 'semi\\;colon'],
    ['#hash', '\\#hash'],
    ['mid#hash', 'mid#hash'],
    [' lead', '\\ lead'],
    ['trail ', 'trail\\ '],
    [' ', '\\ '],
    ['nul\0byte', 'nul\\00byte'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('escapes %j as %j', (value, escaped) => {
    expect(escapeDNValue(value)).toBe(escaped);
  });

  it.each(['Smith, John', 'a+b', '"q"', 'back\\slash', '<x>', 'a;b', '#lead', ' lead', 'trail ', '  both  ', 'nul\0', 'Lučić', 'a=b=c', 'tab\tcr\r'])(
    'round-trips %j through formatDN and parseDN',
    (value) => {
      const dn = formatDN([[{ type: 'cn', value }, { type: 'uid', value }], [{ type: 'ou', value: 'users' }]]);
      expect(parseDN(dn)).toEqual([[ava('cn', value), ava('uid', value)], [ava('ou', 'users')]]);
    },
  );
});

describe('normalizeDN', () => {
  it.each([
    ['CN=Steve Kille,O=Isode Limited,C=GB', 'cn=steve kille,o=isode limited,c=gb'],
    ['commonName=Alice,ou=Users,dc=Example,dc=COM', 'cn=alice,ou=users,dc=example,dc=com'],
    ['2.5.4.3=Alice,0.9.2342.19200300.100.1.25=example', 'cn=alice,dc=example'],
    ['cn=  Alice   Smith ,ou=users', 'cn=alice smith,ou=users'],
    ['OU=Sales+CN=J.  Smith,DC=example,DC=net', 'cn=j. smith+ou=sales,dc=example,dc=net'],
    ['CN=J.  Smith+OU=Sales,DC=example,DC=net', 'cn=j. smith+ou=sales,dc=example,dc=net'],
    ['cn=Lu\\C4\\8Di\\C4\\87', 'cn=lučić'],
    ['cn=ＡＢＣ', 'cn=abc'],
    ['uidNumber=002000', 'uidnumber=2000'],
    ['1.3.6.1.4.1.1466.0=#04024869', '1.3.6.1.4.1.1466.0=#04024869'],
    ['cn=\\#1\\, the first', 'cn=\\#1\\, the first'],
    ['', ''],
  ])('%s → %s', (dn, normalized) => {
    expect(normalizeDN(dn)).toBe(normalized);
  });

  it('makes equal DNs equal: escapes, case, type names and OIDs, spacing, RDN part order', () => {
    const same = ['cn=John Smith,ou=users,dc=ldap', 'CN=john smith, OU=Users, DC=LDAP', 'commonName=JOHN\\20SMITH,ou=users,dc=ldap', '2.5.4.3=John  Smith,organizationalUnitName=users,domainComponent=ldap', 'cn=J\\6fhn Smith,ou=users,dc=ldap'];
    expect(new Set(same.map(normalizeDN)).size).toBe(1);
    expect(normalizeDN('cn=a+sn=b')).toBe(normalizeDN('sn=B+cn=A'));
    expect(normalizeDN('cn=a,ou=x')).not.toBe(normalizeDN('cn=a\\,ou=x'));
  });
});

describe('syntax errors', () => {
  it.each([
    ['cn', /"=" expected/],
    ['=x', /Attribute type expected/],
    ['cn=a;ou=b', /Unescaped ";"/],
    ['cn=a,', /Attribute type expected/],
    [',cn=a', /Attribute type expected/],
    ['cn=a,,ou=b', /Attribute type expected/],
    ['cn=a\\', /Invalid escape/],
    ['cn=a\\x', /Invalid escape/],
    ['cn=a\\4', /Invalid escape/],
    ['cn=\\ff', /not UTF-8/],
    ['cn="quoted"', /Unescaped """/],
    ['cn=a<b', /Unescaped "<"/],
    ['cn=a\0b', /Unescaped/],
    ['cn=#0', /Invalid #hex/],
    ['cn=#zz', /Invalid #hex/],
    ['cn=#0102x', /after #hex/],
    ['1cn=a', /Attribute type expected/],
    ['01.2=a', /Attribute type expected/],
    ['c_n=a', /"=" expected/],
    ['cn+a', /"=" expected/],
  ])('%j is refused', (dn, message) => {
    expect(() => parseDN(dn)).toThrow(DnError);
    expect(() => parseDN(dn)).toThrow(message);
    expect(() => normalizeDN(dn)).toThrow(DnError);
  });
});

describe('isDescendantOrSelf and parentDN', () => {
  const base = normalizeDN('dc=ldap,dc=goauthentik,dc=io');

  it('holds for the base itself, entries below it, and everything below the empty DN', () => {
    expect(isDescendantOrSelf(base, base)).toBe(true);
    expect(isDescendantOrSelf(normalizeDN('cn=Alice,OU=Users,dc=ldap,dc=goauthentik,dc=io'), base)).toBe(true);
    expect(isDescendantOrSelf(base, '')).toBe(true);
    expect(isDescendantOrSelf('', '')).toBe(true);
  });

  it('does not hold for parents, siblings, suffixes that are not whole RDNs, or escaped commas', () => {
    expect(isDescendantOrSelf(normalizeDN('dc=goauthentik,dc=io'), base)).toBe(false);
    expect(isDescendantOrSelf(normalizeDN('cn=x,dc=other,dc=goauthentik,dc=io'), base)).toBe(false);
    expect(isDescendantOrSelf(normalizeDN('dc=xldap,dc=goauthentik,dc=io'), base)).toBe(false);
    expect(isDescendantOrSelf(normalizeDN('cn=a\\,ou=users'), normalizeDN('ou=users'))).toBe(false);
    expect(isDescendantOrSelf(normalizeDN('cn=a\\\\,ou=users'), normalizeDN('ou=users'))).toBe(true);
    expect(isDescendantOrSelf('', base)).toBe(false);
  });

  it('parentDN drops the first RDN, and is null for the empty DN', () => {
    expect(parentDN('cn=Alice,ou=users,dc=ldap')).toBe('ou=users,dc=ldap');
    expect(parentDN('cn=a\\,b+sn=c,ou=users')).toBe('ou=users');
    expect(parentDN('dc=io')).toBe('');
    expect(parentDN('')).toBeNull();
    const ndn = normalizeDN('cn=Alice,ou=users,dc=ldap,dc=goauthentik,dc=io');
    expect(parentDN(ndn)).toBe(normalizeDN('ou=users,dc=ldap,dc=goauthentik,dc=io'));
  });
});

describe('isChildOf', () => {
  it('holds for an entry directly below the base, escaped commas in its RDN included, and for nothing deeper', () => {
    const base = normalizeDN('ou=users,dc=example,dc=com');
    expect(isChildOf(normalizeDN('cn=alice,ou=users,dc=example,dc=com'), base)).toBe(true);
    expect(isChildOf(normalizeDN('cn=Smith\\, John,ou=users,dc=example,dc=com'), base)).toBe(true);
    expect(isChildOf(normalizeDN('cn=x,cn=alice,ou=users,dc=example,dc=com'), base)).toBe(false);
    expect(isChildOf(base, base)).toBe(false);
    expect(isChildOf(normalizeDN('cn=alice,ou=groups,dc=example,dc=com'), base)).toBe(false);
    expect(isChildOf(normalizeDN('dc=com'), '')).toBe(true);
    expect(isChildOf(normalizeDN('dc=example,dc=com'), '')).toBe(false);
  });
});
