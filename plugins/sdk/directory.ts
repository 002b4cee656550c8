/** A user as plugins see it (read-only). `uid` is stable per user and install: sha256("<pk>-<install id>"). */
export interface DirectoryUser {
  pk: number;
  uid: string;
  uuid: string;
  username: string;
  name: string;
  email: string;
  is_active: boolean;
  type: 'internal' | 'external' | 'service_account' | 'internal_service_account';
  path: string;
  attributes: Record<string, unknown>;
  /** Direct groups' pks. */
  groups: string[];
}

/** A group as plugins see it (read-only), with its direct members' pks. */
export interface DirectoryGroup {
  pk: string;
  num_pk: number;
  name: string;
  parent: string | null;
  is_superuser: boolean;
  attributes: Record<string, unknown>;
  members: number[];
}

/** A property mapping an instance is configured with: a named expression in the plugin's mapping language. */
export interface PropertyMapping {
  pk: string;
  name: string;
  expression: string;
  /** The mapping's language (`/propertymappings/<type>/`); the host always gives it. */
  type?: string;
}

/** Read-only queries over users and groups. Missing objects are simply absent from the results. */
export interface Directory {
  users(pks: number[]): Promise<DirectoryUser[]>;
  /** Just each user's pk and type: enough to decide scope over many users (a group's members) cheaply. */
  userTypes(pks: number[]): Promise<Pick<DirectoryUser, 'pk' | 'type'>[]>;
  groups(pks: string[]): Promise<DirectoryGroup[]>;
  /** The group and every group below it. */
  descendants(groupPk: string): Promise<string[]>;
  /** Users who are members of the group or of any group below it; with `among`, only those of these users. */
  deepMembers(groupPk: string, among?: number[]): Promise<Set<number>>;
  /** Property mappings by pk, in name order; with `type`, only those of that language (others and unknown pks are left out). */
  mappings(pks: string[], type?: string): Promise<PropertyMapping[]>;
}
