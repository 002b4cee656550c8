import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidv7 } from '../kernel/uuid.ts';

export type TransportMode = 'local' | 'webhook' | 'webhook_slack';

/** How a notification reaches a user: stored for the UI (local), or POSTed to a webhook (plain or Slack-shaped). */
export const Transport = defineEntity({
  name: 'Transport',
  tableName: 'events_transport',
  properties: {
    pk: p.uuid().primary().onCreate(() => uuidv7()),
    name: p.string().length(255).unique(),
    mode: p.string().length(32).$type<TransportMode>(),
    webhook_url: p.string().length(2048).default(''),
  },
});

export type TransportEntity = InferEntity<typeof Transport>;
