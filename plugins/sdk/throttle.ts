/** How failed sign-ins (LDAP binds, login pages) are throttled: after `free` failures within the window, each further attempt waits out a lockout that doubles up to `maxLockMs`. */
export interface ThrottlePolicy {
  free: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
}

export const USER_THROTTLE: ThrottlePolicy = { free: 5, windowMs: 15 * 60_000, baseLockMs: 1000, maxLockMs: 15 * 60_000 };
export const ADDRESS_THROTTLE: ThrottlePolicy = { free: 100, windowMs: 15 * 60_000, baseLockMs: 1000, maxLockMs: 15 * 60_000 };

interface Record {
  failures: number;
  first: number;
  lockedUntil: number;
}

const MAX_KEYS = 100_000;

/**
 * Failed sign-in counters by key (a username, a client address). A locked key is refused without checking
 * its password; a success clears it. Memory is bounded: past `MAX_KEYS` the oldest records are dropped.
 */
export class Throttle {
  readonly #policy: ThrottlePolicy;
  readonly #records = new Map<string, Record>();
  readonly #now: () => number;

  constructor(policy: ThrottlePolicy, now: () => number = Date.now) {
    this.#policy = policy;
    this.#now = now;
  }

  /** Milliseconds until the key may try again; 0 when it may now. */
  lockedFor(key: string): number {
    const record = this.#records.get(key);
    return record ? Math.max(0, record.lockedUntil - this.#now()) : 0;
  }

  fail(key: string): void {
    const now = this.#now();
    let record = this.#records.get(key);
    if (!record || now - record.first > this.#policy.windowMs) record = { failures: 0, first: now, lockedUntil: 0 };
    record.failures++;
    const over = record.failures - this.#policy.free;
    if (over > 0) record.lockedUntil = now + Math.min(this.#policy.maxLockMs, this.#policy.baseLockMs * 2 ** Math.min(over - 1, 30));
    this.#records.delete(key);
    this.#records.set(key, record);
    if (this.#records.size > MAX_KEYS) this.#records.delete(this.#records.keys().next().value!);
  }

  succeed(key: string): void {
    this.#records.delete(key);
  }
}
