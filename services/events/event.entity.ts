import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export interface EventUser {
  pk?: number | null;
  username?: string | null;
  email?: string | null;
  [key: string]: unknown;
}

/** An entry of the event log. `source_event` is the model change event it came from (unique: handled once). */
export const Event = defineEntity({
  name: 'Event',
  tableName: 'events_event',
  properties: {
    pk: p.uuid().primary(),
    action: p.string().length(64),
    app: p.string().length(128),
    context: p.json<Record<string, unknown>>(),
    client_ip: p.string().columnType('inet').nullable(),
    user: p.json<EventUser>(),
    created: p.datetime(),
    expires: p.datetime(),
    source_event: p.uuid().nullable().unique(),
  },
});

export type EventEntity = InferEntity<typeof Event>;
