import type { ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { NotificationRule as RuleDto, NotificationRuleRequest } from '../../schemas/types.ts';
import { Group } from '../groups/group.entity.ts';
import { crudActions, listByName } from '../kernel/crud-actions.ts';
import { IdpError, notFound } from '../kernel/errors.ts';
import { UUID_PK } from '../kernel/params.ts';
import type { ServiceDeps } from '../kernel/service-deps.ts';
import { ref } from '../kernel/validator.ts';
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

/** Refuses a group or transports that do not exist, then sets them with the other fields. */
async function applyRule(em: EntityManager, rule: NotificationRuleEntity, data: NotificationRuleRequest): Promise<void> {
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
}

/** Notification rules; which policies a rule has is said with policy bindings whose target is the rule. */
export function rulesService(deps: ServiceDeps): ServiceSchema {
  return {
    name: 'events.rules',
    actions: {
      list: { params: ref('named-list-query'), handler: listByName(deps, NotificationRule, serialize, ['name', 'severity']) },
      ...crudActions<NotificationRuleEntity, NotificationRuleRequest, RuleDto>({
        deps, key: 'pk', keySchema: UUID_PK, request: 'notification-rule-request', required: ['name'],
        replaceDefaults: { policy_engine_mode: 'any', severity: 'notice', group: null, transports: [], send_once: false },
        find: findRule,
        blank: (em) => em.create(NotificationRule, { name: '' } as never) as NotificationRuleEntity,
        apply: (em, rule, data) => applyRule(em, rule, data),
        serialize: (_em, r) => serialize(r),
      }),
    },
  };
}
