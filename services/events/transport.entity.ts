import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidv7 } from '../kernel/uuid.ts';

export type TransportMode = 'local' | 'webhook' | 'webhook_slack';

/** How a notification reaches a user: stored for the UI (local), or POSTed to a webhook (plain, Slack-shaped, or shaped by a mapping). */
export const Transport = defineEntity({
  name: 'Transport',
  tableName: 'events_transport',
  properties: {
    pk: p.uuid().primary().onCreate(() => uuidv7()),
    name: p.string().length(255).unique(),
    mode: p.string().length(32).$type<TransportMode>(),
    webhook_url: p.string().length(2048).default(''),
    webhook_mapping: p.json<Record<string, unknown>>().nullable(),
  },
});

export type TransportEntity = InferEntity<typeof Transport>;
