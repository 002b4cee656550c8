import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig, type PlatformConfig } from '../../services/kernel/config.ts';
import { startPlatform, type Platform } from '../../services/platform.ts';
import { createTestDatabase } from './database.ts';
import { client } from './http.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestPlatform extends Platform {
  baseUrl: string;
  databaseUrl: string;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<PlatformConfig> = {}): PlatformConfig {
  return {
    ...loadConfig({}),
    http: { host: '127.0.0.1', port: 0 },
    serverEnv: { IDP_LDAP_PORT: '0', IDP_LDAPS_PORT: '0' },
    logLevel: 'warn',
    bootstrap: { token: ADMIN_TOKEN, password: undefined, email: undefined },
    ...overrides,
  };
}

/** The port the gateway of this broker listens on. */
export function gatewayUrl(platform: Platform): string {
  const api = platform.broker.getLocalService('api') as unknown as { server: { address(): AddressInfo } };
  return `http://127.0.0.1:${api.server.address().port}/api/v3`;
}

/** The whole platform in one process on a fresh PostgreSQL database, with the admin bootstrapped. */
export async function startTestPlatform(overrides: Partial<PlatformConfig> = {}): Promise<TestPlatform> {
  const db = await createTestDatabase();
  const platform = await startPlatform(testConfig({ database: { kind: 'postgres', url: db.url }, ...overrides }));
  return {
    ...platform,
    baseUrl: gatewayUrl(platform),
    databaseUrl: db.url,
    async close() {
      await platform.stop();
      await db.drop();
    },
  };
}

export type Client = ReturnType<typeof client>;

/**
 * Starts one platform for the test file (beforeAll) and closes it (afterAll). Read `ctx.platform` and `ctx.admin`
 * (a client holding the bootstrap superuser's token) inside tests.
 */
export function usePlatform(overrides: Partial<PlatformConfig> = {}): { platform: TestPlatform; admin: Client } {
  const ctx = {} as { platform: TestPlatform; admin: Client };
  beforeAll(async () => {
    ctx.platform = await startTestPlatform(overrides);
    ctx.admin = client(ctx.platform.baseUrl, ADMIN_TOKEN);
  });
  afterAll(() => ctx.platform?.close());
  return ctx;
}
