import type { AddressInfo } from 'node:net';
import { Client } from 'ldapts';
import { ALL_SERVICES, loadConfig, type PlatformConfig } from '../../services/kernel/config.ts';
import { createOrm, installId, migrate } from '../../services/kernel/orm.ts';
import { MODELS } from '../../services/models.ts';
import { startPlatform, VERSION, type Platform } from '../../services/platform.ts';
import { loadPlugins } from '../../services/providers/plugin-loader.ts';
import { serverHostService } from '../../services/servers/server-host.service.ts';
import { createTestDatabase, query } from '../../test/support/database.ts';
import { api } from '../../test/support/http.ts';
import { BASE_DN, PASSWORD, READER, READERS_GROUP, USER_PREFIX, userDN, type Dataset } from './dataset.ts';
import { memory } from './proc-stats.ts';
import { seed } from './seed.ts';

const ADMIN_TOKEN = 'bench-ldap-admin-token-0123456789abcdef';

/** Waits until the reader can bind and find a user (the new provider reaches the LDAP service through a change event). */
async function serving(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    const c = new Client({ url, timeout: 5000, connectTimeout: 5000 });
    try {
      await c.bind(userDN(READER), PASSWORD);
      if ((await c.search(BASE_DN, { filter: `(cn=${USER_PREFIX}1)`, attributes: ['cn'] })).searchEntries.length) return;
      last = `${USER_PREFIX}1 not found`;
    } catch (err) {
      last = (err as Error).message;
    } finally {
      await c.unbind().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`our LDAP provider is not served after 60 s: ${last}`);
}

/** Our side: the platform in this process, its LDAP listener and what the LDAP directory costs in RSS. */
export interface OurSide {
  url: string;
  database: string;
  /** RSS and V8 heap in use (bytes, after a full GC): with the platform started without the ldap service, then once the provider is served. */
  memory: { baseline: { rss: number; heap: number }; loaded: { rss: number; heap: number } };
  /** Seconds the ldap service took to start (loading every user and group), and from then until the new provider was served. */
  loadSeconds: { started: number; served: number };
  stop(): Promise<void>;
}

/**
 * A fresh database, migrated and seeded; the platform with every service but ldap (its RSS the baseline); then the
 * ldap service (it loads the directory as it starts); then, through the REST API, an LDAP provider whose search
 * group is the readers' group and an application bound to it.
 */
export async function startOurs(d: Dataset, hashes: { matched: string; cheap: string }): Promise<OurSide> {
  const db = await createTestDatabase();
  const config: PlatformConfig = {
    ...loadConfig({}),
    database: { kind: 'postgres', url: db.url },
    services: ALL_SERVICES.filter((s) => s !== 'ldap'),
    http: { host: '127.0.0.1', port: 0 },
    serverEnv: { IDP_LDAP_PORT: '0', IDP_LDAPS_PORT: '0' },
    logLevel: 'warn',
    bootstrap: { token: ADMIN_TOKEN, password: undefined, email: undefined },
  };
  let platform: Platform | undefined;
  try {
    const orm = await createOrm({ database: config.database, models: MODELS });
    await migrate(orm).finally(() => orm.close(true));
    await seed(db.url, d, hashes);
    platform = await startPlatform(config);
    const baseline = memory();
    const started = performance.now();
    const registry = await loadPlugins(config.providers.plugins, platform.broker.getLogger('plugins'));
    const deps = { orm: platform.orm!, installId: await installId(platform.orm!), config };
    platform.broker.createService(serverHostService(deps, registry.typeOf('servers', 'ldap'), VERSION));
    await platform.broker.waitForServices(['ldap'], 600_000, 20);
    const loaded = performance.now();

    const gateway = platform.broker.getLocalService('api') as unknown as { server: { address(): AddressInfo } };
    const base = `http://127.0.0.1:${gateway.server.address().port}/api/v3`;
    const post = async (path: string, body: object) => {
      const reply = await api(base, 'POST', path, { token: ADMIN_TOKEN, body });
      if (reply.status !== 201) throw new Error(`POST ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body;
    };
    const [readers] = await query<{ pk: string }>(db.url, 'select pk::text as pk from core_group where name = $1', [READERS_GROUP]);
    const provider = await post('/providers/ldap/', { name: 'Bench LDAP', base_dn: BASE_DN, search_group: readers.pk });
    await post('/core/applications/', { name: 'Bench LDAP', slug: 'bench-ldap', provider: provider.pk });
    const { ldap } = (await platform.broker.call('ldap.addresses')) as { ldap: { host: string; port: number } };
    const url = `ldap://127.0.0.1:${ldap.port}`;
    await serving(url);
    const loadSeconds = { started: (loaded - started) / 1000, served: (performance.now() - loaded) / 1000 };
    return {
      url,
      database: db.name,
      memory: { baseline, loaded: memory() },
      loadSeconds,
      async stop() {
        await platform?.stop();
        await db.drop();
      },
    };
  } catch (err) {
    await platform?.stop();
    await db.drop();
    throw err;
  }
}
