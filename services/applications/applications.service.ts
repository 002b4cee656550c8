import type { ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { Application as ApplicationDto, ApplicationListQuery, ApplicationRequest, ListQuery } from '../../schemas/types.ts';
import { notFound } from '../kernel/errors.ts';
import { likeTerm, paginate } from '../kernel/pagination.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { ref, refRequiring } from '../kernel/validator.ts';
import { Application, type ApplicationEntity } from './application.entity.ts';

const SLUG = { type: 'string', minLength: 1, maxLength: 50 };
const bySlug = { type: 'object', properties: { slug: SLUG }, required: ['slug'], additionalProperties: false };
const slugWithData = (required: string[]) => ({
  type: 'object',
  properties: { slug: SLUG, data: refRequiring('application-request', required) },
  required: ['slug', 'data'],
  additionalProperties: false,
});
const REPLACE_DEFAULTS = { provider: null, backchannel_providers: [], group: '', meta_launch_url: '', meta_description: '', meta_publisher: '' };

function serialize(a: ApplicationEntity): ApplicationDto {
  return {
    pk: a.pk, name: a.name, slug: a.slug, provider: a.provider ?? null, backchannel_providers: a.backchannel_providers,
    group: a.group, meta_launch_url: a.meta_launch_url, meta_description: a.meta_description, meta_publisher: a.meta_publisher,
  };
}

async function findApp(em: EntityManager, slug: string): Promise<ApplicationEntity> {
  const app = await em.findOne(Application, { slug });
  if (!app) throw notFound('application', slug);
  return app;
}

/** Applications, addressed by slug as authentik does; providers bind to them by id. */
export function applicationsService(deps: ServiceDeps): ServiceSchema {
  const save = (slug: string | null, data: ApplicationRequest) =>
    forkEm(deps).transactional(async (em) => {
      const app = slug === null ? (em.create(Application, { name: '', slug: '' } as never) as ApplicationEntity) : await findApp(em, slug);
      em.assign(app, data as never);
      await em.flush();
      return serialize(app);
    });
  return {
    name: 'applications',
    actions: {
      list: {
        params: { ...ref('application-list-query') },
        async handler(ctx) {
          const q = ctx.params as ListQuery & ApplicationListQuery;
          const em = forkEm(deps);
          const where: Record<string, unknown> = {};
          for (const key of ['slug', 'name', 'group'] as const) if (q[key] !== undefined) where[key] = q[key];
          if (q.search) where.$or = [{ name: { $ilike: likeTerm(q.search) } }, { slug: { $ilike: likeTerm(q.search) } }];
          const { pagination, rows } = await paginate(em, Application, where, q, { allowed: ['name', 'slug', 'group'], default: 'name', tieBreaker: 'pk' });
          return { pagination, results: rows.map(serialize) };
        },
      },
      get: { params: bySlug, handler: async (ctx) => serialize(await findApp(forkEm(deps), (ctx.params as { slug: string }).slug)) },
      create: { params: refRequiring('application-request', ['name', 'slug']), handler: (ctx) => save(null, ctx.params as ApplicationRequest) },
      replace: {
        params: slugWithData(['name', 'slug']),
        handler: (ctx) => {
          const { slug, data } = ctx.params as { slug: string; data: ApplicationRequest };
          return save(slug, { ...REPLACE_DEFAULTS, ...data });
        },
      },
      update: {
        params: slugWithData([]),
        handler: (ctx) => {
          const { slug, data } = ctx.params as { slug: string; data: ApplicationRequest };
          return save(slug, data);
        },
      },
      remove: {
        params: bySlug,
        async handler(ctx) {
          const { slug } = ctx.params as { slug: string };
          await forkEm(deps).transactional(async (em) => {
            em.remove(await findApp(em, slug));
            await em.flush();
          });
          return { slug };
        },
      },
    },
  };
}
