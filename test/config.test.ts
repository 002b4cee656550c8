import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_SERVICES, ConfigError, loadConfig } from '../services/kernel/config.ts';

describe('configuration from the environment', () => {
  it('defaults to every service in one process on embedded PGlite at 127.0.0.1:9000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ transporter: null, services: [...ALL_SERVICES], http: { host: '127.0.0.1', port: 9000 }, migrateOnStart: true });
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('data') });
  });

  it('selects PostgreSQL, NATS and a subset of services', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db/idp', TRANSPORTER: 'nats://n:4222', SERVICES: 'users, api', IDP_MIGRATE_ON_START: 'false', IDP_DATA_DIR: '/x' });
    expect(config).toMatchObject({ database: { kind: 'postgres', url: 'postgres://db/idp' }, transporter: 'nats://n:4222', services: ['users', 'api'], migrateOnStart: false });
    expect(loadConfig({ IDP_TRUSTED_PROXIES: '10.0.0.0/8, ::1', IDP_EVENT_RETENTION_DAYS: '30', IDP_METRICS_PORT: '9464' })).toMatchObject({ metricsPort: 9464, events: { trustedProxies: ['10.0.0.0/8', '::1'], retentionDays: 30 } });
  });

  it.each([
    [{ SERVICES: 'users,billing' }, 'SERVICES names unknown services: billing'],
    [{ IDP_HTTP_PORT: '70000' }, 'IDP_HTTP_PORT must be a port number'],
    [{ TRANSPORTER: 'redis://x' }, 'TRANSPORTER must be a nats:// URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres:// URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ IDP_MIGRATE_ON_START: 'maybe' }, 'IDP_MIGRATE_ON_START must be true or false'],
    [{ IDP_TRUSTED_PROXIES: '10.0.0.0/8, proxy.local' }, 'IDP_TRUSTED_PROXIES has entries that are not addresses or CIDR ranges: proxy.local'],
    [{ IDP_EVENT_RETENTION_DAYS: '0' }, 'IDP_EVENT_RETENTION_DAYS must be a positive whole number'],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
