import type { Context, ServiceBroker, ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { Logger } from '../../plugins/sdk/index.ts';
import type { WriteMode } from '../kernel/crud-actions.ts';
import { IdpError, notFound } from '../kernel/errors.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { ref } from '../kernel/validator.ts';
import { hostDirectory } from '../providers/directory.ts';
import { assertTypesLoaded } from '../providers/plugin-loader.ts';
import { pluginMetrics } from '../providers/plugin-metrics.ts';
import type { PluginRegistry } from '../providers/plugin-registry.ts';
import { buildConfig } from '../providers/provider-config.ts';
import { listAction, TYPE_ID } from '../providers/typed-actions.ts';
import { detachUser } from '../users/user.repository.ts';
import { User } from '../users/user.entity.ts';
import { handleSourceRequest, HANDLE_PARAMS, type HandleParams } from './source-request.ts';
import { createSourceAccount, rotateSourceToken } from './source-account.ts';
import { SourceInstances } from './source-instances.ts';
import { preparedReader } from './prepared-reads.ts';
import { serializeSource } from './source-serializer.ts';
import { TokenCache } from './source-auth.ts';
import { Source, type SourceEntity } from './source.entity.ts';

const SLUG = { type: 'string', minLength: 1, maxLength: 50 };
const addressed = { type: 'object', properties: { type: TYPE_ID, slug: SLUG }, required: ['type', 'slug'], additionalProperties: false };
const withData = { type: 'object', properties: { type: TYPE_ID, slug: SLUG, data: ref('source-request') }, required: ['type', 'data'], additionalProperties: false };
const HOST_FIELDS = ['name', 'slug', 'enabled'] as const;

type Addressed = { type: string; slug: string };
type WithData = Addressed & { data: Record<string, unknown> };

/**
 * Source instances of every loaded source type (`/sources/<type>/`): CRUD with configuration checked against the
 * type's schema, each source with its own service account and token; and the requests its clients send to
 * `/source/<type>/<slug>/`, authenticated here and handed to the source's plugin instance.
 */
export function sourcesService(deps: ServiceDeps, registry: PluginRegistry, version: string): ServiceSchema {
  const tokens = new TokenCache();
  let instances: SourceInstances | undefined;
  const typeOf = (id: string) => registry.typeOf('sources', id);
  const find = async (em: EntityManager, { type, slug }: Addressed) => {
    typeOf(type);
    const source = await em.findOne(Source, { slug, type });
    if (!source) throw notFound(`${type} source`, slug);
    return source;
  };
  const forget = (slugs: string[]) => {
    for (const slug of slugs) instances?.forget(slug);
    tokens.clear();
  };
  /** After a source or its token changed: this process forgets what it read at once, every other `sources` process on the event. */
  const changed = async (ctx: Context, slugs: string[]) => {
    forget(slugs);
    await ctx.broadcast('sources.changed', { slugs });
  };
  const write = async (ctx: Context, params: WithData, mode: WriteMode) => {
    const written = await forkEm(deps).transactional(async (em) => {
      const type = typeOf(params.type);
      const missing = mode === 'update' ? [] : (['name', 'slug'] as const).filter((k) => params.data[k] === undefined);
      if (missing.length) throw new IdpError('invalid_request', { detail: `${missing.join(' and ')} required.`, errors: missing.map((k) => ({ pointer: `/${k}`, message: 'is required' })) });
      const source: SourceEntity = mode === 'create' ? em.create(Source, { name: '', slug: '', type: params.type } as never) : await find(em, params);
      const request = Object.fromEntries(Object.entries(params.data).filter(([k]) => !(HOST_FIELDS as readonly string[]).includes(k)));
      const { config } = await buildConfig(type, request, mode, mode === 'create' ? null : { config: source.config, secrets: {} }, hostDirectory(() => em, deps.installId));
      const host = Object.fromEntries(HOST_FIELDS.filter((k) => params.data[k] !== undefined).map((k) => [k, params.data[k]]));
      em.assign(source, { ...(mode === 'replace' ? { enabled: true } : {}), ...host, config } as never);
      await em.flush();
      const token = mode === 'create' ? createSourceAccount(em, source) : undefined;
      await em.flush();
      return serializeSource(source, token);
    });
    await changed(ctx, [params.slug, written.slug].filter((slug): slug is string => slug !== undefined));
    return written;
  };

  return {
    name: 'sources',
    actions: {
      list: listAction(deps, Source, typeOf, (s: SourceEntity) => serializeSource(s), ['name', 'slug', 'pk']),
      get: { params: addressed, handler: async (ctx) => serializeSource(await find(forkEm(deps), ctx.params as Addressed)) },
      create: { params: withData, handler: (ctx) => write(ctx, ctx.params as WithData, 'create') },
      replace: { params: { ...withData, required: ['type', 'slug', 'data'] }, handler: (ctx) => write(ctx, ctx.params as WithData, 'replace') },
      update: { params: { ...withData, required: ['type', 'slug', 'data'] }, handler: (ctx) => write(ctx, ctx.params as WithData, 'update') },
      remove: {
        params: addressed,
        async handler(ctx) {
          const at = ctx.params as Addressed;
          await forkEm(deps).transactional(async (em) => {
            const source = await find(em, at);
            const account = source.user ? await em.findOne(User, { pk: source.user.pk }) : null;
            em.remove(source);
            if (account) {
              await detachUser(em, account);
              em.remove(account);
            }
            await em.flush();
          });
          await changed(ctx, [at.slug]);
          return { slug: at.slug };
        },
      },
      rotateToken: {
        params: addressed,
        async handler(ctx) {
          const at = ctx.params as Addressed;
          const result = await forkEm(deps).transactional(async (em) => rotateSourceToken(em, await find(em, at)));
          await changed(ctx, [at.slug]);
          return result;
        },
      },
      handle: {
        params: HANDLE_PARAMS,
        handler(this: { logger: Logger }, ctx) {
          const p = ctx.params as HandleParams;
          const type = registry.sources.get(p.type);
          if (!type) return { status: 404, headers: { 'content-type': 'application/problem+json' }, body: { type: 'urn:idp:error:route_not_found', status: 404, code: 'route_not_found', title: 'No source type has this path.' } };
          return handleSourceRequest({ type, instances: instances!, tokens, fork: () => forkEm(deps), requestId: ctx.requestID ?? null, logger: this.logger }, p);
        },
      },
    },
    events: {
      'sources.changed': { handler: (ctx: Context<{ slugs: string[] }>) => forget(ctx.params.slugs) },
    },
    async started(this: { broker: ServiceBroker; logger: Logger }) {
      const types = await forkEm(deps).execute<{ type: string }[]>(`select distinct type from sources_source`);
      assertTypesLoaded(registry, types.map((t) => t.type), 'sources');
      const broker = this.broker;
      instances = new SourceInstances({
        orm: deps.orm, installId: deps.installId, hostVersion: version, logger: this.logger,
        metricsFor: (name) => pluginMetrics(broker, 'source', name), readOnly: await preparedReader(deps.orm),
      });
    },
    async stopped() {
      await instances?.stop();
    },
  };
}
