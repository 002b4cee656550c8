import type { EntityManager } from '@mikro-orm/sql';
import type { ModelChangeEvent } from '../../../schemas/types.ts';

/** An outbox row on its way to the bus. */
export interface OutboxRow {
  id: string;
  seq: number;
  type: string;
  payload: ModelChangeEvent;
}

/**
 * Handles events, in bus order, inside the transaction that also records them as processed, so their effects
 * happen once. It gets every not-yet-handled event of a batch at once, so it can write their effects in bulk.
 */
export type EventHandler = (events: ModelChangeEvent[], em: EntityManager) => Promise<void | AfterCommit>;

/** What a handler may return: called once its transaction committed (to wake workers that read what it wrote). */
export type AfterCommit = () => void;

export interface Consumer {
  stop(): Promise<void>;
}

/**
 * The durable model-change bus. Two adapters with the same semantics: NATS JetStream in a cluster, and the outbox
 * table itself (ordered by the relay) in embedded mode. Delivery is at least once; consumers are durable (one
 * named consumer per service, shared by its replicas) and idempotent by event id; the events of one object are
 * handled in the order they were written, however many replicas share the consumer.
 */
export interface EventBus {
  readonly kind: 'jetstream' | 'embedded';
  /** Publishes relayed rows, in order, inside the relay's transaction (which marks them published when it commits). */
  publish(rows: OutboxRow[], em: EntityManager): Promise<void>;
  /** Tells local consumers that the relay committed a batch. */
  published(): void;
  consume(name: string, handle: EventHandler): Promise<Consumer>;
  close(): Promise<void>;
}

/** The key events of one object share (a group's membership changes share its key): app.model:pk. */
export const objectKey = (event: ModelChangeEvent) => `${event.model.app}.${event.model.name}:${event.model.pk}`;

/** Which of `partitions` an object's events go to (FNV-1a of its key), so one object's events stay in one queue. */
export function partitionOf(key: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % partitions;
}

/** NATS subject of a partition's events under the namespace prefix: idp.model.p3. */
export const subjectOf = (prefix: string, partition: number) => `${prefix}.model.p${partition}`;
