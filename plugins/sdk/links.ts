export type ObjectKind = 'user' | 'group';

/** The object a job is about: a user (pk as a string) or a group (uuid). */
export interface ObjectRef {
  kind: ObjectKind;
  id: string;
}

/**
 * What the host remembers of one local object on one remote: the remote id (absent until it was created there),
 * and whatever state the plugin needs to decide what to send next time (a body hash, confirmed members, …).
 */
export interface Link {
  kind: ObjectKind;
  localId: string;
  remoteId: string | null;
  state: Record<string, unknown>;
}

/** A provider instance's links, owned by the host (plugins ship no migrations). Each write commits on its own. */
export interface LinksStore {
  get(kind: ObjectKind, localIds: string[]): Promise<Map<string, Link>>;
  /** The remote ids of those of the objects that have one, without their state. */
  remoteIds(kind: ObjectKind, localIds: string[]): Promise<Map<string, string>>;
  findByRemote(kind: ObjectKind, remoteId: string): Promise<Link | null>;
  /** Creates or replaces links (one statement for all). */
  save(links: Link[]): Promise<void>;
  remove(kind: ObjectKind, localId: string): Promise<void>;
}
