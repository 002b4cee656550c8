import type { MikroORM } from '@mikro-orm/core';

/**
 * Deletes what has outlived its use: expired events (and their notifications and deliveries), relayed outbox rows
 * older than a week that every embedded consumer has passed, processed markers older than the stream keeps events,
 * and settled deliveries older than 30 days. Idempotent, so every replica may run it.
 */
export async function cleanUp(orm: MikroORM): Promise<Record<string, number>> {
  const conn = orm.em.getConnection();
  const count = async (sql: string) => Number((await conn.execute<{ n: string }[]>(`with d as (${sql} returning 1) select count(*) n from d`))[0].n);
  return {
    events: await count(`delete from events_event where expires < now()`),
    outbox: await count(`delete from event_outbox where published_at < now() - interval '7 days'
      and (published_seq is null or published_seq <= coalesce((select min(position) from bus_consumer), 0))`),
    processed: await count(`delete from bus_processed where processed_at < now() - interval '8 days'`),
    deliveries: await count(`delete from events_delivery where status <> 'pending' and created < now() - interval '30 days'`),
    notifications: await count(`delete from events_notification where seen and created < now() - interval '30 days'`),
  };
}
