import type { ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { Application as ApplicationDto, ApplicationListQuery, ApplicationRequest, ListQuery } from '../../schemas/types.ts';
import { crudActions } from '../kernel/crud-actions.ts';
import { notFound } from '../kernel/errors.ts';
import { likeTerm, paginate } from '../kernel/pagination.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { ref } from '../kernel/validator.ts';
import { Application, type ApplicationEntity } from './application.entity.ts';

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
  return {
    name: 'applications',
    actions: {
      list: {
        params: ref('application-list-query'),
        async handler(ctx) {
          const q = ctx.params as ListQuery & ApplicationListQuery;
          const where: Record<string, unknown> = {};
          for (const key of ['slug', 'name', 'group'] as const) if (q[key] !== undefined) where[key] = q[key];
          if (q.search) where.$or = [{ name: { $ilike: likeTerm(q.search) } }, { slug: { $ilike: likeTerm(q.search) } }];
          const { pagination, rows } = await paginate(forkEm(deps), Application, where, q, { allowed: ['name', 'slug', 'group'], default: 'name', tieBreaker: 'pk' });
          return { pagination, results: rows.map(serialize) };
        },
      },
      ...crudActions<ApplicationEntity, ApplicationRequest, ApplicationDto>({
        deps, key: 'slug', keySchema: { type: 'string', minLength: 1, maxLength: 50 }, request: 'application-request', required: ['name', 'slug'],
        replaceDefaults: { provider: null, backchannel_providers: [], group: '', meta_launch_url: '', meta_description: '', meta_publisher: '' },
        find: findApp,
        blank: (em) => em.create(Application, { name: '', slug: '' } as never) as ApplicationEntity,
        serialize: (_em, a) => serialize(a),
      }),
    },
  };
}
