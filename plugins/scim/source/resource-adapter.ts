import type { SourceKind, SourceObject, SourceWrite } from '../../sdk/index.ts';
import type { ResourceType } from './schema/catalogue.ts';

type Json = Record<string, unknown>;

/** How one resource type (User, Group) maps onto the host's objects. */
export interface ResourceAdapter {
  type: ResourceType;
  kind: SourceKind;
  /** The multi-valued attribute the host keeps as a relation (`groups` of a user, read-only; `members` of a group). */
  relation: 'groups' | 'members';
  /** Whether PATCH operations on the relation become membership changes (groups' members) rather than errors. */
  patchesRelation: boolean;
  /** The resource as served (without `meta`), relation included when the object has it loaded. */
  render(object: SourceObject, base: string): Json;
  /** The resource as a PATCH starts from: its id (which a PATCH may repeat, not change) and what the source may write, without the relation. */
  writable(object: SourceObject): Json;
  /** What the host stores for a (normalised) resource. */
  toWrite(resource: Json): Omit<SourceWrite, 'members' | 'ifVersion'>;
}

/** The resource's attributes other than those the host keeps itself, as stored in the object's document. */
export function documentOf(resource: Json, hostKeys: string[]): Json {
  return Object.fromEntries(Object.entries(resource).filter(([k]) => !hostKeys.includes(k) && !['id', 'meta', 'schemas'].includes(k)));
}

/** The resource's `meta` (RFC 7643 §3.1), with the object's version as a weak ETag. */
export function metaOf(object: SourceObject, resourceType: string, location: string): Json {
  return { resourceType, created: object.created, lastModified: object.lastModified, location, version: etagOf(object) };
}

export const etagOf = (object: SourceObject) => `W/"${object.version}"`;
