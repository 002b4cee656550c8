import type { Logger, Metrics } from './context.ts';
import type { DirectoryGroup, DirectoryUser } from './directory.ts';

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

/** An authentication or authorisation fact the host records as an event (`login`, `login_failed`). */
export interface SignInEvent {
  action: 'login' | 'login_failed';
  user: { pk: number | null; username: string };
  clientIp: string | null;
  /** What the protocol adds (`{ provider: 'ldap-1', method: 'simple' }`); never a password or code. */
  context: Record<string, unknown>;
}

/** The checks a server needs to sign users in; every answer is the platform's, so all protocols agree. */
export interface Identity {
  /**
   * A sign-in check in one round trip: the password (never for an unknown or inactive user, or one without a
   * password), and with `mfa`, for a user with a confirmed TOTP device, also a code: a 6-digit TOTP code (not
   * replayable) or an 8-character single-use recovery code. `enrolled` says whether the user has such a device.
   */
  authenticate(userPk: number, attempt: { password: string; code?: string | null; mfa: boolean }): Promise<{ ok: boolean; enrolled: boolean }>;
  /** Whether the application's access policies let the user in (no application bound: nobody). */
  mayAccess(provider: ServedProvider<unknown>, userPk: number, clientIp: string | null): Promise<boolean>;
  record(event: SignInEvent): void;
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
  directory: LiveDirectory;
  identity: Identity;
  installId: string;
  hostVersion: string;
  signal: AbortSignal;
}

/** A running server: `addresses` says where each named port ended up listening. */
export interface ServerInstance {
  start(): Promise<{ addresses: Record<string, { host: string; port: number }> }>;
  stop(): Promise<void>;
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
  create(ctx: ServerContext<Config>): ServerInstance;
}

/** Declares a server type with its providers' config type. */
export function defineServerType<Config>(type: ServerType<Config>): ServerType<Config> {
  return type;
}
