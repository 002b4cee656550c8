import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Group } from '../groups/group.entity.ts';
import { uuidv7 } from '../kernel/uuid.ts';

export type Severity = 'notice' | 'warning' | 'alert';

/** Fires when its bound policies pass for an event; notifies its group's members through its transports. */
export const NotificationRule = defineEntity({
  name: 'NotificationRule',
  tableName: 'events_rule',
  properties: {
    pk: p.uuid().primary().onCreate(() => uuidv7()),
    name: p.string().length(255).unique(),
    policy_engine_mode: p.string().length(8).$type<'any' | 'all'>().default('any'),
    severity: p.string().length(16).$type<Severity>().default('notice'),
    group: () => p.manyToOne(Group).nullable().deleteRule('set null').ref(),
    transports: p.json<string[]>().onCreate(() => []),
    send_once: p.boolean().default(false),
  },
});

export type NotificationRuleEntity = InferEntity<typeof NotificationRule>;
