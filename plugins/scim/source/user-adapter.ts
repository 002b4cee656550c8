import type { SourceObject } from '../../sdk/index.ts';
import { documentOf, type ResourceAdapter } from './resource-adapter.ts';
import { badRequest } from './scim-error.ts';
import { ENTERPRISE_USER_SCHEMA, RESOURCE_TYPES, USER_SCHEMA } from './schema/catalogue.ts';

type Json = Record<string, unknown>;

/** Attributes of a User that the local user holds, not the document. */
const HOST_KEYS = ['userName', 'active', 'password', 'externalId', 'groups'];

function localName(resource: Json): string {
  if (typeof resource.displayName === 'string' && resource.displayName.trim()) return resource.displayName.trim();
  const name = (resource.name ?? {}) as Json;
  if (typeof name.formatted === 'string' && name.formatted.trim()) return name.formatted.trim();
  return [name.givenName, name.familyName].filter((p) => typeof p === 'string' && p.trim()).join(' ');
}

function localEmail(resource: Json): string {
  const emails = Array.isArray(resource.emails) ? (resource.emails as Json[]) : [];
  const chosen = emails.find((e) => e.primary === true) ?? emails[0];
  return typeof chosen?.value === 'string' ? chosen.value : '';
}

/**
 * Users: `userName` is the local username and `active` the local flag (so changes made elsewhere show here) unless
 * property mappings wrote other values, when the document keeps what was sent; the local name and e-mail derive from
 * `displayName`/`name` and the primary e-mail; the rest lives in the document.
 */
export const userAdapter: ResourceAdapter = {
  type: RESOURCE_TYPES.User,
  kind: 'user',
  relation: 'groups',
  patchesRelation: false,
  render(object: SourceObject, base: string) {
    const doc = object.document;
    const groups = object.groups?.map((g) => ({ value: g.id, display: g.display, $ref: `${base}/v2/Groups/${g.id}`, type: 'direct' }));
    return {
      schemas: ENTERPRISE_USER_SCHEMA in doc ? [USER_SCHEMA, ENTERPRISE_USER_SCHEMA] : [USER_SCHEMA],
      id: object.id,
      ...(object.externalId !== null ? { externalId: object.externalId } : {}),
      userName: object.user!.username,
      active: object.user!.is_active,
      ...doc,
      ...(groups?.length ? { groups } : {}),
    };
  },
  writable(object: SourceObject) {
    return {
      id: object.id,
      ...(object.externalId !== null ? { externalId: object.externalId } : {}),
      userName: object.user!.username,
      active: object.user!.is_active,
      ...object.document,
    };
  },
  toWrite(resource: Json) {
    if (typeof resource.userName !== 'string' || resource.userName.trim() === '') throw badRequest('invalidValue', 'userName is required and must not be blank.');
    return {
      externalId: typeof resource.externalId === 'string' ? resource.externalId : null,
      document: documentOf(resource, HOST_KEYS),
      user: {
        username: resource.userName,
        name: localName(resource),
        email: localEmail(resource),
        is_active: resource.active !== false,
        ...(typeof resource.password === 'string' ? { password: resource.password } : {}),
      },
    };
  },
};
