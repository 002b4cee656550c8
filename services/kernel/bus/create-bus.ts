import type { MikroORM } from '@mikro-orm/core';
import type { EventBus } from './event-bus.ts';
import { JetStreamBus } from './jetstream-bus.ts';
import { OutboxLogBus } from './outbox-log-bus.ts';

interface Logger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** JetStream when the platform runs over NATS, the outbox log when it runs in one process. */
export async function createBus(orm: MikroORM, logger: Logger, opts: { transporter: string | null; namespace: string; ackWaitMs?: number }): Promise<EventBus> {
  if (!opts.transporter) return new OutboxLogBus(orm, logger);
  return JetStreamBus.connect(orm, logger, { url: opts.transporter, prefix: opts.namespace, ackWaitMs: opts.ackWaitMs });
}
