import type { ProviderContext, SourceContext } from './context.ts';
import type { Directory, DirectoryGroup, DirectoryUser, PropertyMapping } from './directory.ts';
import type { ErrorDefinition, RemoteFailure } from './errors.ts';
import type { ObjectRef } from './links.ts';
import type { ServerType } from './server.ts';
import type { SourceKind } from './source-objects.ts';

/** A JSON Schema (2020-12). Properties marked `writeOnly: true` are secrets: never returned, never logged. */
export type JsonSchema = Record<string, unknown>;

/** A model change event as the bus carries it (see schemas/model-change-event.schema.json in the host). */
export interface ChangeEvent {
  id: string;
  type: string;
  occurredAt: string;
  model: { app: string; name: string; pk: string; label: string };
  changes: Record<string, { before?: unknown; after?: unknown; secret?: boolean }>;
  /** For group.membership.changed: the user pks added and removed. */
  members?: { added: number[]; removed: number[] };
}

export interface HealthResult {
  ok: boolean;
  detail?: string;
}

/** What an event means for a provider: the objects to reconcile, or a full sync when it cannot tell cheaply. */
export interface EventInterest {
  refs: ObjectRef[];
  fullSync?: boolean;
}

export type SyncOutcome = 'created' | 'updated' | 'deleted' | 'unchanged' | 'skipped' | 'failed';

/** How one object's reconcile ended; `writes` counts the remote write requests it took. */
export interface SyncResult {
  ref: ObjectRef;
  outcome: SyncOutcome;
  writes: number;
  error?: { code: string; message: string; retryable: boolean; retryAfterMs?: number; remote?: RemoteFailure };
  /** Objects to reconcile again because of this one (a user that now exists remotely, for its groups to reference). */
  then?: ObjectRef[];
}

/**
 * An outbound provider instance. The host calls `onEvent` for every model change (inside the bus consumer, so keep
 * it cheap) and `sync` from its job workers with batches of refs (up to 100, users before groups), which must make
 * the remote equal to the local state: reconcile, don't replay. Both may be called concurrently.
 */
export interface ProviderInstance {
  start?(): Promise<void>;
  stop?(): Promise<void>;
  health(): Promise<HealthResult>;
  testConnection(): Promise<HealthResult>;
  onEvent(event: ChangeEvent): EventInterest | Promise<EventInterest>;
  sync(refs: ObjectRef[], opts: { fullSync: boolean }): Promise<SyncResult[]>;
}

interface TypeDefinition<Config> {
  /** kebab-case, unique across loaded plugins (`scim`, `ldap`). */
  id: string;
  name: string;
  description: string;
  configSchema: JsonSchema;
  /** Checks what the schema cannot (objects the configuration names exist, values fit together); the host refuses the write on problems. */
  checkConfig?(config: Config, directory: Directory): Promise<ConfigProblem[]>;
  /** Only for typing `Config`. */
  readonly __config?: Config;
}

/** A problem with a configuration, at a JSON pointer into it. */
export interface ConfigProblem {
  pointer: string;
  message: string;
}

export interface ProviderType<Config = Record<string, unknown>> extends TypeDefinition<Config> {
  /**
   * An instance that pushes to a remote. A type whose instances are served rather than pushed (LDAP: clients come
   * to the platform) has no `create`: the plugin's server (see `ServerType`) serves them, and they get no syncs.
   */
  create?(ctx: ProviderContext<Config>): ProviderInstance | Promise<ProviderInstance>;
  /**
   * Runs on every write after the checks: may fill generated values (a client id) and turn secrets into what is kept
   * (a hash). `shown` fields are added to this one write's response only (a generated secret, shown once).
   */
  prepareConfig?(config: Config, previous: Config | null): Promise<{ config: Config; shown?: Record<string, unknown> }>;
}

/** The largest request body the host passes to a source (larger ones are refused with 413 through `reject`). */
export const SOURCE_BODY_LIMIT = 1024 * 1024;

/** An HTTP request that reached a source under `/source/<type>/<slug>/`; `path` is what follows that prefix. */
export interface SourceRequest {
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  query: Record<string, string>;
  /** The raw body (the host only checks its size); the plugin parses it as its protocol says. */
  body: string;
  /** The URL the client used for the source's base, for `location` fields (`http://host:9000/source/scim/<slug>`). */
  baseUrl: string;
}

export interface SourceResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON-encoded by the host unless it is a string. */
  body?: unknown;
}

/**
 * An inbound source instance. The host authenticates every request (a bearer token of the source's own service
 * account) and checks its size before `handle` sees it.
 */
export interface SourceInstance {
  start?(): Promise<void>;
  stop?(): Promise<void>;
  health(): Promise<HealthResult>;
  handle(request: SourceRequest): Promise<SourceResponse>;
}

export interface SourceType<Config = Record<string, unknown>> extends TypeDefinition<Config> {
  create(ctx: SourceContext<Config>): SourceInstance | Promise<SourceInstance>;
  /** The response for a request the host refuses itself (401 bad token, 403 disabled, 404 no such source, 413 too large), in the protocol's form. */
  reject(status: number, detail: string): SourceResponse;
}

/** What a policy sees of an event: its action and app, the model it is about (`app.model`) and the client address. */
export interface PolicyFacts {
  action: string;
  app: string;
  model: string | null;
  clientIp: string | null;
}

/** A policy type: a stored configuration compiles to a synchronous predicate over events. */
export interface PolicyType<Config = Record<string, unknown>> extends Omit<TypeDefinition<Config>, 'name'> {
  compile(config: Config): (facts: PolicyFacts) => boolean;
}

/**
 * The subject a mapping renders: a directory user or group (what a provider sends), or a resource a source received
 * in its protocol's form with the kind of local object it becomes (what a source writes).
 */
export type MappingSubject =
  | { user: DirectoryUser; group?: undefined; resource?: undefined }
  | { group: DirectoryGroup; user?: undefined; resource?: undefined }
  | { resource: Record<string, unknown>; kind: SourceKind; user?: undefined; group?: undefined };

/** A property-mapping language: `/api/v3/propertymappings/<id>/` stores expressions the plugin's providers or sources use. */
export interface MappingType {
  id: string;
  description: string;
  /** Throws a PluginError when the expression does not compile. */
  check(expression: string): void;
  /**
   * What the mappings produce for a subject, merged in name order as the provider would send it or the source would
   * write it. Throws a PluginError for a subject the language does not take.
   */
  render(mappings: PropertyMapping[], subject: MappingSubject, ctx: { installId: string }): Promise<unknown>;
}

/** A plugin: a plain typed object, default-exported from its module. */
export interface Plugin {
  /** kebab-case, unique among loaded plugins; prefixes its error codes. */
  id: string;
  version: string;
  /** The semver range of the plugin contract it was built for; checked at load. */
  sdk: string;
  description?: string;
  /** Codes prefixed with `<id>.` (see defineErrors). */
  errors?: Record<string, ErrorDefinition>;
  providers?: ProviderType<any>[];
  sources?: SourceType<any>[];
  policies?: PolicyType<any>[];
  mappings?: MappingType[];
  /** Network servers for its served provider types (see `ServerType`). */
  servers?: ServerType<any>[];
}

/** Declares a plugin; an identity function that keeps its literal types. */
export function definePlugin<const P extends Plugin>(plugin: P): P {
  return plugin;
}

/** Declares a source type with its config type, so `create` gets a typed context. */
export function defineSourceType<Config>(type: SourceType<Config>): SourceType<Config> {
  return type;
}

/** Declares a provider type with its config type, so `create` gets a typed context. */
export function defineProviderType<Config>(type: ProviderType<Config>): ProviderType<Config> {
  return type;
}
