import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../migrations/index.ts';
import { startPlatform } from '../services/platform.ts';
import { createOrm, migrate, pendingMigrations } from '../services/kernel/orm.ts';
import { MODELS } from '../services/models.ts';
import { eventually } from './support/bus.ts';
import { client } from './support/http.ts';
import { startMemoryScimServer } from './support/memory-scim-server.ts';
import { ADMIN_TOKEN, gatewayUrl, testConfig } from './support/platform.ts';
import { createScimProvider } from './support/scim-provider.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'idp-pglite-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('embedded PGlite', () => {
  it('applies the same migrations as PostgreSQL, once', async () => {
    const orm = await createOrm({ database: { kind: 'pglite', dataDir }, models: MODELS });
    try {
      expect(await pendingMigrations(orm)).toEqual(MIGRATIONS.map((m) => m.name));
      expect(await migrate(orm)).toEqual(MIGRATIONS.map((m) => m.name));
      expect(await migrate(orm)).toEqual([]);
      const tables = await orm.em.getConnection().execute<{ table_name: string }[]>(`select table_name from information_schema.tables where table_schema = 'public' order by table_name`);
      expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual([
        'authenticators_static_token', 'authenticators_totp_device', 'bus_consumer', 'bus_processed', 'core_application', 'core_group', 'core_group_users', 'core_settings', 'core_token', 'core_user',
        'event_outbox', 'events_delivery', 'events_event', 'events_notification', 'events_rule', 'events_transport', 'idp_migrations',
        'policies_binding', 'policies_policy', 'providers_job', 'providers_link', 'providers_property_mapping', 'providers_provider', 'providers_sync_run', 'servers_record', 'sources_object', 'sources_source',
      ]);
    } finally {
      await orm.close(true);
    }
  });

  it('runs the platform with its outbox, uniqueness and cycle checks', async () => {
    const platform = await startPlatform(testConfig({ database: { kind: 'pglite', dataDir } }));
    try {
      const admin = client(gatewayUrl(platform), ADMIN_TOKEN);
      const a = (await admin.post('/core/groups/', { name: 'pg-a' })).body;
      const b = (await admin.post('/core/groups/', { name: 'pg-b', parent: a.pk })).body;
      expect((await admin.patch(`/core/groups/${a.pk}/`, { parent: b.pk })).body.code).toBe('group_cycle');
      expect((await admin.post('/core/groups/', { name: 'pg-a' })).status).toBe(409);
      const user = (await admin.post('/core/users/', { username: 'embedded', name: 'E', groups: [b.pk] })).body;
      expect(user.groups).toEqual([b.pk]);
      const rows = await platform.orm!.em.getConnection().execute<{ type: string }[]>(`select type from event_outbox order by seq`);
      expect(rows.map((r: { type: string }) => r.type)).toEqual(expect.arrayContaining(['group.created', 'user.created', 'group.membership.changed']));
    } finally {
      await platform.stop();
    }
  });

  it('provisions to a SCIM server, as the cluster does', async () => {
    const server = await startMemoryScimServer({ token: 'embedded' });
    const platform = await startPlatform(testConfig({ database: { kind: 'pglite', dataDir } }));
    try {
      const admin = client(gatewayUrl(platform), ADMIN_TOKEN);
      await createScimProvider(admin, { name: 'embedded scim', url: server.url, token: 'embedded' });
      const user = (await admin.post('/core/users/', { username: 'embedded-scim', name: 'Embedded Scim' })).body;
      const group = (await admin.post('/core/groups/', { name: 'embedded-group', users: [user.pk] })).body;
      const remote = await eventually(async () => server.users().find((u) => u.userName === 'embedded-scim'), (u) => u !== undefined);
      await eventually(async () => server.groups().find((g) => g.externalId === group.pk), (g) => g?.members?.[0]?.value === remote!.id);
    } finally {
      await platform.stop();
      await server.close();
    }
  });
});
