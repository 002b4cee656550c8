import { describe, expect, it } from 'vitest';
import { applyPatch } from '../plugins/scim/source/patch/apply-patch.ts';
import { ENTERPRISE_USER_SCHEMA as ENT, RESOURCE_TYPES, USER_SCHEMA } from '../plugins/scim/source/schema/catalogue.ts';
import { body, type Doc, ent, NEW_EMAIL, patchUser, USER, without } from './support/scim-patch-engine.ts';

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
