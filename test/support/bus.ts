import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { ModelChangeEvent } from '../../schemas/types.ts';

/** A table the test consumer writes its effects to, with no uniqueness: a duplicate effect shows as a second row. */
export async function createEffectsTable(orm: MikroORM): Promise<void> {
  await orm.em.getConnection().execute('create table if not exists test_effects (n serial primary key, consumer text not null, event_id uuid not null, type text not null, model_key text not null)');
}

/** The handler a test consumer runs: one effect row per event, in the handler's transaction. */
export function recordEffect(consumer: string) {
  return async (events: ModelChangeEvent[], em: EntityManager) => {
    for (const event of events) {
      await em.execute('insert into test_effects (consumer, event_id, type, model_key) values (?, ?, ?, ?)', [consumer, event.id, event.type, `${event.model.name}:${event.model.pk}`]);
    }
  };
}

export async function effects(orm: MikroORM, consumer: string): Promise<{ event_id: string; type: string; model_key: string }[]> {
  return orm.em.getConnection().execute('select event_id, type, model_key from test_effects where consumer = ? order by n', [consumer]);
}

/** Polls until `check` returns true (no fixed sleeps); fails after `timeoutMs` with the last value seen. */
export async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}
