import { describe, expect, it } from 'vitest';
import { coerceSimple } from '../plugins/scim/source/patch/values.ts';
import type { AttributeDef } from '../plugins/scim/source/schema/attribute.ts';
import { type Doc, NEW_EMAIL, patchUser, refusal, refusedType, USER, without } from './support/scim-patch-engine.ts';

describe('names, values and filters', () => {
  it('writes canonical names whatever the case of the request', () => {
    const result = patchUser({ op: 'REPLACE', path: 'NAME.GIVENNAME', value: 'A' }, { op: 'add', value: { NickName: 'B', EMAILS: [{ VALUE: 'c@d.e', Type: 'other' }] } });
    expect(result).toMatchObject({ name: { givenName: 'A' }, nickName: 'B', emails: [{}, {}, { value: 'c@d.e', type: 'other' }] });
  });

  it('unassigns with a null replace and leaves no null behind', () => {
    const result = patchUser({ op: 'replace', path: 'displayName', value: null }, { op: 'replace', value: { name: { givenName: null } } });
    expect(result).toEqual({ ...without(USER, 'displayName'), name: { familyName: 'Doe' } });
  });

  it('replaces the sub-attribute of every matching element and creates one for an unmatched equality filter', () => {
    const result = patchUser({ op: 'replace', path: 'emails[type eq "home"].display', value: 'Home' }, { op: 'add', path: 'phoneNumbers[type eq "mobile"].value', value: '+15550100' });
    expect(result.emails).toEqual([(USER.emails as Doc[])[0], { value: 'jo@home.example', type: 'home', display: 'Home' }]);
    expect(result.phoneNumbers).toEqual([{ type: 'mobile', value: '+15550100' }]);
  });

  it('answers noTarget when a filter matches nothing and cannot describe a new element', () => {
    expect(refusedType(() => patchUser({ op: 'replace', path: 'emails[type eq "x" or type eq "y"].value', value: 'a@b.c' }))).toBe('noTarget');
    expect(refusedType(() => patchUser({ op: 'remove', path: 'emails[type eq "other"]' }))).toBe('noTarget');
    expect(refusedType(() => patchUser({ op: 'remove', path: 'emails[type eq "other"].display' }))).toBe('noTarget');
  });

  it('removes matching elements, a sub-attribute of each element, and elements named by an Entra-style value', () => {
    expect(patchUser({ op: 'remove', path: 'emails[type eq "home"]' }).emails).toEqual([(USER.emails as Doc[])[0]]);
    expect(patchUser({ op: 'remove', path: 'emails.type' }).emails).toEqual([{ value: 'jo@example.com', primary: true }, { value: 'jo@home.example' }]);
    expect(patchUser({ op: 'remove', path: 'emails', value: [{ value: 'jo@example.com' }] }).emails).toEqual([(USER.emails as Doc[])[1]]);
  });

  it.each([
    ['an unknown attribute in a path', { op: 'add', path: 'favouriteColour', value: 'red' }, 'invalidPath'],
    ['an unknown sub-attribute in a path', { op: 'replace', path: 'name.nick', value: 'x' }, 'invalidPath'],
    ['a filter on a single-valued attribute', { op: 'replace', path: 'userName[value eq "x"]', value: 'x' }, 'invalidPath'],
    ['an unknown key inside a value', { op: 'add', path: 'name', value: { nick: 'x' } }, 'invalidValue'],
    ['an unknown attribute without a path', { op: 'add', value: { favouriteColour: 'red' } }, 'invalidPath'],
    ['a number for a string', { op: 'replace', path: 'displayName', value: 42 }, 'invalidValue'],
    ['a non-boolean string for a boolean', { op: 'replace', path: 'active', value: 'yes' }, 'invalidValue'],
    ['a string for a complex attribute', { op: 'replace', path: 'name', value: 'Jo' }, 'invalidValue'],
    ['an object deeper than the schema', { op: 'replace', path: 'name.givenName', value: { a: { b: 'c' } } }, 'invalidValue'],
    ['nested arrays for a multi-valued attribute', { op: 'add', path: 'emails', value: [[NEW_EMAIL]] }, 'invalidValue'],
    ['non-base64 binary', { op: 'add', path: 'x509Certificates', value: [{ value: 'not base64!' }] }, 'invalidValue'],
    ['a no-path value that is not an object', { op: 'add', value: ['x'] }, 'invalidValue'],
  ])('refuses %s', (_label, op, scimType) => {
    expect(refusal(() => patchUser(op))).toMatchObject({ status: 400, scimType });
  });

  it('accepts Entra string booleans in any case', () => {
    expect(patchUser({ op: 'Replace', path: 'active', value: 'False' }).active).toBe(false);
    expect(patchUser({ op: 'Add', path: 'roles', value: [{ value: 'Admin', primary: 'True' }] }).roles).toEqual([{ value: 'Admin', primary: true }]);
  });
});

describe('value coercion by attribute type', () => {
  const def = (type: AttributeDef['type']): AttributeDef => ({ name: 'x', type, multiValued: false, required: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' });

  it.each([
    ['boolean', 'TRUE', true], ['boolean', false, false], ['integer', '42', 42], ['integer', -7, -7], ['decimal', '1.5e2', 150], ['decimal', 2.5, 2.5],
    ['dateTime', '2026-02-28T10:00:00.5+01:00', '2026-02-28T10:00:00.5+01:00'], ['binary', 'QUJD', 'QUJD'], ['reference', 'https://x.example/a', 'https://x.example/a'],
  ] as const)('accepts a %s given as %j', (type, raw, expected) => {
    expect(coerceSimple(def(type), raw)).toBe(expected);
  });

  it.each([
    ['boolean', 'yes'], ['boolean', 1], ['integer', '4.2'], ['integer', '0x10'], ['integer', 1.5], ['decimal', 'NaN'], ['decimal', Infinity],
    ['decimal', '1,5'], ['dateTime', '2026-02-30T00:00:00Z'], ['dateTime', 'tomorrow'], ['binary', 'abc'], ['string', 5], ['string', null],
  ] as const)('refuses a %s given as %j', (type, raw) => {
    expect(refusedType(() => coerceSimple(def(type), raw))).toBe('invalidValue');
  });
});
