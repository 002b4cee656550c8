import { defineEntity, p } from '@mikro-orm/core';
import type { ModelChangeEvent } from '../../schemas/types.ts';

/**
 * The transactional outbox: one row per model change event, inserted in the transaction that made the change.
 * A relay publishes unpublished rows in `seq` order (a database identity, not mapped here) and sets `published_at`.
 */
export const OutboxEntry = defineEntity({
  name: 'OutboxEntry',
  tableName: 'event_outbox',
  properties: {
    id: p.uuid().primary(),
    type: p.string().length(128),
    model_key: p.string().length(255),
    payload: p.json<ModelChangeEvent>(),
    created_at: p.datetime().onCreate(() => new Date()),
    published_at: p.datetime().nullable(),
  },
});
