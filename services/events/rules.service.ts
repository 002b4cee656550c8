import type { ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { ListQuery, NamedListQuery, NotificationRule as RuleDto, NotificationRuleRequest } from '../../schemas/types.ts';
import { Group } from '../groups/group.entity.ts';
import { IdpError, notFound } from '../kernel/errors.ts';
import { likeTerm, paginate } from '../kernel/pagination.ts';
import { byPk, pkWithData, UUID_PK } from '../kernel/params.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { ref, refRequiring } from '../kernel/validator.ts';
import { NotificationRule, type NotificationRuleEntity } from './notification-rule.entity.ts';
import { Transport } from './transport.entity.ts';

const serialize = (r: NotificationRuleEntity): RuleDto => ({
  pk: r.pk, name: r.name, policy_engine_mode: r.policy_engine_mode, severity: r.severity, group: r.group?.pk ?? null, transports: r.transports, send_once: r.send_once,
});

async function findRule(em: EntityManager, pk: string): Promise<NotificationRuleEntity> {
  const rule = await em.findOne(NotificationRule, { pk });
  if (!rule) throw notFound('notification rule', pk);
  return rule;
}

const REPLACE_DEFAULTS: NotificationRuleRequest = { policy_engine_mode: 'any', severity: 'notice', group: null, transports: [], send_once: false };

/** Notification rules; which policies a rule has is said with policy bindings whose target is the rule. */
export function rulesService(deps: ServiceDeps): ServiceSchema {
  const save = (pk: string | null, data: NotificationRuleRequest) =>
    forkEm(deps).transactional(async (em) => {
      const rule = pk === null ? (em.create(NotificationRule, { name: '' } as never) as NotificationRuleEntity) : await findRule(em, pk);
      const { group, transports, ...fields } = data;
      if (group !== undefined) {
        if (group && !(await em.findOne(Group, { pk: group }))) throw new IdpError('invalid_request', { detail: `No group has the id ${group}.`, errors: [{ pointer: '/group', message: 'names no group' }] });
        rule.group = group ? em.getReference(Group, group, { wrapped: true }) : null;
      }
      if (transports !== undefined) {
        const found = transports.length ? await em.find(Transport, { pk: { $in: transports } }) : [];
        const missing = transports.filter((t) => !found.some((f) => f.pk === t));
        if (missing.length) throw new IdpError('invalid_request', { detail: `No transport has the id ${missing.join(', ')}.`, errors: missing.map((t) => ({ pointer: `/transports/${transports.indexOf(t)}`, message: 'names no transport' })) });
        rule.transports = transports;
      }
      em.assign(rule, fields as never);
      await em.flush();
      return serialize(rule);
    });
  return {
    name: 'events.rules',
    actions: {
      list: {
        params: ref('named-list-query'),
        async handler(ctx) {
          const q = ctx.params as ListQuery & NamedListQuery;
          const where: Record<string, unknown> = {};
          if (q.name !== undefined) where.name = q.name;
          if (q.search) where.name = { $ilike: likeTerm(q.search) };
          const { pagination, rows } = await paginate(forkEm(deps), NotificationRule, where, q, { allowed: ['name', 'severity'], default: 'name', tieBreaker: 'pk' });
          return { pagination, results: rows.map(serialize) };
        },
      },
      get: { params: byPk(UUID_PK), handler: async (ctx) => serialize(await findRule(forkEm(deps), (ctx.params as { pk: string }).pk)) },
      create: { params: refRequiring('notification-rule-request', ['name']), handler: (ctx) => save(null, ctx.params as NotificationRuleRequest) },
      replace: {
        params: pkWithData(UUID_PK, 'notification-rule-request', ['name']),
        handler: (ctx) => { const { pk, data } = ctx.params as { pk: string; data: NotificationRuleRequest }; return save(pk, { ...REPLACE_DEFAULTS, ...data }); },
      },
      update: {
        params: pkWithData(UUID_PK, 'notification-rule-request'),
        handler: (ctx) => { const { pk, data } = ctx.params as { pk: string; data: NotificationRuleRequest }; return save(pk, data); },
      },
      remove: {
        params: byPk(UUID_PK),
        async handler(ctx) {
          const { pk } = ctx.params as { pk: string };
          await forkEm(deps).transactional(async (em) => {
            em.remove(await findRule(em, pk));
            await em.flush();
          });
          return { pk };
        },
      },
    },
  };
}
