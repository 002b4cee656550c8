import type { ServiceBroker, ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { ListQuery, ProviderObjectListQuery } from '../../schemas/types.ts';
import type { Logger } from '../../plugins/sdk/index.ts';
import type { WriteMode } from '../kernel/crud-actions.ts';
import { IdpError, notFound } from '../kernel/errors.ts';
import { paginate } from '../kernel/pagination.ts';
import { INTEGER_PK } from '../kernel/params.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { ref } from '../kernel/validator.ts';
import { hostDirectory } from './directory.ts';
import type { PluginRegistry } from './plugin-registry.ts';
import { ProviderRuntime } from './provider-runtime.ts';
import { jobsQueued } from './job-worker.ts';
import { buildConfig } from './provider-config.ts';
import { Provider, type ProviderEntity } from './provider.entity.ts';
import { ProviderLink } from './provider-link.entity.ts';
import { serializeLink, serializeProvider, serializeRun } from './provider-serializers.ts';
import { syncStatus } from './sync-status.ts';
import { startRun } from './sync-runs.ts';
import { addressedBy, listAction, removeAction, TYPE_ID } from './typed-actions.ts';

const addressed = addressedBy(INTEGER_PK);
const withData = { type: 'object', properties: { type: TYPE_ID, pk: INTEGER_PK, data: ref('provider-request') }, required: ['type', 'data'], additionalProperties: false };
const listed = (query: string) => ({ type: 'object', properties: { type: TYPE_ID, pk: INTEGER_PK, query: ref(query) }, required: ['type', 'query'], additionalProperties: false });

type Addressed = { type: string; pk: number };

/**
 * Provider instances of every loaded provider type (`/providers/<type>/`): CRUD with configuration checked against
 * the type's schema (secrets write-only), full syncs on demand, sync status and the links to remote objects.
 */
export function providersService(deps: ServiceDeps, registry: PluginRegistry, version: string): ServiceSchema {
  const runtime = new ProviderRuntime(deps, registry, version);
  const typeOf = (id: string) => registry.typeOf('providers', id);
  const find = async (em: EntityManager, { type, pk }: Addressed) => {
    typeOf(type);
    const provider = await em.findOne(Provider, { pk, type });
    if (!provider) throw notFound(`${type} provider`, pk);
    return provider;
  };
  const write = (params: Addressed & { data: Record<string, unknown> }, mode: WriteMode) =>
    forkEm(deps).transactional(async (em) => {
      const type = typeOf(params.type);
      const required = mode === 'update' ? [] : ['name'];
      const missing = required.filter((k) => params.data[k] === undefined);
      if (missing.length) throw new IdpError('invalid_request', { detail: 'name is required.', errors: missing.map((k) => ({ pointer: `/${k}`, message: 'is required' })) });
      const provider: ProviderEntity = mode === 'create' ? em.create(Provider, { name: '', type: params.type } as never) : await find(em, params);
      const { shown, ...built } = await buildConfig(type, params.data, mode, mode === 'create' ? null : provider, hostDirectory(() => em, deps.installId));
      em.assign(provider, { ...(params.data.name === undefined ? {} : { name: params.data.name as string }), ...built } as never);
      await em.flush();
      return { ...serializeProvider(provider), ...shown };
    });

  return {
    name: 'providers',
    actions: {
      types: { handler: () => registry.types() },
      list: listAction(deps, Provider, typeOf, serializeProvider, ['name', 'pk']),
      get: { params: addressed, handler: async (ctx) => serializeProvider(await find(forkEm(deps), ctx.params as Addressed)) },
      create: { params: withData, handler: (ctx) => write(ctx.params as Addressed & { data: Record<string, unknown> }, 'create') },
      replace: { params: { ...withData, required: ['type', 'pk', 'data'] }, handler: (ctx) => write(ctx.params as Addressed & { data: Record<string, unknown> }, 'replace') },
      update: { params: { ...withData, required: ['type', 'pk', 'data'] }, handler: (ctx) => write(ctx.params as Addressed & { data: Record<string, unknown> }, 'update') },
      remove: removeAction(deps, INTEGER_PK, find),
      sync: {
        params: { ...addressed, properties: { ...addressed.properties, trigger: { enum: ['manual', 'cli'] } } },
        async handler(ctx) {
          const p = ctx.params as Addressed & { trigger?: 'manual' | 'cli' };
          const em = forkEm(deps);
          const provider = await find(em, p);
          if (!typeOf(p.type).create) throw new IdpError('invalid_request', { detail: `${p.type} providers are served to clients that connect to the platform; they have nothing to sync.` });
          const { run, started } = await startRun(em, provider.pk, p.trigger ?? 'manual');
          if (started) await ctx.broadcast('providers.jobsQueued');
          return { started, run: serializeRun(run) };
        },
      },
      syncStatus: {
        params: addressed,
        async handler(ctx) {
          const em = forkEm(deps);
          return syncStatus(em, (await find(em, ctx.params as Addressed)).pk);
        },
      },
      objects: {
        params: listed('provider-object-list-query'),
        async handler(ctx) {
          const { type, pk, query } = ctx.params as Addressed & { query: ListQuery & ProviderObjectListQuery };
          const em = forkEm(deps);
          await find(em, { type, pk });
          const where: Record<string, unknown> = { provider_pk: pk };
          for (const key of ['kind', 'status', 'local_id'] as const) if (query[key] !== undefined) where[key] = query[key];
          const { pagination, rows } = await paginate(em, ProviderLink, where, query, { allowed: ['kind', 'local_id', 'synced_at', 'status'], default: 'local_id', tieBreaker: 'kind' });
          return { pagination, results: rows.map(serializeLink) };
        },
      },
    },
    events: {
      'providers.jobsQueued': { handler: () => { jobsQueued.emit('queued'); } },
    },
    async started(this: { broker: ServiceBroker; logger: Logger }) {
      await runtime.start(this.broker, this.logger);
    },
    async stopped() {
      await runtime.stop();
    },
  };
}
