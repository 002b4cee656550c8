import type { ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { EventMatcherPolicy, EventMatcherPolicyRequest, ListQuery, PolicyTestRequest } from '../../schemas/types.ts';
import { IdpError, notFound } from '../kernel/errors.ts';
import { likeTerm, paginate } from '../kernel/pagination.ts';
import { UUID_PK } from '../kernel/params.ts';
import { crudActions } from '../kernel/crud-actions.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { ref } from '../kernel/validator.ts';
import { Binding } from './binding.entity.ts';
import { CRITERIA, compileMatcher, evaluateMatcher, factsOf, validateMatcher, type EventMatcherConfig } from './event-matcher.ts';
import { KNOWN } from './known-models.ts';
import { Policy, type PolicyEntity } from './policy.entity.ts';

export const EVENT_MATCHER = 'event_matcher';

async function findPolicy(em: EntityManager, pk: string): Promise<PolicyEntity> {
  const policy = await em.findOne(Policy, { pk, type: EVENT_MATCHER });
  if (!policy) throw notFound('event matcher policy', pk);
  return policy;
}

async function serialize(em: EntityManager, policies: PolicyEntity[]): Promise<EventMatcherPolicy[]> {
  const counts = new Map<string, number>();
  if (policies.length) {
    for (const b of await em.find(Binding, { policy: { $in: policies.map((p) => p.pk) } }, { fields: ['policy'] })) counts.set(b.policy!.pk, (counts.get(b.policy!.pk) ?? 0) + 1);
  }
  return policies.map((p) => {
    const c = p.config as EventMatcherConfig;
    return { pk: p.pk, name: p.name, execution_logging: p.execution_logging, action: c.action ?? null, client_ip: c.client_ip ?? null, app: c.app ?? null, model: c.model ?? null, bound_to: counts.get(p.pk) ?? 0 };
  });
}

/** Keeps only set criteria (empty strings count as unset) and refuses a configuration that cannot work. */
function configOf(data: EventMatcherPolicyRequest, previous: EventMatcherConfig = {}): EventMatcherConfig {
  const config: EventMatcherConfig = { ...previous };
  for (const c of CRITERIA) if (data[c] !== undefined) config[c] = data[c] === '' ? null : data[c];
  const problems = validateMatcher(config, KNOWN);
  if (problems.length) throw new IdpError('invalid_request', { detail: problems.map((p) => `${p.pointer} ${p.message}`).join('; '), errors: problems });
  return config;
}

/** Event matcher policies: CRUD, and a test that says which criteria match a given event. */
export function eventMatcherService(deps: ServiceDeps): ServiceSchema {
  return {
    name: 'policies.eventMatcher',
    actions: {
      list: {
        params: ref('event-matcher-list-query'),
        async handler(ctx) {
          const q = ctx.params as ListQuery & { name?: string; action?: string; app?: string; model?: string };
          const em = forkEm(deps);
          const where: Record<string, unknown> = { type: EVENT_MATCHER };
          if (q.name !== undefined) where.name = q.name;
          const config: Record<string, string> = {};
          for (const c of ['action', 'app', 'model'] as const) if (q[c] !== undefined) config[c] = q[c];
          if (Object.keys(config).length) where.config = config;
          if (q.search) where.name = { $ilike: likeTerm(q.search) };
          const { pagination, rows } = await paginate(em, Policy, where, q, { allowed: ['name', 'created'], default: 'name', tieBreaker: 'pk' });
          return { pagination, results: await serialize(em, rows) };
        },
      },
      ...crudActions<PolicyEntity, EventMatcherPolicyRequest, EventMatcherPolicy>({
        deps, key: 'pk', keySchema: UUID_PK, request: 'event-matcher-request', required: ['name'], replaceDefaults: {},
        find: findPolicy,
        blank: (em) => em.create(Policy, { name: '', type: EVENT_MATCHER, config: {} } as never) as PolicyEntity,
        async apply(_em, policy, data, mode) {
          policy.config = { ...configOf(data, mode === 'update' ? (policy.config as EventMatcherConfig) : {}) };
          if (data.name !== undefined) policy.name = data.name.trim();
          if (data.execution_logging !== undefined) policy.execution_logging = data.execution_logging;
        },
        serialize: async (em, p) => (await serialize(em, [p]))[0],
        async beforeRemove(em, policy) {
          for (const b of await em.find(Binding, { policy: policy.pk })) em.remove(b);
        },
      }),
      test: {
        params: { type: 'object', properties: { pk: UUID_PK, data: ref('policy-test-request') }, required: ['pk', 'data'], additionalProperties: false },
        async handler(ctx) {
          const { pk, data } = ctx.params as { pk: string; data: PolicyTestRequest };
          const policy = await findPolicy(forkEm(deps), pk);
          const e = data.event;
          return evaluateMatcher(compileMatcher(policy.config as EventMatcherConfig), factsOf({ action: e.action, app: e.app, context: e.context, client_ip: e.client_ip ?? null }));
        },
      },
    },
  };
}

