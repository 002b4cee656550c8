import type { Logger, Metrics } from './context.ts';
import type { Directory, DirectoryGroup, DirectoryUser } from './directory.ts';

/** A provider instance a server serves: its stored configuration (secrets included) and the application it is bound to. */
export interface ServedProvider<Config> {
  id: number;
  name: string;
  config: Config;
  /** The application whose `provider` it is (access policies are the application's); null when none is bound. */
  application: { slug: string; name: string } | null;
}

/** The objects a change touched; the directory holds their new state (absent when deleted) when listeners run. */
export interface DirectoryChange {
  users: number[];
  groups: string[];
}

/**
 * Every user and group in memory, loaded when the server starts and kept current from the model change events (a
 * change through any path shows here within a second). Maps must not be mutated by the plugin.
 */
export interface LiveDirectory {
  users(): ReadonlyMap<number, DirectoryUser>;
  groups(): ReadonlyMap<string, DirectoryGroup>;
  /** Called after each applied change, and with every object after a full reload (reconnecting to the bus). */
  onChange(listener: (change: DirectoryChange) => void): void;
}

/** An authentication or authorisation fact the host records as an event (`login`, `login_failed`, `authorize_application`). */
export interface SignInEvent {
  action: 'login' | 'login_failed' | 'authorize_application';
  user: { pk: number | null; username: string };
  clientIp: string | null;
  /** What the protocol adds (`{ provider: 'ldap-1', method: 'simple' }`); never a password or code. */
  context: Record<string, unknown>;
}

/** The checks a server needs to sign users in; every answer is the platform's, so all protocols agree. */
export interface Identity {
  /**
   * A sign-in check in one round trip, of a user by pk or exact username: the password (never right for an unknown
   * or inactive user, or one without a password, and as slow for them), and with `mfa`, for a user with a confirmed
   * TOTP device, also a code: a 6-digit TOTP code (not replayable) or an 8-character single-use recovery code.
   * `enrolled` says whether the user has such a device, `pk` who the active user is (null: unknown or inactive).
   */
  authenticate(user: number | string, attempt: { password: string; code?: string | null; mfa: boolean }): Promise<{ ok: boolean; enrolled: boolean; pk: number | null }>;
  /** Whether the application's access policies let the user in (no application bound: nobody). */
  mayAccess(provider: ServedProvider<unknown>, userPk: number, clientIp: string | null): Promise<boolean>;
  /** A second-factor code alone (after the password was checked): TOTP (not replayable) or a recovery code, used up when accepted. */
  verifyCode(userPk: number, code: string): Promise<boolean>;
  /** The active user with this username whose unexpired app-password token `key` is; null otherwise. */
  appPassword(username: string, key: string): Promise<number | null>;
  record(event: SignInEvent): void;
}

/** A stored record: its payload, when it expires (null: never) and whether it was used up. */
export interface StoredRecord {
  id: string;
  payload: Record<string, unknown>;
  expiresAt: Date | null;
  consumedAt: Date | null;
}

/**
 * Durable protocol state shared by every replica of the server (sessions, codes, tokens, keys), kept by the host in
 * the platform's database, so plugins ship no migrations. Records are addressed by kind and id within the server;
 * expired records are never returned and are swept by the host.
 */
export interface RecordStore {
  /** Writes (or replaces) a record. `expiresIn` in seconds (absent: kept until removed); the lookup keys index it. */
  put(kind: string, id: string, payload: Record<string, unknown>, opts?: { expiresIn?: number; grantId?: string; uid?: string; userCode?: string }): Promise<void>;
  /** Writes a record only when no live one has this id (the first of racing replicas wins); true when it did. */
  add(kind: string, id: string, payload: Record<string, unknown>, opts?: { expiresIn?: number }): Promise<boolean>;
  get(kind: string, id: string): Promise<StoredRecord | undefined>;
  /** The record of this kind with this `uid` or `userCode`. */
  findBy(kind: string, key: 'uid' | 'userCode', value: string): Promise<StoredRecord | undefined>;
  /** Every live record of a kind whose id starts with `prefix`, oldest first. */
  list(kind: string, prefix: string): Promise<StoredRecord[]>;
  /** Marks a record used up; true only for the first caller (a code is redeemed once, even by racing replicas). */
  consume(kind: string, id: string): Promise<boolean>;
  remove(kind: string, id: string): Promise<void>;
  /** Removes every record (of any kind) written with this `grantId`. */
  removeGrant(grantId: string): Promise<void>;
  /** Removes every record (of any kind) whose id starts with `prefix` (all of a deleted provider's state). */
  removeAll(prefix: string): Promise<void>;
}

/** An HTTP request the gateway passes to a server under its mount: the path below the mount, the body as sent. */
export interface MountedRequest {
  method: string;
  /** Path below the mount, with the query string (`/my-app/.well-known/openid-configuration`). */
  url: string;
  headers: Record<string, string>;
  body: string;
  clientIp: string | null;
  /** The origin the client used (`https://id.example.com`; X-Forwarded-Proto and -Host only from trusted proxies). */
  origin: string;
}

export interface MountedResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

/** Where a server listens: the host address and each named port, from the environment (0 picks a free port). */
export interface ListenOptions {
  host: string;
  ports: Record<string, number>;
}

/** What the host hands a server when it starts it. */
export interface ServerContext<Config> {
  logger: Logger;
  /** Metrics under `idp_<server id>_`. */
  metrics: Metrics;
  listen: ListenOptions;
  /** The served provider instances now, in id order; the host replaces the list when one changes. */
  providers(): readonly ServedProvider<Config>[];
  onProvidersChanged(listener: () => void): void;
  /** The live directory; empty for a server type that declares `directory: false`. */
  directory: LiveDirectory;
  /** Reads of users, groups and property mappings from the database (what provider instances get). */
  queries: Directory;
  identity: Identity;
  store: RecordStore;
  installId: string;
  hostVersion: string;
  signal: AbortSignal;
}

/** A running server: `addresses` says where each named port ended up listening. */
export interface ServerInstance {
  start(): Promise<{ addresses: Record<string, { host: string; port: number }> }>;
  stop(): Promise<void>;
  /** Answers a request under the type's `mount` (only for types that declare one). */
  handle?(request: MountedRequest): Promise<MountedResponse>;
}

/**
 * A long-running network server that serves every instance of one of the plugin's provider types (LDAP serves
 * `ldap` providers). The host runs one per process that hosts the server's domain (`SERVICES=ldap`).
 */
export interface ServerType<Config = Record<string, unknown>> {
  /** kebab-case; also the Moleculer service and SERVICES name (`ldap`). */
  id: string;
  /** The provider type whose instances it serves. */
  providerType: string;
  description: string;
  /** The environment variable naming the address to listen on (default 127.0.0.1). */
  hostEnv: string;
  /** Named ports with the environment variable that sets each and its default (`ldaps: { env: 'IDP_LDAPS_PORT', default: 6636 }`). */
  ports: Record<string, { env: string; default: number }>;
  /** A path the gateway passes to the server's `handle` (`/application/o`); only the built-in mounts are routed. */
  mount?: string;
  /** false: the server needs no live directory (the host does not load it). Default true. */
  directory?: boolean;
  create(ctx: ServerContext<Config>): ServerInstance;
}

/** Declares a server type with its providers' config type. */
export function defineServerType<Config>(type: ServerType<Config>): ServerType<Config> {
  return type;
}
