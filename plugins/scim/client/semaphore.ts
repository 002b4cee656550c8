/**
 * A counting semaphore: at most `limit` holders at once. Waiters are served in arrival order and leave the queue
 * (rejecting with the signal's reason) when their signal aborts before their turn.
 */
export class Semaphore {
  readonly #limit: number;
  #active = 0;
  readonly #queue: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** Resolves with a release function (safe to call twice) once a slot is free. */
  async acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) throw signal.reason;
    if (this.#active < this.#limit) this.#active++;
    else await this.#wait(signal);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      if (next) next();
      else this.#active--;
    };
  }

  /** Queues until a holder hands its slot over (the count does not change on a hand-over). */
  #wait(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const go = () => {
        signal.removeEventListener('abort', abort);
        resolve();
      };
      const abort = () => {
        const at = this.#queue.indexOf(go);
        if (at >= 0) this.#queue.splice(at, 1);
        reject(signal.reason);
      };
      this.#queue.push(go);
      signal.addEventListener('abort', abort, { once: true });
    });
  }
}
