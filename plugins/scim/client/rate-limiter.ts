import { sleep } from './sleep.ts';

/** A token bucket: `perSecond` request starts a second on average, in bursts of up to max(1, perSecond). */
export class RateLimiter {
  readonly #perSecond: number;
  readonly #burst: number;
  #tokens: number;
  #at = performance.now();

  constructor(perSecond: number) {
    this.#perSecond = perSecond;
    this.#burst = Math.max(1, perSecond);
    this.#tokens = this.#burst;
  }

  /** Resolves when a token was taken; rejects with the signal's reason if it aborts while waiting for one. */
  async take(signal: AbortSignal): Promise<void> {
    for (;;) {
      if (signal.aborted) throw signal.reason;
      const now = performance.now();
      this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#at) / 1000) * this.#perSecond);
      this.#at = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - this.#tokens) / this.#perSecond) * 1000), signal);
    }
  }
}
