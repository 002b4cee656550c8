/* Generated from schemas/*.schema.json by `npm run schemas`. Do not edit: change the schema and regenerate. */

export type TokenIntent = 'api' | 'app_password' | 'recovery' | 'verification';
export type UserType = 'internal' | 'external' | 'service_account' | 'internal_service_account';

/**
 * Paging, search and ordering shared by every list endpoint.
 */
export interface ApplicationListQuery {
  slug?: string;
  name?: string;
  group?: string;
  [k: string]: unknown;
}
/**
 * Fields a client may write on an application; create and replace require name and slug.
 */
export interface ApplicationRequest {
  name?: string;
  slug?: string;
  provider?: number | null;
  backchannel_providers?: number[];
  group?: string;
  meta_launch_url?: string;
  meta_description?: string;
  meta_publisher?: string;
}
export interface Application {
  pk: string;
  name: string;
  slug: string;
  provider: number | null;
  backchannel_providers: number[];
  group: string;
  meta_launch_url: string;
  meta_description: string;
  meta_publisher: string;
}
/**
 * Paging, search and ordering shared by every list endpoint.
 */
export interface GroupListQuery {
  name?: string;
  is_superuser?: boolean;
  parent?: string;
  /**
   * Only groups this user is a direct member of.
   */
  members_by_pk?: number;
  [k: string]: unknown;
}
/**
 * Fields a client may write on a group; create and replace require name.
 */
export interface GroupRequest {
  name?: string;
  parent?: string | null;
  is_superuser?: boolean;
  attributes?: {
    [k: string]: unknown;
  };
  users?: number[];
}
export interface Group {
  pk: string;
  /**
   * A small number unique per group (for gidNumber).
   */
  num_pk: number;
  name: string;
  parent: string | null;
  parent_name: string | null;
  is_superuser: boolean;
  attributes: {
    [k: string]: unknown;
  };
  /**
   * Direct members.
   */
  users: number[];
}
/**
 * Paging, search and ordering shared by every list endpoint.
 */
export interface ListQuery {
  page?: number;
  page_size?: number;
  search?: string;
  ordering?: string;
  [k: string]: unknown;
}
/**
 * A change to a model, written to the outbox in the transaction that made it.
 */
export interface ModelChangeEvent {
  /**
   * UUIDv7; consumers are idempotent by it.
   */
  id: string;
  /**
   * e.g. user.created, group.membership.changed
   */
  type: string;
  occurredAt: string;
  actor: {
    kind: 'user' | 'system' | 'cli';
    id: string | null;
    username?: string | null;
    ip: string | null;
  };
  model: {
    app: string;
    name: string;
    pk: string;
    /**
     * A human name for the object (username, group name, ...).
     */
    label: string;
  };
  /**
   * Changed fields with before and after; secret fields are named with secret=true and no values.
   */
  changes: {
    [k: string]: {
      before?: unknown;
      after?: unknown;
      secret?: boolean;
    };
  };
  /**
   * For group.membership.changed: user pks added and removed.
   */
  members?: {
    added: number[];
    removed: number[];
  };
  requestId: string | null;
}
/**
 * A model the API writes, as event matcher policies name it.
 */
export interface ModelInfo {
  /**
   * app.model, e.g. core.user
   */
  name: string;
  app: string;
  model_name: string;
  label: string;
}
/**
 * One page of a list; each endpoint names the schema of its results.
 */
export interface PaginatedList {
  pagination: Pagination;
  results: unknown[];
}
/**
 * Where a page stands in a list (authentik's pagination object).
 */
export interface Pagination {
  /**
   * The next page number, 0 when this is the last.
   */
  next: number;
  /**
   * The previous page number, 0 when this is the first.
   */
  previous: number;
  /**
   * How many objects match in all.
   */
  count: number;
  current: number;
  total_pages: number;
  start_index: number;
  end_index: number;
}
/**
 * An error response (RFC 9457 problem details) with the platform's catalogue code.
 */
export interface Problem {
  /**
   * A URI naming the problem type: urn:idp:error:<code>.
   */
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /**
   * The stable code from the error catalogue.
   */
  code: string;
  request_id?: string;
  errors?: {
    pointer: string;
    message: string;
  }[];
}
export interface ServiceAccountRequest {
  name: string;
  create_group?: boolean;
  expiring?: boolean;
  /**
   * Defaults to 360 days from now.
   */
  expires?: string;
}
/**
 * Returned once: the token is not shown again.
 */
export interface ServiceAccountResponse {
  username: string;
  token: string;
  user_uid: string;
  user_pk: number;
  group_pk?: string;
}
export interface SetPasswordRequest {
  password: string;
}
/**
 * Paging, search and ordering shared by every list endpoint.
 */
export interface TokenListQuery {
  identifier?: string;
  intent?: TokenIntent;
  user?: number;
  [k: string]: unknown;
}
export interface TokenRequest {
  identifier?: string;
  intent?: TokenIntent;
  /**
   * Owner; defaults to the caller.
   */
  user?: number;
  description?: string;
  expires?: string | null;
  expiring?: boolean;
}
/**
 * A token as reads show it: the key itself is returned once, on creation, and never stored.
 */
export interface Token {
  pk: string;
  identifier: string;
  intent: TokenIntent;
  user: number;
  description: string;
  expires: string | null;
  expiring: boolean;
  created: string;
  /**
   * Present only in the response that created the token.
   */
  key?: string;
}
/**
 * Paging, search and ordering shared by every list endpoint.
 */
export interface UserListQuery {
  username?: string;
  email?: string;
  is_active?: boolean;
  type?: UserType;
  path?: string;
  /**
   * Only direct members of this group.
   */
  groups_by_pk?: string;
  [k: string]: unknown;
}
/**
 * Names one user by pk (body of add_user and remove_user).
 */
export interface UserReference {
  pk: number;
}
/**
 * Fields a client may write on a user; create and replace require username and name.
 */
export interface UserRequest {
  username?: string;
  name?: string;
  email?: string | '';
  is_active?: boolean;
  type?: UserType;
  path?: string;
  attributes?: {
    [k: string]: unknown;
  };
  groups?: string[];
}
export interface User {
  pk: number;
  uuid: string;
  /**
   * Stable opaque identifier: sha256 of the pk and the install id.
   */
  uid: string;
  username: string;
  name: string;
  email: string;
  is_active: boolean;
  /**
   * Member of a superuser group, directly or through a parent.
   */
  is_superuser: boolean;
  type: UserType;
  path: string;
  attributes: {
    [k: string]: unknown;
  };
  /**
   * Groups the user is a direct member of.
   */
  groups: string[];
  last_login: string | null;
  password_change_date: string | null;
  date_joined: string;
}
