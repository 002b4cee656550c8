import path from 'node:path';
import { parseNetwork } from './ip.ts';

/** Which database the platform runs on: PostgreSQL over the network, or embedded PGlite in a directory. */
export type DatabaseConfig =
  | { kind: 'postgres'; url: string; schema?: string }
  | { kind: 'pglite'; dataDir: string };

export interface PlatformConfig {
  database: DatabaseConfig;
  /** NATS URL for a cluster; null runs every service in this process with no transporter. */
  transporter: string | null;
  namespace: string;
  nodeID: string | undefined;
  /** Service domains this process hosts (users, groups, applications, api). */
  services: string[];
  http: { host: string; port: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  bootstrap: { token: string | undefined; password: string | undefined; email: string | undefined };
  /** Whether this process applies pending migrations before it starts its services. */
  migrateOnStart: boolean;
  /** Port of this process's Prometheus metrics (/metrics); null turns the endpoint off. */
  metricsPort: number | null;
  events: {
    retentionDays: number;
    /** Proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed. */
    trustedProxies: string[];
    webhookTimeoutMs: number;
    webhookMaxAttempts: number;
    webhookBackoffMs: number;
    /** How long the bus waits for a consumer's acknowledgement before it redelivers. */
    busAckWaitMs: number;
  };
  /** The environment plugin servers read their addresses from (IDP_LDAP_HOST, IDP_LDAP_PORT, IDP_LDAPS_PORT). */
  serverEnv: Record<string, string | undefined>;
  providers: {
    /** Plugins to load beside the built-ins: package names or paths. */
    plugins: string[];
    /** How long a worker holds claimed provider jobs before another may take them (renewed while it works). */
    leaseMs: number;
    /** First retry delay of a failed object; each later one doubles, capped at 10 minutes, with jitter. */
    backoffMs: number;
    /** Objects a worker claims at a time (a page of the full sync). */
    batchSize: number;
    /** Batches a process works on at once. */
    workers: number;
  };
}

export const ALL_SERVICES = ['users', 'groups', 'applications', 'events', 'policies', 'providers', 'sources', 'ldap', 'oauth2', 'api'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

export class ConfigError extends Error {}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${name} must be a port number (0-65535), got "${value}"`);
  return n;
}

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive whole number, got "${value}"`);
  return n;
}

function bool(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

/** Reads the platform's configuration from the environment, refusing values it cannot use. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const services = (env.SERVICES ?? ALL_SERVICES.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = services.filter((s) => !(ALL_SERVICES as readonly string[]).includes(s));
  if (unknown.length) throw new ConfigError(`SERVICES names unknown services: ${unknown.join(', ')} (known: ${ALL_SERVICES.join(', ')})`);
  const logLevel = (env.LOG_LEVEL ?? 'info') as PlatformConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const transporter = env.TRANSPORTER?.trim() || null;
  const badProxy = (env.IDP_TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter((s) => s && !parseNetwork(s));
  if (badProxy.length) throw new ConfigError(`IDP_TRUSTED_PROXIES has entries that are not addresses or CIDR ranges: ${badProxy.join(', ')}`);
  if (transporter && !/^nats:\/\//.test(transporter)) throw new ConfigError('TRANSPORTER must be a nats:// URL');
  const url = env.DATABASE_URL?.trim();
  if (url && !/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  return {
    database: url
      ? { kind: 'postgres', url, schema: env.DATABASE_SCHEMA || undefined }
      : { kind: 'pglite', dataDir: path.resolve(env.IDP_DATA_DIR || 'data') },
    transporter,
    namespace: env.NAMESPACE ?? 'idp',
    nodeID: env.NODE_ID || undefined,
    services,
    http: { host: env.IDP_HTTP_HOST || '127.0.0.1', port: port(env.IDP_HTTP_PORT, 9000, 'IDP_HTTP_PORT') },
    logLevel,
    bootstrap: {
      token: env.IDP_BOOTSTRAP_TOKEN || undefined,
      password: env.IDP_BOOTSTRAP_PASSWORD || undefined,
      email: env.IDP_BOOTSTRAP_EMAIL || undefined,
    },
    migrateOnStart: bool(env.IDP_MIGRATE_ON_START, true, 'IDP_MIGRATE_ON_START'),
    metricsPort: env.IDP_METRICS_PORT ? port(env.IDP_METRICS_PORT, 0, 'IDP_METRICS_PORT') : null,
    events: {
      retentionDays: positive(env.IDP_EVENT_RETENTION_DAYS, 365, 'IDP_EVENT_RETENTION_DAYS'),
      trustedProxies: (env.IDP_TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      webhookTimeoutMs: positive(env.IDP_WEBHOOK_TIMEOUT_MS, 5000, 'IDP_WEBHOOK_TIMEOUT_MS'),
      webhookMaxAttempts: positive(env.IDP_WEBHOOK_MAX_ATTEMPTS, 5, 'IDP_WEBHOOK_MAX_ATTEMPTS'),
      webhookBackoffMs: positive(env.IDP_WEBHOOK_BACKOFF_MS, 1000, 'IDP_WEBHOOK_BACKOFF_MS'),
      busAckWaitMs: positive(env.IDP_BUS_ACK_WAIT_MS, 30_000, 'IDP_BUS_ACK_WAIT_MS'),
    },
    serverEnv: Object.fromEntries(Object.entries(env).filter(([k]) => /^IDP_[A-Z0-9]+_(HOST|PORT)$/.test(k))),
    providers: {
      plugins: (env.IDP_PLUGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      leaseMs: positive(env.IDP_PROVIDER_LEASE_MS, 30_000, 'IDP_PROVIDER_LEASE_MS'),
      backoffMs: positive(env.IDP_PROVIDER_BACKOFF_MS, 1000, 'IDP_PROVIDER_BACKOFF_MS'),
      batchSize: positive(env.IDP_PROVIDER_BATCH_SIZE, 100, 'IDP_PROVIDER_BATCH_SIZE'),
      workers: positive(env.IDP_PROVIDER_WORKERS, 4, 'IDP_PROVIDER_WORKERS'),
    },
  };
}
