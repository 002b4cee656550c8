import type { ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { EventListQuery, EventRecordRequest, ListQuery } from '../../schemas/types.ts';
import { createBus } from '../kernel/bus/create-bus.ts';
import type { Consumer, EventBus } from '../kernel/bus/event-bus.ts';
import { notFound } from '../kernel/errors.ts';
import { paginate } from '../kernel/pagination.ts';
import { byKey, UUID_PK } from '../kernel/params.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { ref } from '../kernel/validator.ts';
import type { PolicySnapshot } from '../policies/bindings.service.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import { EVENT_ACTIONS } from './event-actions.ts';
import { Event } from './event.entity.ts';
import { eventLogConsumer } from './event-log-consumer.ts';
import { eventFilter, recordEvent, serializeEvent } from './event.repository.ts';
import { Notifier } from './notifier.ts';
import { OutboxRelay } from './outbox-relay.ts';
import { cleanUp } from './retention.ts';

const CONSUMER = 'events';

/**
 * The event log and everything that runs on the bus: the outbox relay, the `events` consumer (model changes become
 * log entries, and notification rules are evaluated for every entry), the webhook delivery worker and retention.
 */
export function eventsService(deps: ServiceDeps, version: string): ServiceSchema {
  const notifier = new Notifier();
  const { events: cfg } = deps.config;
  let bus: EventBus | undefined;
  let relay: OutboxRelay | undefined;
  let consumer: Consumer | undefined;
  let worker: DeliveryWorker | undefined;
  const timers: NodeJS.Timeout[] = [];

  return {
    name: 'events',
    dependencies: ['policies.bindings'],
    actions: {
      list: {
        params: ref('event-list-query'),
        async handler(ctx) {
          const q = ctx.params as ListQuery & EventListQuery;
          const em = forkEm(deps);
          const { pagination, rows } = await paginate(em, Event, eventFilter(q), q, { allowed: ['created', 'action', 'app'], default: '-created', tieBreaker: 'pk' });
          return { pagination, results: rows.map(serializeEvent) };
        },
      },
      get: {
        params: byKey('pk', UUID_PK),
        async handler(ctx) {
          const { pk } = ctx.params as { pk: string };
          const event = await forkEm(deps).findOne(Event, { pk });
          if (!event) throw notFound('event', pk);
          return serializeEvent(event);
        },
      },
      actions: { handler: () => EVENT_ACTIONS },
      record: {
        params: ref('event-record-request'),
        handler: (ctx) => {
          const r = ctx.params as EventRecordRequest;
          return forkEm(deps).transactional(async (em) => {
            const event = recordEvent(em, { action: r.action, app: r.app, context: r.context ?? {}, client_ip: r.client_ip ?? null, user: r.user ?? {} }, cfg.retentionDays);
            await em.flush();
            return serializeEvent(event);
          });
        },
      },
    },
    methods: {
      async reloadRules(this: { broker: { call(a: string): Promise<unknown> } }, em?: EntityManager) {
        const snapshot = (await this.broker.call('policies.bindings.snapshot')) as PolicySnapshot;
        await notifier.reload(em ?? forkEm(deps), snapshot);
      },
    },
    async started(this: any) {
      const logger = this.logger;
      bus = await createBus(deps.orm, logger, { transporter: deps.config.transporter, namespace: deps.config.namespace, ackWaitMs: cfg.busAckWaitMs });
      relay = new OutboxRelay(deps.orm, bus, logger);
      relay.start();
      await this.reloadRules();
      consumer = await bus.consume(CONSUMER, eventLogConsumer({ notifier, retentionDays: cfg.retentionDays, reloadRules: (em) => this.reloadRules(em) }));
      worker = new DeliveryWorker(deps.orm, logger, { timeoutMs: cfg.webhookTimeoutMs, maxAttempts: cfg.webhookMaxAttempts, backoffMs: cfg.webhookBackoffMs, retentionDays: cfg.retentionDays, userAgent: `idp-core/${version}` });
      worker.start();
      const safely = (what: string, fn: () => Promise<unknown>) => () => fn().catch((err) => logger.warn(`${what} failed`, err));
      timers.push(setInterval(safely('reloading notification rules', () => this.reloadRules()), 10_000));
      timers.push(setInterval(safely('event retention', () => cleanUp(deps.orm)), 3600_000));
      if (this.broker.isMetricsEnabled()) {
        this.broker.metrics.register({ type: 'gauge', name: 'idp_outbox_pending', description: 'Outbox rows not yet relayed to the bus' });
        this.broker.metrics.register({ type: 'gauge', name: 'idp_outbox_lag_seconds', description: 'Age of the oldest outbox row not yet relayed' });
        timers.push(setInterval(safely('outbox metrics', async () => {
          const stats = await relay!.stats();
          this.broker.metrics.set('idp_outbox_pending', stats.pending);
          this.broker.metrics.set('idp_outbox_lag_seconds', stats.lagSeconds);
        }), 2000));
      }
      await safely('event retention', () => cleanUp(deps.orm))();
    },
    async stopped() {
      for (const t of timers) clearInterval(t);
      await consumer?.stop();
      await worker?.stop();
      await relay?.stop();
      await bus?.close();
    },
  };
}
