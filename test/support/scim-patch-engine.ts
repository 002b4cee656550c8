import { applyPatch } from '../../plugins/scim/source/patch/apply-patch.ts';
import { PATCH_OP_SCHEMA } from '../../plugins/scim/source/patch/patch-request.ts';
import { ENTERPRISE_USER_SCHEMA as ENT, GROUP_SCHEMA, RESOURCE_TYPES, USER_SCHEMA } from '../../plugins/scim/source/schema/catalogue.ts';
import { ScimError } from '../../plugins/scim/source/scim-error.ts';
import { deepFreeze } from './scim-error.ts';

/*
 * The PATCH engine tests' resources (a User with the enterprise extension, a Group with members), both deep-frozen,
 * and the calls they patch them with.
 */

export type Doc = Record<string, unknown>;

export const USER: Doc = deepFreeze({
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

export const GROUP: Doc = deepFreeze({
  schemas: [GROUP_SCHEMA],
  id: 'g1',
  displayName: 'Staff',
  members: [{ value: 'u1', $ref: 'User' }, { value: 'u2' }],
  meta: { resourceType: 'Group', created: '2026-01-01T00:00:00Z', lastModified: '2026-01-01T00:00:00Z', location: '/Groups/g1' },
});

/** A PatchOp message of the operations; patchUser and patchGroup apply one to USER and GROUP. */
export const body = (...ops: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations: ops });
export const patchUser = (...ops: unknown[]) => applyPatch(RESOURCE_TYPES.User, USER, body(...ops)).resource;
export const patchGroup = (...ops: unknown[]) => applyPatch(RESOURCE_TYPES.Group, GROUP, body(...ops), { relation: 'members' });

/** The ScimError a call throws, as status, scimType and detail. */
export function refusal(run: () => unknown): { status: number; scimType: string | undefined; detail: string } {
  try {
    run();
  } catch (e) {
    if (e instanceof ScimError) return { status: e.status, scimType: e.scimType, detail: e.message };
    throw e;
  }
  throw new Error('expected a ScimError');
}
export const refusedType = (run: () => unknown) => refusal(run).scimType;

/** The document without the keys. */
export const without = (doc: Doc, ...keys: string[]) => Object.fromEntries(Object.entries(doc).filter(([k]) => !keys.includes(k)));
export const ent = USER[ENT] as Doc;
export const NEW_EMAIL = { value: 'jo@other.example', type: 'other' };
