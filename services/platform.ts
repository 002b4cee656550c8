import { readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/core';
import { ServiceBroker, type ServiceSchema } from 'moleculer';
import { brokerOptions } from '../moleculer.config.ts';
import { apiService } from './api/api.service.ts';
import { applicationsService } from './applications/applications.service.ts';
import { eventsService } from './events/events.service.ts';
import { notificationsService } from './events/notifications.service.ts';
import { rulesService } from './events/rules.service.ts';
import { transportsService } from './events/transports.service.ts';
import { bindingsService } from './policies/bindings.service.ts';
import { eventMatcherService } from './policies/event-matcher.service.ts';
import type { PlatformConfig } from './kernel/config.ts';
import { createOrm, installId, migrate, pendingMigrations } from './kernel/orm.ts';
import type { ServiceDeps } from './kernel/service-deps.ts';
import { groupsService } from './groups/groups.service.ts';
import { loadPlugins } from './providers/plugin-loader.ts';
import { propertyMappingsService } from './providers/property-mappings.service.ts';
import { providersService } from './providers/providers.service.ts';
import { MODELS } from './models.ts';
import { serverHostService } from './servers/server-host.service.ts';
import { sourcesService } from './sources/sources.service.ts';
import { tokensService } from './users/tokens.service.ts';
import { usersService } from './users/users.service.ts';

export const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

/**
 * The Moleculer services each domain in SERVICES stands for. `gateway: false`: not needed for the gateway to be ready
 * (LDAP and OAuth2 serve clients of their own; a cluster without them answers /application/o with 503).
 */
const DOMAINS: Record<string, { needsDatabase: boolean; services: string[]; gateway?: false }> = {
  users: { needsDatabase: true, services: ['users', 'tokens'] },
  groups: { needsDatabase: true, services: ['groups'] },
  applications: { needsDatabase: true, services: ['applications'] },
  events: { needsDatabase: true, services: ['events', 'events.rules', 'events.transports', 'events.notifications'] },
  policies: { needsDatabase: true, services: ['policies.eventMatcher', 'policies.bindings'] },
  providers: { needsDatabase: true, services: ['providers', 'propertymappings'] },
  sources: { needsDatabase: true, services: ['sources'] },
  ldap: { needsDatabase: true, services: ['ldap'], gateway: false },
  oauth2: { needsDatabase: true, services: ['oauth2'], gateway: false },
  api: { needsDatabase: false, services: ['api'] },
};

/** The services whose absence makes the gateway unready. */
const GATEWAY_CALLS = Object.values(DOMAINS).flatMap((d) => (d.needsDatabase && d.gateway !== false ? d.services : []));

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
  for (const name of GATEWAY_CALLS) checks[`service:${name}`] = available.has(name) ? 'ok' : 'unavailable';
  return { ok: Object.values(checks).every((v) => v === 'ok'), checks };
}

/** Opens the database (if this process hosts a service that needs it), starts the broker and the chosen services. */
export async function startPlatform(config: PlatformConfig): Promise<Platform> {
  const domains = config.services.map((s) => DOMAINS[s]);
  const orm = domains.some((d) => d.needsDatabase) ? await createOrm({ database: config.database, models: MODELS }) : null;
  let broker: ServiceBroker | undefined;
  try {
    if (orm && config.migrateOnStart) await migrate(orm);
    const deps: ServiceDeps | null = orm ? { orm, installId: await installId(orm), config } : null;
    const live = new ServiceBroker(brokerOptions(config));
    broker = live;
    const registry = config.services.some((s) => s === 'providers' || s === 'sources' || s === 'ldap' || s === 'oauth2') ? await loadPlugins(config.providers.plugins, live.getLogger('plugins')) : null;
    const factories: Record<string, () => ServiceSchema> = {
      users: () => usersService(deps!),
      tokens: () => tokensService(deps!),
      groups: () => groupsService(deps!),
      applications: () => applicationsService(deps!),
      events: () => eventsService(deps!, VERSION),
      'events.rules': () => rulesService(deps!),
      'events.transports': () => transportsService(deps!),
      'events.notifications': () => notificationsService(deps!),
      'policies.eventMatcher': () => eventMatcherService(deps!),
      'policies.bindings': () => bindingsService(deps!),
      providers: () => providersService(deps!, registry!, VERSION),
      propertymappings: () => propertyMappingsService(deps!, registry!),
      sources: () => sourcesService(deps!, registry!, VERSION),
      ldap: () => serverHostService(deps!, registry!.typeOf('servers', 'ldap'), VERSION),
      oauth2: () => serverHostService(deps!, registry!.typeOf('servers', 'oauth2'), VERSION),
      api: () => apiService({ host: config.http.host, port: config.http.port, version: VERSION, models: MODELS, trustedProxies: config.events.trustedProxies, ready: () => readiness(live, orm) }),
    };
    for (const domain of domains) for (const name of domain.services) live.createService(factories[name]());
    await live.start();
    if (config.services.includes('users') && config.bootstrap.token) {
      await live.call('users.bootstrap', { token: config.bootstrap.token, ...(config.bootstrap.password ? { password: config.bootstrap.password } : {}), ...(config.bootstrap.email ? { email: config.bootstrap.email } : {}) });
    }
    return {
      broker: live,
      orm,
      async stop() {
        await live.stop();
        await orm?.close(true);
      },
    };
  } catch (err) {
    await broker?.stop().catch(() => undefined);
    await orm?.close(true);
    throw err;
  }
}
