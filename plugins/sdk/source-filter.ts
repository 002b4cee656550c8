/**
 * A filter over a source's objects that the host runs as SQL (never in memory over all rows). A plugin translates
 * its protocol's filter (SCIM's, say) into this tree, resolving attribute names, types and case rules first.
 */

/** What the host keeps for every object of a source, whatever the document holds. */
export type HostField =
  /** The object's id: a user's uuid or a group's pk. */
  | 'id'
  | 'externalId'
  | 'created'
  | 'lastModified'
  /** A user's username or a group's name. */
  | 'name'
  /** A user's display name. */
  | 'displayName'
  | 'email'
  | 'active';

/** Objects related to the one filtered: a group's members (users), a user's direct groups. */
export type Relation = 'members' | 'groups';

/** A value a comparison reads: a host field, or a path of keys into the stored document (an extension's URN is a key). */
export type FilterTarget = { field: HostField } | { path: string[] };

/** How values compare: strings with or without case, numbers, booleans, timestamps (ISO 8601). */
export type ValueType = 'string' | 'boolean' | 'number' | 'dateTime';

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

export type DocumentFilter =
  | { op: 'and' | 'or'; filters: DocumentFilter[] }
  | { op: 'not'; filter: DocumentFilter }
  /** The value is there: not null, not an empty string, array or object. */
  | { op: 'pr'; target: FilterTarget }
  | { op: CompareOp; target: FilterTarget; type: ValueType; caseExact: boolean; value: string | number | boolean | null }
  /**
   * Some element of an array in the document (`path`) matches `filter`, whose targets are paths relative to the
   * element (`{ path: [] }` is the element itself when the array holds plain values).
   */
  | { op: 'some'; path: string[]; filter: ElementFilter }
  /** Some related object matches `filter`, whose targets are `id` and `display` (a user's username, a group's name). */
  | { op: 'related'; relation: Relation; filter: RelatedFilter };

export type ElementFilter =
  | { op: 'and' | 'or'; filters: ElementFilter[] }
  | { op: 'not'; filter: ElementFilter }
  | { op: 'pr'; target: { path: [] | [string] } }
  | { op: CompareOp; target: { path: [] | [string] }; type: ValueType; caseExact: boolean; value: string | number | boolean | null };

export type RelatedFilter =
  | { op: 'and' | 'or'; filters: RelatedFilter[] }
  | { op: 'not'; filter: RelatedFilter }
  | { op: 'pr'; target: { related: 'id' | 'display' } }
  | { op: CompareOp; target: { related: 'id' | 'display' }; type: 'string'; caseExact: boolean; value: string | number | boolean | null };

/** An order for a source's objects: a host field or a document path, compared as `type`. */
export interface SortKey {
  target: FilterTarget;
  type: ValueType;
  caseExact: boolean;
  descending: boolean;
}
