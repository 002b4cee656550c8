import type { ServiceBroker, ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { DirectoryChange, Logger, MountedRequest, ServedProvider, ServerInstance, ServerType } from '../../plugins/sdk/index.ts';
import { IdpError } from '../kernel/errors.ts';
import { createBus } from '../kernel/bus/create-bus.ts';
import { withRetry } from '../kernel/bus/handle-once.ts';
import type { Consumer, EventBus } from '../kernel/bus/event-bus.ts';
import type { ServiceDeps } from '../kernel/service-deps.ts';
import { pluginMetrics } from '../providers/plugin-metrics.ts';
import { hostDirectory } from '../providers/directory.ts';
import { directoryChanges } from './directory-changes.ts';
import { hostIdentity } from './identity.ts';
import { listenOptions } from './listen-options.ts';
import { HostLiveDirectory } from './live-directory.ts';
import { hostRecordStore } from './record-store.ts';
import { servedProviders } from './served-providers.ts';

type Served = ServedProvider<Record<string, unknown>>;

/**
 * Until the other replicas have discovered a new one (Moleculer's heartbeats, 5 s apart), their broadcasts miss it;
 * so a replica that joins a cluster reads everything once more after three heartbeats.
 */
const CATCH_UP_MS = 15_000;
/** How often each replica deletes expired records of the record store. */
const SWEEP_MS = 5 * 60_000;

/**
 * Runs a plugin's server (LDAP) as the Moleculer service of the same name. Every replica keeps the whole directory
 * and the served providers in memory: one replica takes each batch of model change events from the durable bus
 * (consumer `server-<id>`) and broadcasts what changed; every replica then re-reads those objects. After the
 * transporter reconnects (broadcasts may have been missed) a replica reloads everything, and once more after
 * joining a cluster.
 */
export function serverHostService(deps: ServiceDeps, type: ServerType, version: string): ServiceSchema {
  const fork = () => deps.orm.em.fork() as EntityManager;
  const directory = new HostLiveDirectory(deps.installId);
  const live = type.directory !== false;
  const store = hostRecordStore(fork, type.id);
  const providerListeners: (() => void)[] = [];
  const controller = new AbortController();
  let providers: Served[] = [];
  let instance: ServerInstance | undefined;
  let bus: EventBus | undefined;
  let consumer: Consumer | undefined;
  let addresses: Record<string, { host: string; port: number }> = {};
  let identity: ReturnType<typeof hostIdentity> | undefined;

  const reloadProviders = async () => {
    providers = await servedProviders(fork(), type.providerType);
    for (const listener of providerListeners) listener();
  };
  let logger: Logger | undefined;
  const retrying = (what: string, fn: () => Promise<void>) => withRetry(fn, {
    signal: controller.signal,
    onError: (err, attempt) => logger?.warn(`${type.id}: ${what} failed (attempt ${attempt}), retrying`, err),
  });
  /** Re-reads run one at a time, in arrival order, so an older read never lands after a newer one. */
  let chain: Promise<void> = Promise.resolve();
  const serially = (fn: () => Promise<unknown>) => (chain = chain.then(async () => { await fn(); }));
  /** Everything read again (after a reconnect, or once after joining): no decision or entry from before is kept. */
  const reloadEverything = () => serially(async () => {
    identity?.forget();
    if (live) await retrying('reloading the directory', () => directory.load(fork()));
    await retrying('reading the providers', reloadProviders);
  });
  /** A change this replica could not read is not lost: it reads everything again until that works. */
  const applyChange = async (change: DirectoryChange) => {
    try {
      await directory.reload(fork(), change);
    } catch (err) {
      logger?.warn(`${type.id}: re-reading changed objects failed; reloading the directory`, err);
      await retrying('reloading the directory', () => directory.load(fork()));
    }
  };

  return {
    name: type.id,
    actions: {
      /** Where this replica's server listens (each named port's address). */
      addresses: { visibility: 'public', handler: () => addresses },
      /** A request the gateway passes on from under the type's mount (see `mountedRoute`). */
      handle: {
        visibility: 'public',
        handler: (ctx: { params: MountedRequest }) => {
          if (!instance?.handle) throw new IdpError('not_found', { detail: `The ${type.id} server serves no HTTP.` });
          return instance.handle(ctx.params);
        },
      },
    },
    events: {
      [`${type.id}.directoryChanged`]: {
        handler: (ctx: { params: DirectoryChange }) => (live ? serially(() => applyChange(ctx.params)) : undefined),
      },
      [`${type.id}.providersChanged`]: { handler: () => serially(() => retrying('reading the providers', reloadProviders)) },
      [`${type.id}.accessChanged`]: { handler: () => identity?.forget() },
      '$transporter.connected': {
        handler: async (ctx: { params: { wasReconnect?: boolean } }) => {
          if (ctx.params?.wasReconnect) await reloadEverything();
        },
      },
    },
    async started(this: { broker: ServiceBroker; logger: Logger }) {
      const broker = this.broker;
      logger = this.logger;
      identity = hostIdentity(broker, type.id, this.logger);
      if (live) await directory.load(fork());
      await reloadProviders();
      instance = type.create({
        logger: this.logger, metrics: pluginMetrics(broker, type.id), listen: listenOptions(type, deps.config.serverEnv),
        providers: () => providers as never, onProvidersChanged: (listener) => { providerListeners.push(listener); },
        directory, queries: hostDirectory(fork, deps.installId), identity, store, installId: deps.installId, hostVersion: version, signal: controller.signal,
      });
      const sweep = setInterval(() => void store.sweep().catch((err: Error) => this.logger.warn(`${type.id}: sweeping expired records failed: ${err.message}`)), SWEEP_MS);
      controller.signal.addEventListener('abort', () => clearInterval(sweep), { once: true });
      addresses = (await instance.start()).addresses;
      bus = await createBus(deps.orm, this.logger, { transporter: deps.config.transporter, namespace: deps.config.namespace, ackWaitMs: deps.config.events.busAckWaitMs });
      consumer = await bus.consume(`server-${type.id}`, async (events) => {
        const { change, providers: providersChanged, access } = directoryChanges(events);
        return () => {
          if (access) void broker.broadcast(`${type.id}.accessChanged`, {}, { groups: [type.id] });
          if (change.users.length || change.groups.length) void broker.broadcast(`${type.id}.directoryChanged`, change, { groups: [type.id] });
          if (providersChanged) void broker.broadcast(`${type.id}.providersChanged`, {}, { groups: [type.id] });
        };
      });
      if (deps.config.transporter) {
        const catchUp = setTimeout(() => void reloadEverything(), CATCH_UP_MS);
        controller.signal.addEventListener('abort', () => clearTimeout(catchUp), { once: true });
      }
    },
    async stopped() {
      controller.abort();
      await consumer?.stop();
      await bus?.close();
      await instance?.stop();
    },
  };
}
