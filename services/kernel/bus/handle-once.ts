import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { ModelChangeEvent } from '../../../schemas/types.ts';
import type { AfterCommit, EventHandler } from './event-bus.ts';

/**
 * Handles a batch of events, in order, in one transaction that also records each as processed by `consumer`:
 * an event already recorded (a redelivery, or a second copy in the same batch) is skipped, and a failure rolls back
 * the markers with the effects.
 * `alsoInTransaction` lets the embedded adapter advance its position atomically with the effects.
 */
export async function handleOnce(
  orm: MikroORM,
  consumer: string,
  events: ModelChangeEvent[],
  handle: EventHandler,
  alsoInTransaction?: (em: EntityManager) => Promise<void>,
): Promise<number> {
  let afterCommit = undefined as AfterCommit | void;
  const handled = await (orm.em.fork() as EntityManager).transactional(async (em) => {
    const fresh = new Set(
      (await em.execute<{ event_id: string }[]>(
        `insert into bus_processed (consumer, event_id) values ${events.map(() => '(?, ?)').join(', ')} on conflict do nothing returning event_id`,
        events.flatMap((e) => [consumer, e.id]),
      )).map((r) => r.event_id),
    );
    const todo = events.filter((e) => fresh.delete(e.id));
    if (todo.length) afterCommit = await handle(todo, em);
    await alsoInTransaction?.(em);
    return todo.length;
  });
  afterCommit?.();
  return handled;
}

/**
 * Handles a batch in one transaction; if that fails, handles its events one at a time (each retried in place), so a
 * single bad event neither blocks nor reorders the others before it.
 */
export async function handleBatch(
  orm: MikroORM,
  consumer: string,
  events: ModelChangeEvent[],
  handle: EventHandler,
  opts: { signal: AbortSignal; onError(err: unknown, event: ModelChangeEvent | null, attempt: number): void; after?(em: EntityManager, upTo: number): Promise<void> },
): Promise<boolean> {
  try {
    await handleOnce(orm, consumer, events, handle, opts.after && ((em) => opts.after!(em, events.length - 1)));
    return true;
  } catch (err) {
    if (events.length > 1) opts.onError(err, null, 1);
  }
  for (let i = 0; i < events.length; i++) {
    const done = await withRetry(
      () => handleOnce(orm, consumer, [events[i]], handle, opts.after && ((em) => opts.after!(em, i))),
      { signal: opts.signal, onError: (err, attempt) => opts.onError(err, events[i], attempt) },
    );
    if (done === undefined) return false;
  }
  return true;
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

