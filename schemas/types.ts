/* Generated from schemas/*.schema.json by `npm run schemas`. Do not edit: change the schema and regenerate. */

/**
 * What an event records; code outside the platform core records custom_<name>.
 */
export type EventAction =
  | (
      | 'login'
      | 'login_failed'
      | 'logout'
      | 'user_write'
      | 'suspicious_request'
      | 'password_set'
      | 'secret_view'
      | 'secret_rotate'
      | 'invitation_used'
      | 'authorize_application'
      | 'source_linked'
      | 'impersonation_started'
      | 'impersonation_ended'
      | 'flow_execution'
      | 'policy_execution'
      | 'policy_exception'
      | 'property_mapping_exception'
      | 'system_task_execution'
      | 'system_task_exception'
      | 'system_exception'
      | 'configuration_error'
      | 'model_created'
      | 'model_updated'
      | 'model_deleted'
      | 'email_sent'
      | 'update_available'
    )
  | string;
/**
 * What to render the mapping for: a user or a group by pk (provider languages), or a resource a source received with the kind of object it becomes (source languages).
 */
export type PropertyMappingTestRequest = {
  user?: number;
  group?: string;
  /**
   * The resource as the source's protocol carries it (a SCIM User or Group for scim-source).
   */
  resource?: {
    [k: string]: unknown;
  };
  /**
   * What the resource becomes locally.
   */
  kind?: 'user' | 'group';
} & {
  [k: string]: unknown;
};
export type TokenIntent = 'api' | 'app_password' | 'recovery' | 'verification';
export type UserType = 'internal' | 'external' | 'service_account' | 'internal_service_account';

/**
 * Whose access to check: the user with pk `for_user`, or the caller.
 */
export interface ApplicationCheckAccessQuery {
  for_user?: number;
}
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
  policy_engine_mode?: 'any' | 'all';
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
  /**
   * How the application's bindings combine: any one passing lets a user in, or all of them must.
   */
  policy_engine_mode: 'any' | 'all';
}
/**
 * Paging, search and ordering shared by every list endpoint.
 */
export interface BindingListQuery {
  target?: string;
  policy?: string;
  group?: string;
  user?: number;
  enabled?: boolean;
  [k: string]: unknown;
}
/**
 * Fields a client may write on a binding; it must name exactly one of policy, group or user.
 */
export interface PolicyBindingRequest {
  target?: string;
  policy?: string | null;
  group?: string | null;
  user?: number | null;
  order?: number;
  negate?: boolean;
  enabled?: boolean;
  timeout?: number;
}
export interface PolicyBinding {
  pk: string;
  /**
   * What the binding applies to (a notification rule, an application).
   */
  target: string;
  policy: string | null;
  /**
   * Passes for the group's members and those of the groups below it.
   */
  group: string | null;
  /**
   * Passes for this user.
   */
  user: number | null;
  order: number;
  negate: boolean;
  enabled: boolean;
  /**
   * Seconds a policy may take before it counts as failed.
   */
  timeout: number;
}
/**
 * Paging, search and ordering shared by every list endpoint.
 */
export interface EventListQuery {
  action?: string;
  app?: string;
  /**
   * app.model, e.g. core.user
   */
  model?: string;
  model_pk?: string;
  username?: string;
  client_ip?: string;
  created_after?: string;
  created_before?: string;
  [k: string]: unknown;
}
/**
 * Paging, search and ordering shared by every list endpoint.
 */
export interface EventMatcherListQuery {
  name?: string;
  action?: string;
  app?: string;
  model?: string;
  [k: string]: unknown;
}
export interface EventMatcherPolicyRequest {
  name?: string;
  execution_logging?: boolean;
  action?: EventAction | null;
  client_ip?: string | null;
  app?: string | null;
  model?: string | null;
}
/**
 * Passes for events that match every criterion set; unset criteria are not checked.
 */
export interface EventMatcherPolicy {
  pk: string;
  name: string;
  execution_logging: boolean;
  action: string | null;
  /**
   * An address or a CIDR range, IPv4 or IPv6.
   */
  client_ip: string | null;
  /**
   * Matches events of the app and of all its models.
   */
  app: string | null;
  /**
   * app.model as GET /admin/models/ lists them.
   */
  model: string | null;
  /**
   * How many bindings use the policy.
   */
  bound_to: number;
}
/**
 * An event written by the code that knows it happened (login, configuration_error, custom_*).
 */
export interface EventRecordRequest {
  action: EventAction;
  app: string;
  context?: {
    [k: string]: unknown;
  };
  client_ip?: string | null;
  user?: {
    pk?: number | null;
    username?: string | null;
    email?: string | null;
    [k: string]: unknown;
  };
}
/**
 * One entry of the event log.
 */
export interface Event {
  pk: string;
  action: EventAction;
  app: string;
  /**
   * Details; model events carry model {app, model_name, pk, name} and changes. Secret-looking keys are scrubbed.
   */
  context: {
    [k: string]: unknown;
  };
  client_ip: string | null;
  user: {
    pk?: number | null;
    username?: string | null;
    email?: string | null;
    [k: string]: unknown;
  };
  created: string;
  expires: string;
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
    email?: string | null;
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
 * List query for objects found by name.
 */
export interface NamedListQuery {
  name?: string;
  [k: string]: unknown;
}
/**
 * Paging, search and ordering shared by every list endpoint.
 */
export interface NotificationListQuery {
  seen?: boolean;
  severity?: 'notice' | 'warning' | 'alert';
  [k: string]: unknown;
}
export interface NotificationRuleRequest {
  name?: string;
  policy_engine_mode?: 'any' | 'all';
  severity?: 'notice' | 'warning' | 'alert';
  group?: string | null;
  transports?: string[];
  send_once?: boolean;
}
/**
 * Fires when its bound policies pass for an event (engine mode any or all); a rule with no policies never fires.
 */
export interface NotificationRule {
  pk: string;
  name: string;
  policy_engine_mode: 'any' | 'all';
  severity: 'notice' | 'warning' | 'alert';
  /**
   * Whose members are notified.
   */
  group: string | null;
  transports: string[];
  /**
   * Notify only the group's first member.
   */
  send_once: boolean;
}
/**
 * Webhook modes need an http(s) webhook_url.
 */
export interface NotificationTransportRequest {
  name?: string;
  mode?: 'local' | 'webhook' | 'webhook_slack';
  webhook_url?: string | '';
  /**
   * A JSON template for the webhook body; strings may name values as {{ event.context.model.name }}.
   */
  webhook_mapping?: {
    [k: string]: unknown;
  } | null;
}
export interface NotificationTransport {
  pk: string;
  name: string;
  mode: 'local' | 'webhook' | 'webhook_slack';
  webhook_url: string;
  /**
   * A JSON template for the webhook body; strings may name values as {{ event.context.model.name }}.
   */
  webhook_mapping: {
    [k: string]: unknown;
  } | null;
}
export interface NotificationUpdateRequest {
  seen: boolean;
}
export interface Notification {
  pk: string;
  severity: 'notice' | 'warning' | 'alert';
  body: string;
  created: string;
  event: string | null;
  seen: boolean;
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
 * Whether a policy passed, and which of its criteria matched and which did not.
 */
export interface PolicyResult {
  passing: boolean;
  matched: string[];
  unmatched: string[];
  messages: string[];
}
/**
 * An event to evaluate a policy against, without recording it.
 */
export interface PolicyTestRequest {
  event: EventRecordRequest;
}
/**
 * Whether an object's bindings let a user in.
 */
export interface PolicyTestResult {
  passing: boolean;
  messages: string[];
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
/**
 * A named expression in the mapping type's language (JSONata for scim).
 */
export interface PropertyMappingRequest {
  name?: string;
  expression?: string;
}
/**
 * What the defaults and this mapping produce for the subject, as the provider would send it, or why they fail.
 */
export interface PropertyMappingTestResult {
  result: {
    [k: string]: unknown;
  } | null;
  error: {
    code: string;
    message: string;
  } | null;
}
export interface PropertyMappingDto {
  pk: string;
  name: string;
  type: string;
  expression: string;
  created: string;
}
/**
 * Filters for a provider's links.
 */
export interface ProviderObjectListQuery {
  kind?: 'user' | 'group';
  status?: 'ok' | 'failed';
  local_id?: string;
  [k: string]: unknown;
}
/**
 * A link between a local object and its copy on the provider's remote.
 */
export interface ProviderObject {
  kind: 'user' | 'group';
  local_id: string;
  remote_id: string | null;
  status: 'ok' | 'failed';
  error: SyncObjectError | null;
  synced_at: string | null;
}
/**
 * Why an object did not reach the remote, with what the remote answered.
 */
export interface SyncObjectError {
  code: string;
  message: string;
  remote: {
    status: number | null;
    scimType?: string;
    detail?: string;
  } | null;
  attempts: number;
  at: string;
}
/**
 * A provider's name and its type's configuration fields (GET /providers/types/ gives each type's config schema, which the providers service checks). Write-only fields (tokens) are kept when an update leaves them out.
 */
export interface ProviderRequest {
  name?: string;
  [k: string]: unknown;
}
/**
 * A type a loaded plugin contributes.
 */
export interface ProviderTypeInfo {
  kind: 'provider' | 'source' | 'mapping' | 'policy';
  id: string;
  name: string;
  description: string;
  plugin: string;
  plugin_version: string;
  config_schema: {
    [k: string]: unknown;
  } | null;
}
/**
 * A provider instance: its name, type and configuration, without write-only fields.
 */
export interface Provider {
  pk: number;
  name: string;
  type: string;
  created: string;
  updated: string;
  [k: string]: unknown;
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
 * A source's name, slug (its URL segment), whether it is enabled, and its type's configuration fields (GET /providers/types/ gives each source type's config schema, which the sources service checks).
 */
export interface SourceRequest {
  name?: string;
  slug?: string;
  enabled?: boolean;
  [k: string]: unknown;
}
/**
 * A source's new bearer token, shown once; the one before it stops working at once.
 */
export interface SourceToken {
  identifier: string;
  token: string;
}
/**
 * A source instance: its name, slug, type, configuration, and the service account whose token its clients use. `token` is present only in the response that created the source.
 */
export interface Source {
  pk: number;
  name: string;
  slug: string;
  type: string;
  enabled: boolean;
  /**
   * The pk of the source's service account.
   */
  service_account: number | null;
  /**
   * Where the source serves its clients, below the gateway's origin.
   */
  base_url_path: string;
  /**
   * The bearer token for the source's clients, shown once.
   */
  token?: string;
  created: string;
  updated: string;
  [k: string]: unknown;
}
/**
 * How many of a user's recovery codes are still unused.
 */
export interface StaticTokenStatus {
  remaining: number;
}
/**
 * How many single-use recovery codes to make; they replace the user's unused ones.
 */
export interface StaticTokensRequest {
  count?: number;
}
/**
 * New recovery codes, shown once: only their hashes are stored.
 */
export interface StaticTokens {
  tokens: string[];
}
/**
 * One full sync of a provider: progress while it runs, counts when it ended.
 */
export interface SyncRun {
  pk: string;
  trigger: 'schedule' | 'manual' | 'config' | 'cli';
  /**
   * partial: some objects failed (see errors).
   */
  status: 'running' | 'succeeded' | 'partial';
  started: string;
  finished: string | null;
  total: number;
  done: number;
  failed: number;
  /**
   * Write requests sent to the remote.
   */
  writes: number;
}
/**
 * The full sync running now, and whether this request started it (false: one was running already).
 */
export interface SyncStarted {
  started: boolean;
  run: SyncRun;
}
/**
 * Whether a full sync is running and how far it got, the last finished run, what is queued, and every object that did not make it.
 */
export interface SyncStatus {
  running: boolean;
  current: SyncRun | null;
  last_run: SyncRun | null;
  /**
   * Objects waiting to be reconciled.
   */
  queued: number;
  counts: {
    users: number;
    groups: number;
    failed: number;
  };
  /**
   * Failed objects, newest first (at most 100; /objects/?status=failed pages through all).
   */
  errors: ProviderObject[];
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
 * A current code from the authenticator, proving it holds the secret.
 */
export interface TotpConfirmRequest {
  code: string;
}
/**
 * Enrols a TOTP authenticator for a user; it counts once confirmed with a code.
 */
export interface TotpDeviceRequest {
  name?: string;
}
/**
 * A TOTP authenticator as reads show it: the secret and its otpauth URL are returned once, on enrolment.
 */
export interface TotpDevice {
  pk: string;
  name: string;
  confirmed: boolean;
  created: string;
  /**
   * Base32 shared secret; present only in the response that enrolled the device.
   */
  secret?: string;
  /**
   * otpauth://totp/ URL for authenticator apps; present only in the response that enrolled the device.
   */
  config_url?: string;
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
