import { describe, expect, it } from 'vitest';
import { applyPatch } from '../plugins/scim/source/patch/apply-patch.ts';
import { MAX_OPERATIONS, PATCH_OP_SCHEMA } from '../plugins/scim/source/patch/patch-request.ts';
import { coerceSimple } from '../plugins/scim/source/patch/values.ts';
import type { AttributeDef } from '../plugins/scim/source/schema/attribute.ts';
import { ENTERPRISE_USER_SCHEMA as ENT, GROUP_SCHEMA, RESOURCE_TYPES, USER_SCHEMA } from '../plugins/scim/source/schema/catalogue.ts';
import { ScimError } from '../plugins/scim/source/scim-error.ts';
import { deepFreeze } from './support/scim-error.ts';

type Doc = Record<string, unknown>;

const USER: Doc = deepFreeze({
  schemas: [USER_SCHEMA, ENT],
  id: 'u1',
  externalId: 'ext-1',
  userName: 'jo@example.com',
  name: { givenName: 'Jo', familyName: 'Doe' },
  displayName: 'Jo Doe',
  active: true,
  emails: [{ value: 'jo@example.com', type: 'work', primary: true }, { value: 'jo@home.example', type: 'home' }],
  groups: [{ value: 'g1', display: 'Staff' }],
  meta: { resourceType: 'User', created: '2026-01-01T00:00:00Z', lastModified: '2026-01-01T00:00:00Z', location: '/Users/u1' },
  [ENT]: { department: 'Eng', manager: { value: 'm1' } },
});

const GROUP: Doc = deepFreeze({
  schemas: [GROUP_SCHEMA],
  id: 'g1',
  displayName: 'Staff',
  members: [{ value: 'u1', $ref: 'User' }, { value: 'u2' }],
  meta: { resourceType: 'Group', created: '2026-01-01T00:00:00Z', lastModified: '2026-01-01T00:00:00Z', location: '/Groups/g1' },
});

const body = (...ops: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations: ops });
const patchUser = (...ops: unknown[]) => applyPatch(RESOURCE_TYPES.User, USER, body(...ops)).resource;
const patchGroup = (...ops: unknown[]) => applyPatch(RESOURCE_TYPES.Group, GROUP, body(...ops), { relation: 'members' });

function refusal(run: () => unknown): { status: number; scimType: string | undefined; detail: string } {
  try {
    run();
  } catch (e) {
    if (e instanceof ScimError) return { status: e.status, scimType: e.scimType, detail: e.message };
    throw e;
  }
  throw new Error('expected a ScimError');
}
const refusedType = (run: () => unknown) => refusal(run).scimType;

const without = (doc: Doc, ...keys: string[]) => Object.fromEntries(Object.entries(doc).filter(([k]) => !keys.includes(k)));
const ent = USER[ENT] as Doc;
const NEW_EMAIL = { value: 'jo@other.example', type: 'other' };

describe('PATCH operation matrix (op × path × attribute kind)', () => {
  const rows: [string, Doc, Doc][] = [
    ['add single-valued with path', { op: 'add', path: 'nickName', value: 'JJ' }, { ...USER, nickName: 'JJ' }],
    ['add single-valued without path', { op: 'add', value: { nickName: 'JJ' } }, { ...USER, nickName: 'JJ' }],
    ['replace single-valued with path', { op: 'replace', path: 'displayName', value: 'Joanna' }, { ...USER, displayName: 'Joanna' }],
    ['replace single-valued without path', { op: 'replace', value: { displayName: 'Joanna' } }, { ...USER, displayName: 'Joanna' }],
    ['remove single-valued with path', { op: 'remove', path: 'displayName' }, without(USER, 'displayName')],
    ['add multi-valued with path (one element)', { op: 'add', path: 'emails', value: NEW_EMAIL }, { ...USER, emails: [...(USER.emails as Doc[]), NEW_EMAIL] }],
    ['add multi-valued without path (array)', { op: 'add', value: { emails: [NEW_EMAIL] } }, { ...USER, emails: [...(USER.emails as Doc[]), NEW_EMAIL] }],
    ['add multi-valued skips an exact duplicate', { op: 'add', path: 'emails', value: [(USER.emails as Doc[])[1]] }, USER],
    ['replace multi-valued with path', { op: 'replace', path: 'emails', value: [NEW_EMAIL] }, { ...USER, emails: [NEW_EMAIL] }],
    ['replace multi-valued without path', { op: 'replace', value: { emails: NEW_EMAIL } }, { ...USER, emails: [NEW_EMAIL] }],
    ['remove multi-valued with path', { op: 'remove', path: 'emails' }, without(USER, 'emails')],
    ['add complex with path merges', { op: 'add', path: 'name', value: { middleName: 'M' } }, { ...USER, name: { givenName: 'Jo', familyName: 'Doe', middleName: 'M' } }],
    ['add complex without path merges', { op: 'add', value: { name: { middleName: 'M' } } }, { ...USER, name: { givenName: 'Jo', familyName: 'Doe', middleName: 'M' } }],
    ['replace complex with path merges', { op: 'replace', path: 'name', value: { givenName: 'Joanna' } }, { ...USER, name: { givenName: 'Joanna', familyName: 'Doe' } }],
    ['replace complex without path merges', { op: 'replace', value: { name: { givenName: 'Joanna' } } }, { ...USER, name: { givenName: 'Joanna', familyName: 'Doe' } }],
    ['remove complex with path', { op: 'remove', path: 'name' }, without(USER, 'name')],
    ['replace sub-attribute with path', { op: 'replace', path: 'name.givenName', value: 'Joanna' }, { ...USER, name: { givenName: 'Joanna', familyName: 'Doe' } }],
    ['remove sub-attribute with path', { op: 'remove', path: 'name.givenName' }, { ...USER, name: { familyName: 'Doe' } }],
    ['add extension attribute with path', { op: 'add', path: `${ENT}:costCenter`, value: 'C1' }, { ...USER, [ENT]: { ...ent, costCenter: 'C1' } }],
    ['add extension attribute without path (URN-prefixed key)', { op: 'add', value: { [`${ENT}:costCenter`]: 'C1' } }, { ...USER, [ENT]: { ...ent, costCenter: 'C1' } }],
    ['replace extension attribute without path (URN key holding an object)', { op: 'replace', value: { [ENT]: { department: 'Ops' } } }, { ...USER, [ENT]: { ...ent, department: 'Ops' } }],
    ['replace extension attribute with path', { op: 'replace', path: `${ENT}:department`, value: 'Ops' }, { ...USER, [ENT]: { ...ent, department: 'Ops' } }],
    ['remove extension attribute with path', { op: 'remove', path: `${ENT}:department` }, { ...USER, [ENT]: { manager: { value: 'm1' } } }],
    ['replace extension sub-attribute with path', { op: 'replace', path: `${ENT}:manager.value`, value: 'm2' }, { ...USER, [ENT]: { ...ent, manager: { value: 'm2' } } }],
    ['replace common attribute externalId', { op: 'replace', path: 'externalId', value: 'ext-2' }, { ...USER, externalId: 'ext-2' }],
    ['remove common attribute externalId', { op: 'remove', path: 'externalId' }, without(USER, 'externalId')],
  ];
  it.each(rows)('%s', (_label, op, expected) => {
    expect(patchUser(op)).toEqual(expected);
  });

  it('drops the extension and its schema URN when its last attribute is removed', () => {
    const result = patchUser({ op: 'remove', path: `${ENT}:department` }, { op: 'remove', path: `${ENT}:manager` });
    expect(result[ENT]).toBeUndefined();
    expect(result.schemas).toEqual([USER_SCHEMA]);
  });

  it('adds the extension URN to schemas when an extension attribute appears', () => {
    const plain = { schemas: [USER_SCHEMA], userName: 'a' };
    expect(applyPatch(RESOURCE_TYPES.User, plain, body({ op: 'add', path: `${ENT}:department`, value: 'X' })).resource).toEqual({
      schemas: [USER_SCHEMA, ENT], userName: 'a', [ENT]: { department: 'X' },
    });
  });
});

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

describe('provider sequences', () => {
  it('Okta: deactivates with a no-path replace and renames a group sending its unchanged id', () => {
    expect(patchUser({ op: 'replace', value: { active: false } }).active).toBe(false);
    expect(patchGroup({ op: 'replace', value: { id: 'g1', displayName: 'Crew' } }).resource.displayName).toBe('Crew');
  });

  it('Okta: removes a member selected by value', () => {
    expect(patchGroup({ op: 'remove', path: 'members[value eq "u2"]' }).relation).toEqual({ add: [], remove: ['u2'] });
  });

  it('Entra: dotted no-path keys, a string manager, and string booleans', () => {
    const result = patchUser(
      { op: 'Replace', value: { 'name.givenName': 'Joanna', 'name.familyName': 'Roe', active: 'False' } },
      { op: 'Add', path: `${ENT}:manager`, value: 'm2' },
    );
    expect(result).toMatchObject({ name: { givenName: 'Joanna', familyName: 'Roe' }, active: false, [ENT]: { department: 'Eng', manager: { value: 'm2' } } });
  });

  it('Microsoft reference collection: reads `urn:…:User.manager` as `urn:…:User:manager`', () => {
    expect(patchUser({ op: 'replace', path: `${ENT}.manager`, value: 'm3' })[ENT]).toEqual({ department: 'Eng', manager: { value: 'm3' } });
  });

  it('Entra: replacing emails[type eq "work"].value on a user without a work e-mail creates it', () => {
    const homeOnly = { ...USER, emails: [{ value: 'jo@home.example', type: 'home' }] };
    const result = applyPatch(RESOURCE_TYPES.User, homeOnly, body({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'jo@work.example' })).resource;
    expect(result.emails).toEqual([{ value: 'jo@home.example', type: 'home' }, { type: 'work', value: 'jo@work.example' }]);
  });

  it('Entra: adds and removes group members with value lists', () => {
    const result = patchGroup({ op: 'Add', path: 'members', value: [{ value: 'u3' }, { value: 'u4' }] }, { op: 'Remove', path: 'members', value: [{ value: 'u1' }] });
    expect(result.relation).toEqual({ add: ['u3', 'u4'], remove: ['u1'] });
    expect(result.resource.members).toEqual(GROUP.members);
  });
});

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

describe('relation folding (members of a Group)', () => {
  it.each([
    ['add then remove the same id: the removal wins', [{ op: 'add', path: 'members', value: [{ value: 'x' }] }, { op: 'remove', path: 'members[value eq "x"]' }], { add: [], remove: ['x'] }],
    ['remove then add the same id: the addition wins', [{ op: 'remove', path: 'members', value: [{ value: 'x' }] }, { op: 'add', path: 'members', value: [{ value: 'x' }] }], { add: ['x'], remove: [] }],
    ['replace then add: the set includes it', [{ op: 'replace', path: 'members', value: [{ value: 'a' }] }, { op: 'add', path: 'members', value: { value: 'b' } }], { set: ['a', 'b'], add: [], remove: [] }],
    ['add then replace: the set clears pending changes', [{ op: 'add', path: 'members', value: [{ value: 'a' }] }, { op: 'replace', path: 'members', value: [{ value: 'b' }] }], { set: ['b'], add: [], remove: [] }],
    ['remove without filter or value: set to none', [{ op: 'remove', path: 'members' }], { set: [], add: [], remove: [] }],
    ['an or-filter of value equalities', [{ op: 'remove', path: 'members[value eq "a" or value eq "b"]' }], { add: [], remove: ['a', 'b'] }],
    ['a no-path value with members', [{ op: 'replace', value: { displayName: 'Crew', members: [{ value: 'a', display: 'A' }] } }], { set: ['a'], add: [], remove: [] }],
    ['no member operation', [{ op: 'replace', path: 'displayName', value: 'Crew' }], { add: [], remove: [] }],
  ])('%s', (_label, ops, relation) => {
    const result = patchGroup(...ops);
    expect(result.relation).toEqual(relation);
    expect(result.resource.members).toEqual(GROUP.members);
  });

  it('refuses a member filter on anything but value, and empty member ids', () => {
    expect(refusal(() => patchGroup({ op: 'remove', path: 'members[display eq "A"]' }))).toMatchObject({ scimType: 'invalidFilter', detail: expect.stringContaining('members can only be selected by value') });
    expect(refusedType(() => patchGroup({ op: 'add', path: 'members', value: [{ value: '' }] }))).toBe('invalidValue');
    expect(refusedType(() => patchGroup({ op: 'add', path: 'members', value: [{ display: 'no id' }] }))).toBe('invalidValue');
  });
});

describe('PatchOp message', () => {
  const op = { op: 'replace', path: 'active', value: false };
  it.each([
    ['a non-object body', 'x', 'invalidSyntax'],
    ['a body without the PatchOp schema', { schemas: ['urn:x'], Operations: [op] }, 'invalidSyntax'],
    ['missing Operations', { schemas: [PATCH_OP_SCHEMA] }, 'invalidSyntax'],
    ['empty Operations', body(), 'invalidSyntax'],
    ['Operations as an object', { schemas: [PATCH_OP_SCHEMA], Operations: op }, 'invalidSyntax'],
    ['too many operations', body(...Array.from({ length: MAX_OPERATIONS + 1 }, () => op)), 'tooMany'],
    ['an unknown op', body({ ...op, op: 'delete' }), 'invalidSyntax'],
    ['a numeric path', body({ ...op, path: 7 }), 'invalidSyntax'],
    ['a remove without a path', body({ op: 'remove' }), 'noTarget'],
    ['an add without a value', body({ op: 'add', path: 'nickName' }), 'invalidValue'],
  ])('refuses %s', (_label, message, scimType) => {
    expect(refusal(() => applyPatch(RESOURCE_TYPES.User, USER, message))).toMatchObject({ status: 400, scimType });
  });

  it('accepts member names in any case and op names in any case', () => {
    const message = { SCHEMAS: [PATCH_OP_SCHEMA.toUpperCase()], operations: [{ OP: 'Replace', Path: 'active', VALUE: 'false' }] };
    expect(applyPatch(RESOURCE_TYPES.User, USER, message).resource.active).toBe(false);
  });
});
