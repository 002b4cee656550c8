import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { ModelChangeEvent } from '../../../schemas/types.ts';
import type { EventHandler } from './event-bus.ts';

/**
 * Runs a handler once per (consumer, event id): the processed marker is inserted in the handler's own transaction,
 * so a redelivered event finds it and is skipped, and a handler that fails leaves no marker and no effects.
 * `alsoInTransaction` lets the embedded adapter advance its position atomically with the effects.
 */
export async function handleOnce(
  orm: MikroORM,
  consumer: string,
  event: ModelChangeEvent,
  handle: EventHandler,
  alsoInTransaction?: (em: EntityManager) => Promise<void>,
): Promise<boolean> {
  return (orm.em.fork() as EntityManager).transactional(async (em) => {
    const fresh = await em.execute<{ event_id: string }[]>(
      'insert into bus_processed (consumer, event_id) values (?, ?) on conflict do nothing returning event_id',
      [consumer, event.id],
    );
    if (fresh.length > 0) await handle(event, em);
    await alsoInTransaction?.(em);
    return fresh.length > 0;
  });
}

/** Retries a failing handler in place with capped exponential backoff, so later events of the same object wait. */
export async function withRetry<T>(fn: () => Promise<T>, opts: { signal: AbortSignal; onError(err: unknown, attempt: number): void }): Promise<T | undefined> {
  for (let attempt = 1; !opts.signal.aborted; attempt++) {
    try {
      return await fn();
    } catch (err) {
      opts.onError(err, attempt);
      const delay = Math.min(30_000, 100 * 2 ** Math.min(attempt, 12)) * (0.5 + Math.random() / 2);
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, delay);
        opts.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(undefined); }, { once: true });
      });
    }
  }
  return undefined;
}
