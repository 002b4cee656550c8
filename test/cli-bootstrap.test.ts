import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../migrations/index.ts';
import { startPlatform, type Platform } from '../services/platform.ts';
import { runIdp } from './support/child.ts';
import { createTestDatabase, query } from './support/database.ts';
import { client } from './support/http.ts';
import { gatewayUrl, testConfig } from './support/platform.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

async function idp(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = runIdp(args, { DATABASE_URL: db.url, LOG_LEVEL: 'warn', ...env });
  return { code: await child.exited, output: child.output() };
}

describe('idp command line', () => {
  it('migrates, reports health, and bootstraps the superuser idempotently', async () => {
    const unmigrated = await idp(['health', '--json'], {});
    expect(unmigrated.code).toBe(1);
    expect(JSON.parse(unmigrated.output).pendingMigrations).toEqual(MIGRATIONS.map((m) => m.name));

    const migrated = await idp(['migrate', '--json'], {});
    expect(migrated.code).toBe(0);
    expect(JSON.parse(migrated.output)).toEqual({ applied: MIGRATIONS.map((m) => m.name) });
    expect((await idp(['health'], {})).code).toBe(0);

    const first = await idp(['bootstrap', '--json'], { IDP_BOOTSTRAP_TOKEN: 'cli-token-0123456789abcdef', IDP_BOOTSTRAP_PASSWORD: 'cli-password-1' });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.output)).toMatchObject({ username: 'admin', created: true });
    const second = await idp(['bootstrap', '--json'], { IDP_BOOTSTRAP_TOKEN: 'cli-token-rotated-0123456789' });
    expect(JSON.parse(second.output)).toMatchObject({ username: 'admin', created: false });
    expect(first.output + second.output).not.toContain('cli-password-1');

    const events = await query<{ type: string; actor: { kind: string } }>(db.url, `select type, payload->'actor' actor from event_outbox order by seq`);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['user.created', 'group.created', 'token.created', 'group.membership.changed', 'token.updated']));
    expect(new Set(events.map((e) => e.actor.kind))).toEqual(new Set(['cli']));

    const platform: Platform = await startPlatform(testConfig({ database: { kind: 'postgres', url: db.url }, bootstrap: { token: undefined, password: undefined, email: undefined } }));
    try {
      const base = gatewayUrl(platform);
      expect((await client(base, 'cli-token-rotated-0123456789').get('/core/users/me/')).body).toMatchObject({ username: 'admin', is_superuser: true });
      expect((await client(base, 'cli-token-0123456789abcdef').get('/core/users/me/')).status).toBe(401);
    } finally {
      await platform.stop();
    }
  });

  it('explains what bootstrap needs when nothing is configured', async () => {
    const res = await idp(['bootstrap'], {});
    expect(res.code).toBe(2);
    expect(res.output).toContain('IDP_BOOTSTRAP_TOKEN');
  });
});

describe('idp migrate run by several processes at once', () => {
  it('applies each migration exactly once and every process succeeds', async () => {
    const fresh = await createTestDatabase();
    try {
      const runs = await Promise.all([1, 2, 3].map(async () => {
        const child = runIdp(['migrate', '--json'], { DATABASE_URL: fresh.url, LOG_LEVEL: 'warn' });
        return { code: await child.exited, output: child.output() };
      }));
      expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
      const applied = runs.map((r) => JSON.parse(r.output).applied as string[]);
      expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.name));
      const rows = await query(fresh.url, 'select name from idp_migrations');
      expect(rows).toHaveLength(MIGRATIONS.length);
    } finally {
      await fresh.drop();
    }
  });
});
