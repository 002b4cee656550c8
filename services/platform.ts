import { readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/core';
import { ServiceBroker, type ServiceSchema } from 'moleculer';
import { brokerOptions } from '../moleculer.config.ts';
import { apiService } from './api/api.service.ts';
import { applicationsService } from './applications/applications.service.ts';
import type { PlatformConfig } from './kernel/config.ts';
import { createOrm, installId, migrate, pendingMigrations } from './kernel/orm.ts';
import type { ServiceDeps } from './kernel/service-deps.ts';
import { groupsService } from './groups/groups.service.ts';
import { MODELS } from './models.ts';
import { tokensService } from './users/tokens.service.ts';
import { usersService } from './users/users.service.ts';

export const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

/** The Moleculer services each domain in SERVICES stands for. */
const DOMAINS: Record<string, { needsDatabase: boolean; services: string[] }> = {
  users: { needsDatabase: true, services: ['users', 'tokens'] },
  groups: { needsDatabase: true, services: ['groups'] },
  applications: { needsDatabase: true, services: ['applications'] },
  api: { needsDatabase: false, services: ['api'] },
};

export interface Platform {
  broker: ServiceBroker;
  orm: MikroORM | null;
  stop(): Promise<void>;
}

async function readiness(broker: ServiceBroker, orm: MikroORM | null) {
  const checks: Record<string, string> = {};
  if (orm) {
    try {
      await orm.em.getConnection().execute('select 1');
      const pending = await pendingMigrations(orm);
      checks.database = 'ok';
      checks.migrations = pending.length ? `pending: ${pending.join(', ')}` : 'ok';
    } catch {
      checks.database = 'unreachable';
    }
  }
  const available = new Set((broker.registry.getServiceList({ onlyAvailable: true }) as { name: string }[]).map((s) => s.name));
  for (const name of ['users', 'tokens', 'groups', 'applications']) checks[`service:${name}`] = available.has(name) ? 'ok' : 'unavailable';
  return { ok: Object.values(checks).every((v) => v === 'ok'), checks };
}

/** Opens the database (if this process hosts a service that needs it), starts the broker and the chosen services. */
export async function startPlatform(config: PlatformConfig): Promise<Platform> {
  const domains = config.services.map((s) => DOMAINS[s]);
  const orm = domains.some((d) => d.needsDatabase) ? await createOrm({ database: config.database, models: MODELS }) : null;
  try {
    if (orm && config.migrateOnStart) await migrate(orm);
    const deps: ServiceDeps | null = orm ? { orm, installId: await installId(orm) } : null;
    const broker = new ServiceBroker(brokerOptions(config));
    const factories: Record<string, () => ServiceSchema> = {
      users: () => usersService(deps!),
      tokens: () => tokensService(deps!),
      groups: () => groupsService(deps!),
      applications: () => applicationsService(deps!),
      api: () => apiService({ host: config.http.host, port: config.http.port, version: VERSION, models: MODELS, ready: () => readiness(broker, orm) }),
    };
    for (const domain of domains) for (const name of domain.services) broker.createService(factories[name]());
    await broker.start();
    if (config.services.includes('users') && config.bootstrap.token) {
      await broker.call('users.bootstrap', { token: config.bootstrap.token, ...(config.bootstrap.password ? { password: config.bootstrap.password } : {}), ...(config.bootstrap.email ? { email: config.bootstrap.email } : {}) });
    }
    return {
      broker,
      orm,
      async stop() {
        await broker.stop();
        await orm?.close(true);
      },
    };
  } catch (err) {
    await orm?.close(true);
    throw err;
  }
}
