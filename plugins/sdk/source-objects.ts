import type { DocumentFilter, SortKey } from './source-filter.ts';

export type SourceKind = 'user' | 'group';

/** The local user's fields a source reads and writes. */
export interface SourceUserFields {
  username: string;
  name: string;
  email: string;
  is_active: boolean;
}

/** An object related to another: a group's member or a user's group, by id, with its name to display. */
export interface RelatedObject {
  id: string;
  display: string;
}

/**
 * A user or group that a source created (or adopted), with the document it last stored and the local object's
 * current fields (which may have changed through other paths since).
 */
export interface SourceObject {
  kind: SourceKind;
  /** A user's uuid or a group's pk. */
  id: string;
  externalId: string | null;
  document: Record<string, unknown>;
  created: string;
  lastModified: string;
  /** Grows by one with every write through the source; for ETags and optimistic concurrency. */
  version: number;
  user?: SourceUserFields;
  group?: { name: string };
  /** A group's direct members, when asked for. */
  members?: RelatedObject[];
  /** A user's direct groups, when asked for. */
  groups?: RelatedObject[];
}

export interface SourceQuery {
  filter?: DocumentFilter;
  sort?: SortKey;
  /** Rows to skip (0-based) and at most how many to return; `limit: 0` counts only. */
  offset: number;
  limit: number;
  include?: { members?: boolean; groups?: boolean };
}

export interface SourceWrite {
  externalId: string | null;
  document: Record<string, unknown>;
  /**
   * The local user's fields to set (users only); `password` is hashed by the host and never stored as given;
   * `attributes` sets those keys of the user's attributes (each value replaced whole) and keeps the others.
   */
  user?: Partial<SourceUserFields> & { password?: string; attributes?: Record<string, unknown> };
  /** The local group's fields to set (groups only); `attributes` as for users. */
  group?: { name: string; attributes?: Record<string, unknown> };
  /** A group's members by user id: all of them, or a change. Users not linked to this source may be members too. */
  members?: { set: string[] } | { add: string[]; remove: string[] };
  /** Write only if the object is still at this version; otherwise `version_mismatch`. */
  ifVersion?: number;
}

export type SourceStoreErrorReason =
  /** Another object has this name (or externalId, within the source). `adoptable` when it is a local object not linked to any source. */
  | 'uniqueness'
  | 'not_found'
  /** A member id names no user. */
  | 'invalid_reference'
  | 'version_mismatch'
  /** The host refused a value (a blank name, too long a field). */
  | 'invalid_value';

/** What the store throws when it refuses a write; checked by shape (`isSourceStoreError`), not class. */
export class SourceStoreError extends Error {
  readonly reason: SourceStoreErrorReason;
  constructor(reason: SourceStoreErrorReason, message: string) {
    super(message);
    this.name = 'SourceStoreError';
    this.reason = reason;
  }
}

export function isSourceStoreError(err: unknown): err is SourceStoreError {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'SourceStoreError' && typeof (err as { reason?: unknown }).reason === 'string';
}

/**
 * A source instance's objects, owned by the host. Every write is one transaction through the users and groups
 * domain code, so it produces model change events and reaches providers like any other change.
 */
export interface SourceObjects {
  query(kind: SourceKind, query: SourceQuery): Promise<{ total: number; objects: SourceObject[] }>;
  get(kind: SourceKind, id: string, include?: SourceQuery['include']): Promise<SourceObject | null>;
  /** Creates the local object and links it; with `adopt`, links an unlinked local object of the same name instead of refusing. */
  create(kind: SourceKind, write: SourceWrite & { adopt: boolean }, include?: SourceQuery['include']): Promise<SourceObject>;
  update(kind: SourceKind, id: string, write: SourceWrite, include?: SourceQuery['include']): Promise<SourceObject>;
  /** Deletes the local object, or (users, `deactivate`) deactivates it; either way the link goes. False when not linked. */
  remove(kind: SourceKind, id: string, mode: 'delete' | 'deactivate'): Promise<boolean>;
}
