import type { ServiceBroker } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { Logger } from '../../plugins/sdk/index.ts';
import { createBus } from '../kernel/bus/create-bus.ts';
import type { Consumer, EventBus } from '../kernel/bus/event-bus.ts';
import type { ServiceDeps } from '../kernel/service-deps.ts';
import { fanOut } from './fan-out.ts';
import { lagByProvider } from './job-queue.ts';
import { JobWorker } from './job-worker.ts';
import { assertTypesLoaded } from './plugin-loader.ts';
import { pluginMetrics } from './plugin-metrics.ts';
import type { PluginRegistry } from './plugin-registry.ts';
import { ProviderInstances } from './provider-instances.ts';
import { closeFinishedRuns, dueForSchedule, startRun, type SyncRun } from './sync-runs.ts';

const CONSUMER = 'providers';
const SCHEDULE_MS = 30_000;

/**
 * Everything the providers service runs in a process: provider instances, the `providers` bus consumer (fan-out),
 * job workers, the full-sync schedule, and the provider metrics.
 */
export class ProviderRuntime {
  readonly #deps: ServiceDeps;
  readonly #registry: PluginRegistry;
  readonly #version: string;
  readonly #timers: NodeJS.Timeout[] = [];
  #instances: ProviderInstances | undefined;
  #bus: EventBus | undefined;
  #consumer: Consumer | undefined;
  #worker: JobWorker | undefined;

  constructor(deps: ServiceDeps, registry: PluginRegistry, version: string) {
    this.#deps = deps;
    this.#registry = registry;
    this.#version = version;
  }

  async start(broker: ServiceBroker, logger: Logger): Promise<void> {
    const { orm, config } = this.#deps;
    const fork = () => orm.em.fork() as EntityManager;
    const types = await fork().execute<{ type: string }[]>(`select distinct type from providers_provider`);
    assertTypesLoaded(this.#registry, types.map((t) => t.type));
    const metricsOn = broker.isMetricsEnabled();
    if (metricsOn) {
      broker.metrics.register({ type: 'counter', name: 'idp_provider_sync_total', labelNames: ['provider', 'result'], description: 'Full syncs finished, by result' });
      broker.metrics.register({ type: 'gauge', name: 'idp_provider_lag_seconds', labelNames: ['provider'], description: 'Age of the oldest due provisioning job' });
    }
    this.#instances = new ProviderInstances({
      orm, registry: this.#registry, installId: this.#deps.installId, hostVersion: this.#version, logger,
      metricsFor: (name) => pluginMetrics(broker, 'provider', name),
    });
    const names = async () => new Map((await fork().execute<{ pk: number; name: string }[]>(`select pk, name from providers_provider`)).map((e) => [e.pk, e.name]));
    const onRunsClosed = (runs: SyncRun[]) => {
      if (!metricsOn) return;
      void names().then((byPk) => {
        for (const run of runs) broker.metrics.increment('idp_provider_sync_total', { provider: byPk.get(run.provider_pk) ?? String(run.provider_pk), result: run.status });
      });
    };
    const wakeCluster = () => broker.broadcast('providers.jobsQueued');
    this.#bus = await createBus(orm, logger, { transporter: config.transporter, namespace: config.namespace, ackWaitMs: config.events.busAckWaitMs });
    this.#consumer = await this.#bus.consume(CONSUMER, fanOut(this.#instances, wakeCluster));
    this.#worker = new JobWorker(orm, this.#instances, logger, { ...config.providers, retentionDays: config.events.retentionDays }, onRunsClosed);
    this.#worker.start();
    const safely = (what: string, fn: () => Promise<unknown>) => () => fn().catch((err) => logger.warn(`${what} failed`, err));
    const schedule = async () => {
      for (const pk of await dueForSchedule(fork(), [...this.#registry.providers.values()].filter((t) => t.create).map((t) => t.id))) if ((await startRun(fork(), pk, 'schedule')).started) wakeCluster();
      onRunsClosed(await closeFinishedRuns(fork()));
    };
    this.#timers.push(setInterval(safely('full-sync schedule', schedule), SCHEDULE_MS));
    if (metricsOn) {
      this.#timers.push(setInterval(safely('provider lag', async () => {
        const byPk = await names();
        for (const [pk, lag] of await lagByProvider(fork())) broker.metrics.set('idp_provider_lag_seconds', lag, { provider: byPk.get(pk) ?? String(pk) });
      }), 2000));
    }
  }

  async stop(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    await this.#consumer?.stop();
    await this.#worker?.stop();
    await this.#instances?.stop();
    await this.#bus?.close();
  }
}
