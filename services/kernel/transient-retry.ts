import { DeadlockException, DriverException } from '@mikro-orm/core';

const SERIALIZATION_FAILURE = '40001';

/** Whether a database error goes away by running the transaction again (a deadlock or a serialization failure). */
export function isTransient(err: unknown): boolean {
  return err instanceof DeadlockException || (err instanceof DriverException && (err as DriverException & { code?: string }).code === SERIALIZATION_FAILURE);
}

/** Runs `fn` (a whole transaction) again, after a short random pause, while it fails transiently; `tries` in all. */
export async function retryTransient<T>(fn: () => Promise<T>, tries = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= tries || !isTransient(err)) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}
