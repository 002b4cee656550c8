import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from '../users/user.entity.ts';
import type { Severity } from './notification-rule.entity.ts';

/** A notification shown to one user (the local transport). */
export const Notification = defineEntity({
  name: 'Notification',
  tableName: 'events_notification',
  properties: {
    pk: p.uuid().primary(),
    severity: p.string().length(16).$type<Severity>(),
    body: p.text(),
    created: p.datetime(),
    event_pk: p.uuid().nullable(),
    user: () => p.manyToOne(User).deleteRule('cascade').ref(),
    seen: p.boolean().default(false),
    rule_pk: p.uuid().nullable(),
  },
});

export type NotificationEntity = InferEntity<typeof Notification>;
