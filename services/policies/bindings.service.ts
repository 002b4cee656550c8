import type { ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { ListQuery, PolicyBinding, PolicyBindingRequest } from '../../schemas/types.ts';
import { notFound } from '../kernel/errors.ts';
import { paginate } from '../kernel/pagination.ts';
import { UUID_PK } from '../kernel/params.ts';
import { crudActions } from '../kernel/crud-actions.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { ref } from '../kernel/validator.ts';
import { Binding, type BindingEntity } from './binding.entity.ts';
import { applySubject } from './binding-subject.ts';
import { Policy } from './policy.entity.ts';

/** What rule evaluators load: every policy's type and configuration, and every binding of a policy. */
export interface PolicySnapshot {
  policies: { pk: string; type: string; config: Record<string, unknown> }[];
  bindings: { target: string; policy: string; order: number; negate: boolean; enabled: boolean; timeout: number }[];
}

const serialize = (b: BindingEntity): PolicyBinding => ({
  pk: b.pk, target: b.target, policy: b.policy?.pk ?? null, group: b.group?.pk ?? null, user: b.user?.pk ?? null,
  order: b.order, negate: b.negate, enabled: b.enabled, timeout: b.timeout,
});

async function findBinding(em: EntityManager, pk: string): Promise<BindingEntity> {
  const binding = await em.findOne(Binding, { pk });
  if (!binding) throw notFound('policy binding', pk);
  return binding;
}

/** Bindings: which policies, groups and users apply to a target, in which order, negated or not. */
export function bindingsService(deps: ServiceDeps): ServiceSchema {
  return {
    name: 'policies.bindings',
    actions: {
      list: {
        params: ref('binding-list-query'),
        async handler(ctx) {
          const q = ctx.params as ListQuery & { target?: string; policy?: string; group?: string; user?: number; enabled?: boolean };
          const where: Record<string, unknown> = {};
          for (const k of ['target', 'policy', 'group', 'user', 'enabled'] as const) if (q[k] !== undefined) where[k] = q[k];
          const { pagination, rows } = await paginate(forkEm(deps), Binding, where, q, { allowed: ['order', 'target'], default: 'order', tieBreaker: 'pk' });
          return { pagination, results: rows.map(serialize) };
        },
      },
      ...crudActions<BindingEntity, PolicyBindingRequest, PolicyBinding>({
        deps, key: 'pk', keySchema: UUID_PK, request: 'binding-request', required: ['target'],
        replaceDefaults: { policy: null, group: null, user: null, order: 0, negate: false, enabled: true, timeout: 30 },
        find: findBinding,
        blank: (em) => em.create(Binding, {} as never) as BindingEntity,
        async apply(em, binding, data) {
          const { policy, group, user, ...fields } = data;
          await applySubject(em, binding, { policy, group, user });
          em.assign(binding, fields as never);
        },
        serialize: (_em, b) => serialize(b),
      }),
      snapshot: {
        visibility: 'public',
        async handler(): Promise<PolicySnapshot> {
          const em = forkEm(deps);
          const [policies, bindings] = await Promise.all([em.find(Policy, {}), em.find(Binding, { policy: { $ne: null } }, { orderBy: { order: 'asc', pk: 'asc' } })]);
          return {
            policies: policies.map((p) => ({ pk: p.pk, type: p.type, config: p.config })),
            bindings: bindings.map((b) => ({ target: b.target, policy: b.policy!.pk, order: b.order, negate: b.negate, enabled: b.enabled, timeout: b.timeout })),
          };
        },
      },
    },
  };
}
