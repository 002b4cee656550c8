import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A server plugin's durable protocol state (a session, code, token or key), addressed by kind and id within the
 * server; written and read by the host's record store. The lookup keys (`grant_id`, `uid`, `user_code`) are indexed.
 */
export const ServerRecord = defineEntity({
  name: 'ServerRecord',
  tableName: 'servers_record',
  properties: {
    server: p.text().primary(),
    kind: p.text().primary(),
    id: p.text().primary(),
    payload: p.json<Record<string, unknown>>(),
    grant_id: p.text().nullable(),
    uid: p.text().nullable(),
    user_code: p.text().nullable(),
    expires_at: p.datetime().nullable(),
    consumed_at: p.datetime().nullable(),
    created: p.datetime().defaultRaw('now()'),
  },
});

export type ServerRecordEntity = InferEntity<typeof ServerRecord>;
