import { describe, expect, it } from 'vitest';
import { applyPatch } from '../plugins/scim/source/patch/apply-patch.ts';
import { ENTERPRISE_USER_SCHEMA as ENT, RESOURCE_TYPES, USER_SCHEMA } from '../plugins/scim/source/schema/catalogue.ts';
import { body, type Doc, GROUP, NEW_EMAIL, patchUser, refusal, refusedType, USER } from './support/scim-patch-engine.ts';

describe('atomicity', () => {
  it('leaves a deep-frozen input untouched when the third operation fails', () => {
    const before = structuredClone(USER);
    const failing = body({ op: 'replace', path: 'displayName', value: 'A' }, { op: 'remove', path: 'emails' }, { op: 'replace', path: 'id', value: 'u9' });
    expect(refusal(() => applyPatch(RESOURCE_TYPES.User, USER, failing))).toMatchObject({ status: 400, scimType: 'mutability', detail: expect.stringMatching(/^Operations\[2\]/) });
    expect(USER).toEqual(before);
  });

  it('returns a result that shares nothing with the input', () => {
    const result = patchUser({ op: 'replace', path: 'nickName', value: 'JJ' });
    (result.name as Doc).givenName = 'changed';
    expect((USER.name as Doc).givenName).toBe('Jo');
  });
});

describe('mutability', () => {
  it.each([
    ['id', { op: 'replace', path: 'id', value: 'u9' }],
    ['meta', { op: 'remove', path: 'meta' }],
    ['meta.lastModified', { op: 'replace', path: 'meta.lastModified', value: '2027-01-01T00:00:00Z' }],
    ['groups', { op: 'add', path: 'groups', value: [{ value: 'g2' }] }],
    ['schemas', { op: 'replace', path: 'schemas', value: [USER_SCHEMA] }],
    ['a readOnly sub-attribute inside a value', { op: 'add', path: `${ENT}:manager`, value: { value: 'm2', displayName: 'Boss' } }],
  ])('refuses a change to %s', (_label, op) => {
    expect(refusedType(() => patchUser(op))).toBe('mutability');
  });

  it('accepts a readOnly attribute given with its current value, and a writeOnly password', () => {
    expect(patchUser({ op: 'replace', value: { id: 'u1', password: 's3cret!' } })).toEqual({ ...USER, password: 's3cret!' });
  });

  it('lets an immutable sub-attribute be set when absent but not changed or removed (members without relation)', () => {
    const patch = (...ops: unknown[]) => applyPatch(RESOURCE_TYPES.Group, GROUP, body(...ops)).resource;
    expect(patch({ op: 'add', path: 'members[value eq "u2"].$ref', value: 'User' }).members).toEqual([{ value: 'u1', $ref: 'User' }, { value: 'u2', $ref: 'User' }]);
    expect(refusedType(() => patch({ op: 'replace', path: 'members[value eq "u1"].$ref', value: 'Group' }))).toBe('mutability');
    expect(refusedType(() => patch({ op: 'remove', path: 'members.value' }))).toBe('mutability');
    expect(patch({ op: 'remove', path: 'members[value eq "u1"]' }).members).toEqual([{ value: 'u2' }]);
  });
});

describe('primary', () => {
  const primaryCount = (doc: Doc) => (doc.emails as Doc[]).filter((e) => e.primary === true).length;

  it('moves primary to the element an operation marks primary', () => {
    const added = patchUser({ op: 'add', path: 'emails', value: { ...NEW_EMAIL, primary: true } });
    expect(added.emails).toEqual([{ value: 'jo@example.com', type: 'work' }, { value: 'jo@home.example', type: 'home' }, { ...NEW_EMAIL, primary: true }]);
    const moved = patchUser({ op: 'replace', path: 'emails[type eq "home"].primary', value: true });
    expect([primaryCount(moved), (moved.emails as Doc[])[1]!.primary]).toEqual([1, true]);
  });

  it('refuses an operation that makes two elements primary', () => {
    const two = [{ ...NEW_EMAIL, primary: true }, { value: 'z@z.example', primary: true }];
    expect(refusedType(() => patchUser({ op: 'replace', path: 'emails', value: two }))).toBe('invalidValue');
  });
});
