import { EventEmitter } from 'node:events';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { ModelChangeEvent } from '../../../schemas/types.ts';
import type { Consumer, EventBus, EventHandler, OutboxRow } from './event-bus.ts';
import { placeholders } from '../sql.ts';
import { handleBatch, withRetry } from './handle-once.ts';

interface Logger {
  error(...args: unknown[]): void;
}

const BATCH = 200;
const IDLE_POLL_MS = 250;

/** Relays in this process tell every embedded bus here (one per service that consumes) that rows were published. */
const relayed = new EventEmitter();
relayed.setMaxListeners(0);

/**
 * The embedded adapter: the outbox table is the log. The relay (one at a time, under its advisory lock) gives
 * published rows a gap-free `published_seq` in commit order; each named consumer keeps its position in `bus_consumer` and advances
 * it in the same transaction as its effects. Same guarantees as JetStream, with no server to run.
 */
export class OutboxLogBus implements EventBus {
  readonly kind = 'embedded' as const;
  readonly #consumers = new Set<AbortController>();

  readonly orm: MikroORM;
  readonly logger: Logger;

  constructor(orm: MikroORM, logger: Logger) {
    this.orm = orm;
    this.logger = logger;
  }

  async publish(rows: OutboxRow[], em: EntityManager): Promise<void> {
    const [{ last }] = await em.execute<{ last: string }[]>(`select setval('event_outbox_published_seq', nextval('event_outbox_published_seq') + ? - 1) as last`, [rows.length]);
    const first = Number(last) - rows.length + 1;
    await em.execute(
      `update event_outbox o set published_seq = ? + t.rn - 1
         from (select id, row_number() over (order by seq) rn from event_outbox where id in (${placeholders(rows.length)})) t
        where o.id = t.id`,
      [first, ...rows.map((r) => r.id)],
    );
  }

  published(): void {
    relayed.emit('published');
  }

  async consume(name: string, handle: EventHandler): Promise<Consumer> {
    const controller = new AbortController();
    this.#consumers.add(controller);
    await this.orm.em.getConnection().execute('insert into bus_consumer (name) values (?) on conflict do nothing', [name]);
    const loop = this.#run(name, handle, controller.signal);
    return {
      stop: async () => {
        controller.abort();
        relayed.emit('published');
        await loop;
        this.#consumers.delete(controller);
      },
    };
  }

  async #run(name: string, handle: EventHandler, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const rows = await withRetry(() => this.#next(name), { signal, onError: (err) => this.logger.error(`bus consumer ${name}: reading the log failed`, err) });
      if (!rows || signal.aborted) break;
      if (rows.length > 0) {
        const ok = await handleBatch(this.orm, name, rows.map((r) => r.payload), handle, {
          signal,
          onError: (err, event, attempt) => this.logger.error(event ? `bus consumer ${name}: handling ${event.type} ${event.id} failed (attempt ${attempt})` : `bus consumer ${name}: a batch failed, handling its events one by one`, err),
          after: async (em, upTo) => {
            await em.execute('update bus_consumer set position = greatest(position, ?), updated_at = now() where name = ?', [rows[upTo].published_seq, name]);
          },
        });
        if (!ok) return;
      }
      if (rows.length < BATCH) await this.#idle(signal);
    }
  }

  async #next(name: string): Promise<{ published_seq: number; payload: ModelChangeEvent }[]> {
    return this.orm.em.getConnection().execute(
      `select o.published_seq, o.payload from event_outbox o, bus_consumer c
        where c.name = ? and o.published_seq > c.position order by o.published_seq limit ${BATCH}`,
      [name],
    );
  }

  #idle(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        relayed.off('published', done);
        resolve();
      };
      const timer = setTimeout(done, IDLE_POLL_MS);
      relayed.on('published', done);
      if (signal.aborted) done();
    });
  }

  async close(): Promise<void> {
    for (const c of this.#consumers) c.abort();
    relayed.emit('published');
  }
}
