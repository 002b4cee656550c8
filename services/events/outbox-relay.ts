import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { EventBus, OutboxRow } from '../kernel/bus/event-bus.ts';
import { withRetry } from '../kernel/bus/handle-once.ts';
import { outboxWritten } from '../kernel/outbox-signal.ts';
import { placeholders } from '../kernel/sql.ts';

interface Logger {
  error(...args: unknown[]): void;
}

export interface RelayStats {
  pending: number;
  lagSeconds: number;
}

const BATCH = 500;

/**
 * Publishes committed outbox rows to the bus in write order and marks them published in the same transaction.
 * Crash between publish and mark: the rows stay unpublished and go out again (deduplicated downstream). Bus down:
 * the transaction rolls back and the relay retries with backoff. One relay works at a time (an advisory lock; the
 * others find it taken and wait for their next turn), so batches cannot overtake each other on the bus.
 */
export class OutboxRelay {
  readonly #controller = new AbortController();
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  readonly #onWritten = () => this.#wake?.();

  readonly orm: MikroORM;
  readonly bus: EventBus;
  readonly logger: Logger;
  readonly idleMs: number;

  constructor(orm: MikroORM, bus: EventBus, logger: Logger, idleMs = 100) {
    this.orm = orm;
    this.bus = bus;
    this.logger = logger;
    this.idleMs = idleMs;
  }

  start(): void {
    outboxWritten.on('written', this.#onWritten);
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#controller.abort();
    outboxWritten.off('written', this.#onWritten);
    this.#wake?.();
    await this.#loop;
  }

  /** Relays one batch; returns how many rows it published. */
  async relayOnce(): Promise<number> {
    const n = await (this.orm.em.fork() as EntityManager).transactional(async (em) => {
      const [lock] = await em.execute<{ ok: boolean }[]>(`select pg_try_advisory_xact_lock(hashtext('idp_outbox_relay')) as ok`);
      if (!lock.ok) return 0;
      const rows = await em.execute<OutboxRow[]>(
        `select id, seq, type, payload from event_outbox where published_at is null order by seq limit ${BATCH} for update skip locked`,
      );
      if (rows.length === 0) return 0;
      await this.bus.publish(rows, em);
      await em.execute(`update event_outbox set published_at = now() where id in (${placeholders(rows.length)})`, rows.map((r) => r.id));
      return rows.length;
    });
    if (n > 0) this.bus.published();
    return n;
  }

  async stats(): Promise<RelayStats> {
    const [row] = await this.orm.em.getConnection().execute<{ pending: string; lag: string | null }[]>(
      `select count(*) pending, extract(epoch from now() - min(created_at)) lag from event_outbox where published_at is null`,
    );
    return { pending: Number(row.pending), lagSeconds: Number(row.lag ?? 0) };
  }

  async #run(): Promise<void> {
    const signal = this.#controller.signal;
    while (!signal.aborted) {
      const n = await withRetry(() => this.relayOnce(), { signal, onError: (err, attempt) => this.logger.error(`outbox relay: publishing failed (attempt ${attempt})`, err) });
      if (signal.aborted) break;
      if ((n ?? 0) < BATCH) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, this.idleMs);
          function done() {
            clearTimeout(timer);
            resolve();
          }
          this.#wake = done;
        });
      }
    }
  }
}
