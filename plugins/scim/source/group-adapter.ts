import type { SourceObject } from '../../sdk/index.ts';
import { documentOf, type ResourceAdapter } from './resource-adapter.ts';
import { badRequest } from './scim-error.ts';
import { GROUP_SCHEMA, RESOURCE_TYPES } from './schema/catalogue.ts';

type Json = Record<string, unknown>;

const HOST_KEYS = ['displayName', 'externalId', 'members'];

/**
 * Groups: `displayName` is the local group's name (unless property mappings wrote another, when the document keeps
 * what was sent), `members` its direct members by user id; the rest is the document.
 */
export const groupAdapter: ResourceAdapter = {
  type: RESOURCE_TYPES.Group,
  kind: 'group',
  relation: 'members',
  patchesRelation: true,
  render(object: SourceObject, base: string) {
    const members = object.members?.map((m) => ({ value: m.id, display: m.display, $ref: `${base}/v2/Users/${m.id}`, type: 'User' }));
    return {
      schemas: [GROUP_SCHEMA],
      id: object.id,
      ...(object.externalId !== null ? { externalId: object.externalId } : {}),
      displayName: object.group!.name,
      ...object.document,
      ...(members?.length ? { members } : {}),
    };
  },
  writable(object: SourceObject) {
    return { id: object.id, ...(object.externalId !== null ? { externalId: object.externalId } : {}), displayName: object.group!.name, ...object.document };
  },
  toWrite(resource: Json) {
    if (typeof resource.displayName !== 'string' || resource.displayName.trim() === '') throw badRequest('invalidValue', 'displayName is required and must not be blank.');
    return {
      externalId: typeof resource.externalId === 'string' ? resource.externalId : null,
      document: documentOf(resource, HOST_KEYS),
      group: { name: resource.displayName.trim() },
    };
  },
};
