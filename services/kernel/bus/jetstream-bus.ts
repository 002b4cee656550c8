import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import {
  AckPolicy, connect, DeliverPolicy, JSONCodec, nanos, RetentionPolicy, StorageType,
  type JetStreamClient, type JetStreamManager, type NatsConnection,
} from 'nats';
import type { ModelChangeEvent } from '../../../schemas/types.ts';
import { objectKey, partitionOf, subjectOf, type Consumer, type EventBus, type EventHandler, type OutboxRow } from './event-bus.ts';
import { handleBatch, withRetry } from './handle-once.ts';

interface Logger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface JetStreamOptions {
  url: string;
  /** Namespace prefix: subjects are `<prefix>.model.p<partition>`, the stream is `<PREFIX>_MODEL_EVENTS`. */
  prefix: string;
  /** How long a delivered event may stay unacknowledged before JetStream redelivers it. */
  ackWaitMs?: number;
  /** How long the stream keeps events (consumers further behind than this lose them). */
  maxAgeMs?: number;
  /** How many ordered queues events are spread over by object (fixed for the life of a stream). */
  partitions?: number;
}

export const DEFAULT_PARTITIONS = 16;

const codec = JSONCodec<ModelChangeEvent[]>();
/** Events per message: enough to amortise a transaction, well below NATS's 1 MiB payload limit. */
const EVENTS_PER_MESSAGE = 200;
const token = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * The cluster adapter: one JetStream stream per namespace; events go out in messages on their partition's subject
 * (a hash of their object picks the partition). A consuming service has one durable pull consumer per partition,
 * shared by its replicas (each event is handled once per service) and limited to one unacknowledged message, so
 * the server hands out a partition's next message only after the previous one was handled: one object's events are
 * handled in order by any number of replicas, across crashes and redeliveries, while partitions proceed in parallel.
 */
export class JetStreamBus implements EventBus {
  readonly kind = 'jetstream' as const;
  readonly #stream: string;
  readonly #partitions: number;
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
    this.#partitions = opts.partitions ?? DEFAULT_PARTITIONS;
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
      subjects: [`${this.opts.prefix}.model.>`],
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

  /**
   * Publishes rows as one message per partition per batch (in write order within it), so a consumer handles a
   * whole message in one transaction. The message id is derived from its events, so the same batch published
   * again after a relay crash is dropped by the server; a different grouping is caught by the consumers' markers.
   */
  async publish(rows: OutboxRow[]): Promise<void> {
    const groups = new Map<number, ModelChangeEvent[]>();
    for (const row of rows) {
      const k = partitionOf(objectKey(row.payload), this.#partitions);
      const group = groups.get(k) ?? [];
      group.push(row.payload);
      groups.set(k, group);
    }
    const sends: Promise<unknown>[] = [];
    for (const [k, events] of groups) {
      for (let i = 0; i < events.length; i += EVENTS_PER_MESSAGE) {
        const chunk = events.slice(i, i + EVENTS_PER_MESSAGE);
        const msgID = createHash('sha256').update(chunk.map((e) => e.id).join(',')).digest('base64url');
        sends.push(this.js.publish(subjectOf(this.opts.prefix, k), codec.encode(chunk), { msgID }));
      }
    }
    await Promise.all(sends);
  }

  /** The subject the events of `event`'s object are published on. */
  subjectFor(event: ModelChangeEvent): string {
    return subjectOf(this.opts.prefix, partitionOf(objectKey(event), this.#partitions));
  }

  published(): void {}

  async consume(name: string, handle: EventHandler): Promise<Consumer> {
    const ackWait = this.opts.ackWaitMs ?? 30_000;
    const durables = Array.from({ length: this.#partitions }, (_, k) => ({ durable: `${token(name)}_p${k}`, filter: subjectOf(this.opts.prefix, k) }));
    await withRetry(async () => {
      for (const { durable, filter } of durables) {
        try {
          await this.jsm.consumers.info(this.#stream, durable);
        } catch {
          await this.jsm.consumers.add(this.#stream, {
            durable_name: durable, filter_subject: filter, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All,
            ack_wait: nanos(ackWait), max_deliver: -1, max_ack_pending: 1,
          });
        }
      }
    }, { signal: AbortSignal.timeout(60_000), onError: (err) => this.logger.warn(`bus consumer ${name}: creating the durables failed, retrying`, err) });
    const controller = new AbortController();
    this.#consumers.add(controller);
    const loops = durables.map(({ durable }) => this.#run(name, durable, handle, ackWait, controller.signal));
    return {
      stop: async () => {
        controller.abort();
        await Promise.all(loops);
        this.#consumers.delete(controller);
      },
    };
  }

  /**
   * Handles one partition's messages in stream order (the server sends the next only after the ack), each in one
   * transaction, retrying a failing event in place; acknowledges only after the transaction committed.
   */
  async #run(name: string, durable: string, handle: EventHandler, ackWait: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const consumer = await this.js.consumers.get(this.#stream, durable);
        while (!signal.aborted) {
          const msg = await consumer.next({ expires: 1000 });
          if (!msg) continue;
          const events = codec.decode(msg.data);
          const keepAlive = setInterval(() => msg.working(), Math.max(1000, ackWait / 3));
          try {
            const ok = await handleBatch(this.orm, name, events, handle, {
              signal,
              onError: (err, event, attempt) => this.logger.error(event ? `bus consumer ${name}: handling ${event.type} ${event.id} failed (attempt ${attempt})` : `bus consumer ${name}: a batch failed, handling its events one by one`, err),
            });
            if (!ok) return;
          } finally {
            clearInterval(keepAlive);
          }
          await msg.ackAck();
        }
      } catch (err) {
        if (signal.aborted) break;
        this.logger.warn(`bus consumer ${name}: subscription interrupted, resubscribing`, err);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  async close(): Promise<void> {
    for (const c of this.#consumers) c.abort();
    await this.nc.drain().catch(() => this.nc.close());
  }
}
