import type { MikroORM } from '@mikro-orm/core';
import {
  AckPolicy, connect, DeliverPolicy, JSONCodec, nanos, RetentionPolicy, StorageType,
  type ConsumerMessages, type JetStreamClient, type JetStreamManager, type NatsConnection,
} from 'nats';
import type { ModelChangeEvent } from '../../../schemas/types.ts';
import { subjectOf, type Consumer, type EventBus, type EventHandler, type OutboxRow } from './event-bus.ts';
import { handleBatch, withRetry } from './handle-once.ts';
import { batches } from './batches.ts';

interface Logger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface JetStreamOptions {
  url: string;
  /** Namespace prefix: subjects are `<prefix>.model.<type>`, the stream is `<PREFIX>_MODEL_EVENTS`. */
  prefix: string;
  /** How long a delivered event may stay unacknowledged before JetStream redelivers it. */
  ackWaitMs?: number;
  /** How long the stream keeps events (consumers further behind than this lose them). */
  maxAgeMs?: number;
}

const codec = JSONCodec<ModelChangeEvent>();
const token = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * The cluster adapter: one JetStream stream per namespace, one subject per event type, a durable pull consumer per
 * consuming service (replicas share it, so each event is handled once per service). Publishing sets the event id as
 * the message id, so a relay that republishes after a crash is deduplicated by the server as well as by consumers.
 */
export class JetStreamBus implements EventBus {
  readonly kind = 'jetstream' as const;
  readonly #stream: string;
  readonly #consumers = new Set<AbortController>();

  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly orm: MikroORM;
  readonly logger: Logger;
  readonly opts: JetStreamOptions;

  private constructor(nc: NatsConnection, jsm: JetStreamManager, orm: MikroORM, logger: Logger, opts: JetStreamOptions) {
    this.nc = nc;
    this.js = nc.jetstream();
    this.jsm = jsm;
    this.orm = orm;
    this.logger = logger;
    this.opts = opts;
    this.#stream = `${token(opts.prefix).toUpperCase()}_MODEL_EVENTS`;
  }

  static async connect(orm: MikroORM, logger: Logger, opts: JetStreamOptions): Promise<JetStreamBus> {
    const nc = await connect({ servers: opts.url, name: `${opts.prefix}-bus`, maxReconnectAttempts: -1, reconnectTimeWait: 250, waitOnFirstConnect: true });
    const bus = new JetStreamBus(nc, await nc.jetstreamManager(), orm, logger, opts);
    await bus.#ensureStream();
    return bus;
  }

  get streamName(): string {
    return this.#stream;
  }

  async #ensureStream(): Promise<void> {
    const config = {
      name: this.#stream,
      subjects: [subjectOf(this.opts.prefix, '>')],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      max_age: nanos(this.opts.maxAgeMs ?? 7 * 24 * 3600_000),
      duplicate_window: nanos(10 * 60_000),
    };
    try {
      await this.jsm.streams.info(this.#stream);
      await this.jsm.streams.update(this.#stream, config);
    } catch (err) {
      if ((err as { code?: string }).code !== '404' && !/stream not found/i.test(String(err))) throw err;
      await this.jsm.streams.add(config);
    }
  }

  async publish(rows: OutboxRow[]): Promise<void> {
    await Promise.all(rows.map((row) => this.js.publish(subjectOf(this.opts.prefix, row.type), codec.encode(row.payload), { msgID: row.id })));
  }

  published(): void {}

  async consume(name: string, handle: EventHandler): Promise<Consumer> {
    const durable = token(name);
    const ackWait = this.opts.ackWaitMs ?? 30_000;
    await withRetry(async () => {
      try {
        await this.jsm.consumers.info(this.#stream, durable);
      } catch {
        await this.jsm.consumers.add(this.#stream, {
          durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All,
          ack_wait: nanos(ackWait), max_deliver: -1, max_ack_pending: 1000,
        });
      }
    }, { signal: AbortSignal.timeout(60_000), onError: (err) => this.logger.warn(`bus consumer ${name}: creating the durable failed, retrying`, err) });
    const controller = new AbortController();
    this.#consumers.add(controller);
    const loop = this.#run(name, durable, handle, ackWait, controller.signal);
    return {
      stop: async () => {
        controller.abort();
        await loop;
        this.#consumers.delete(controller);
      },
    };
  }

  /**
   * Handles messages in stream order, in batches of what has already arrived (up to 200) so one transaction covers
   * many events; a failing batch falls back to one event at a time, retried in place, so order per object holds.
   * Acknowledges only after the batch's transaction committed.
   */
  async #run(name: string, durable: string, handle: EventHandler, ackWait: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let messages: ConsumerMessages | undefined;
      const stop = () => messages?.stop();
      try {
        const consumer = await this.js.consumers.get(this.#stream, durable);
        messages = await consumer.consume({ max_messages: 400 });
        signal.addEventListener('abort', stop, { once: true });
        for await (const batch of batches(messages[Symbol.asyncIterator](), 200)) {
          const keepAlive = setInterval(() => batch.forEach((m) => m.working()), Math.max(1000, ackWait / 3));
          try {
            const ok = await handleBatch(this.orm, name, batch.map((m) => codec.decode(m.data)), handle, {
              signal,
              onError: (err, event, attempt) => this.logger.error(event ? `bus consumer ${name}: handling ${event.type} ${event.id} failed (attempt ${attempt})` : `bus consumer ${name}: a batch failed, handling its events one by one`, err),
            });
            if (!ok) break;
          } finally {
            clearInterval(keepAlive);
          }
          for (const m of batch) m.ack();
        }
      } catch (err) {
        if (signal.aborted) break;
        this.logger.warn(`bus consumer ${name}: subscription interrupted, resubscribing`, err);
        await new Promise((r) => setTimeout(r, 500));
      } finally {
        signal.removeEventListener('abort', stop);
      }
    }
  }

  async close(): Promise<void> {
    for (const c of this.#consumers) c.abort();
    await this.nc.drain().catch(() => this.nc.close());
  }
}
