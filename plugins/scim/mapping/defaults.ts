import type { DirectoryGroup, DirectoryUser } from '../../sdk/index.ts';
import type { ScimGroupBody, ScimUserBody } from './types.ts';

/** The core User schema's URN (RFC 7643 §8.7.1), always in a user body's `schemas`. */
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
/** The core Group schema's URN, always in a group body's `schemas`. */
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/**
 * The default user mapping (authentik's, plus `schemas`): userName, name split at the first space, displayName,
 * one primary email when there is one, active, and `externalId` = the user's uid, stable per user and install.
 */
export function defaultUser(user: DirectoryUser): ScimUserBody {
  const space = user.name.indexOf(' ');
  const body: ScimUserBody = {
    schemas: [USER_SCHEMA],
    userName: user.username,
    name: { formatted: user.name, givenName: space < 0 ? user.name : user.name.slice(0, space), familyName: space < 0 ? '' : user.name.slice(space + 1) },
    displayName: user.name || user.username,
    active: user.is_active,
    externalId: user.uid,
  };
  if (user.email) body.emails = [{ value: user.email, type: 'other', primary: true }];
  return body;
}

/** The default group mapping: displayName and `externalId` = the group's uuid. Members are added by the reconciler. */
export function defaultGroup(group: DirectoryGroup): ScimGroupBody {
  return { schemas: [GROUP_SCHEMA], displayName: group.name, externalId: group.pk };
}
