/** One entry of a plugin's error catalogue: the HTTP status and message an edge renders, and the SCIM/LDAP forms. */
export interface ErrorDefinition {
  status: number;
  message: string;
  scimType?: string;
  ldapResult?: number;
}

/** What a remote system said when it refused a request: its HTTP status and, for SCIM, `scimType` and `detail`. */
export interface RemoteFailure {
  status: number | null;
  scimType?: string;
  detail?: string;
}

/**
 * An error a plugin raises. `code` is `<plugin id>.<name>` from the plugin's catalogue; `retryable` tells the host
 * whether trying again later can succeed; `retryAfterMs` is the earliest the remote asked to be tried again.
 */
export class PluginError extends Error {
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly remote: RemoteFailure | undefined;

  constructor(code: string, message: string, opts: { status?: number; retryable?: boolean; retryAfterMs?: number; remote?: RemoteFailure; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'PluginError';
    this.code = code;
    this.status = opts.status ?? 500;
    this.retryable = opts.retryable ?? false;
    this.retryAfterMs = opts.retryAfterMs;
    this.remote = opts.remote;
  }
}

type ErrorFactory = (detail?: string, opts?: { retryable?: boolean; retryAfterMs?: number; remote?: RemoteFailure; cause?: unknown }) => PluginError;

/**
 * A typed error catalogue for a plugin: every code is prefixed with the plugin id, and each entry becomes a
 * factory, so `errors.remote_error('…')` raises `scim.remote_error` with the entry's status.
 */
export function defineErrors<const K extends string>(pluginId: string, entries: Record<K, ErrorDefinition>) {
  const factories = {} as Record<K, ErrorFactory>;
  for (const name of Object.keys(entries) as K[]) {
    const entry = entries[name];
    factories[name] = (detail, opts = {}) => new PluginError(`${pluginId}.${name}`, detail ?? entry.message, { status: entry.status, ...opts });
  }
  const catalogue = Object.fromEntries(Object.entries(entries).map(([name, entry]) => [`${pluginId}.${name}`, entry])) as Record<string, ErrorDefinition>;
  return { catalogue, ...factories };
}

/** Whether an error is a PluginError, by shape (classes do not survive a transporter or two copies of the SDK). */
export function isPluginError(err: unknown): err is PluginError {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'PluginError' && typeof (err as { code?: unknown }).code === 'string';
}
