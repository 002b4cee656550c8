import type { Context, ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { Application as ApplicationDto, ApplicationListQuery, ApplicationRequest, ListQuery, PolicyTestResult } from '../../schemas/types.ts';
import { crudActions } from '../kernel/crud-actions.ts';
import { IdpError, notFound } from '../kernel/errors.ts';
import { likeTerm, paginate } from '../kernel/pagination.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { ref } from '../kernel/validator.ts';
import { User } from '../users/user.entity.ts';
import { decideAccess } from './access.ts';
import { accessBindings } from './access-bindings.ts';
import { Application, type ApplicationEntity } from './application.entity.ts';

/** What `applications.checkAccess` is asked: the application by slug and/or provider pk, the user, their address. */
export interface AccessQuestion {
  slug?: string;
  provider?: number;
  user: number;
  clientIp?: string | null;
}

/** What `applications.checkAccess` answers: whether the user may use the application, and its slug (null: none matched). */
export interface AccessAnswer {
  allowed: boolean;
  application: string | null;
}

const SLUG = { type: 'string', minLength: 1, maxLength: 50 };

const CHECK_ACCESS_PARAMS = {
  type: 'object',
  properties: { slug: SLUG, provider: { type: 'integer' }, user: { type: 'integer' }, clientIp: { type: ['string', 'null'] } },
  required: ['user'],
  additionalProperties: false,
};

function serialize(a: ApplicationEntity): ApplicationDto {
  return {
    pk: a.pk, name: a.name, slug: a.slug, provider: a.provider ?? null, backchannel_providers: a.backchannel_providers,
    group: a.group, meta_launch_url: a.meta_launch_url, meta_description: a.meta_description, meta_publisher: a.meta_publisher,
    policy_engine_mode: a.policy_engine_mode,
  };
}

async function findApp(em: EntityManager, slug: string): Promise<ApplicationEntity> {
  const app = await em.findOne(Application, { slug });
  if (!app) throw notFound('application', slug);
  return app;
}

/** The application a slug and/or a provider pk name (both must match when both are given), or null. */
async function appFor(em: EntityManager, { slug, provider }: AccessQuestion): Promise<ApplicationEntity | null> {
  if (slug === undefined && provider === undefined) return null;
  const where = { ...(slug === undefined ? {} : { slug }), ...(provider === undefined ? {} : { provider }) };
  return em.findOne(Application, where, { orderBy: { slug: 'asc' } });
}

/**
 * Whether the user may use the application: they must be active, then its bindings decide (`access.ts`); their
 * groups come from the groups service. Null when no user has the pk.
 */
async function allows(ctx: Context, em: EntityManager, app: ApplicationEntity, userPk: number, clientIp: string | null): Promise<boolean | null> {
  const user = await em.findOne(User, { pk: userPk }, { fields: ['is_active'] });
  if (!user) return null;
  if (!user.is_active) return false;
  const bindings = await accessBindings(em, app.pk);
  const groups = bindings.some((b) => b.kind === 'group') ? await ctx.call<string[], { user: number }>('groups.effectiveGroups', { user: userPk }) : [];
  return decideAccess(app.policy_engine_mode, bindings, { user: userPk, groups: new Set(groups), clientIp });
}

/** Applications, addressed by slug as authentik does; providers bind to them by id, bindings decide who may use them. */
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
        deps, key: 'slug', keySchema: SLUG, request: 'application-request', required: ['name', 'slug'],
        replaceDefaults: { provider: null, backchannel_providers: [], group: '', meta_launch_url: '', meta_description: '', meta_publisher: '', policy_engine_mode: 'any' },
        find: findApp,
        blank: (em) => em.create(Application, { name: '', slug: '' } as never) as ApplicationEntity,
        serialize: (_em, a) => serialize(a),
      }),
      checkAccess: {
        visibility: 'public',
        params: CHECK_ACCESS_PARAMS,
        async handler(ctx): Promise<AccessAnswer> {
          const question = ctx.params as AccessQuestion;
          const em = forkEm(deps);
          const app = await appFor(em, question);
          if (!app) return { allowed: false, application: null };
          return { allowed: (await allows(ctx, em, app, question.user, question.clientIp ?? null)) === true, application: app.slug };
        },
      },
      testAccess: {
        params: { type: 'object', properties: { slug: SLUG, for_user: { type: 'integer' } }, required: ['slug', 'for_user'], additionalProperties: false },
        async handler(ctx): Promise<PolicyTestResult> {
          const { slug, for_user } = ctx.params as { slug: string; for_user: number };
          const em = forkEm(deps);
          const clientIp = (ctx.meta as { actor?: { ip?: string | null } }).actor?.ip ?? null;
          const allowed = await allows(ctx, em, await findApp(em, slug), for_user, clientIp);
          if (allowed === null) throw new IdpError('invalid_request', { detail: `No user has the pk ${for_user}.`, errors: [{ pointer: '/for_user', message: 'names no user' }] });
          return { passing: allowed, messages: [] };
        },
      },
    },
  };
}
