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
export type EventHandler = (events: ModelChangeEvent[], em: EntityManager) => Promise<void>;

export interface Consumer {
  stop(): Promise<void>;
}

/**
 * The durable model-change bus. Two adapters with the same semantics: NATS JetStream in a cluster, and the outbox
 * table itself (ordered by the relay) in embedded mode. Delivery is at least once; consumers are durable (one
 * named consumer per service, shared by its replicas) and idempotent by event id; each consumer handles the
 * events of one object in the order they were written.
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

/** NATS subject of an event type under the namespace prefix: idp.model.user.created. */
export const subjectOf = (prefix: string, type: string) => `${prefix}.model.${type}`;
