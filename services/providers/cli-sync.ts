import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Logger } from '../../plugins/sdk/index.ts';
import type { PlatformConfig } from '../kernel/config.ts';
import { installId } from '../kernel/orm.ts';
import { JobWorker } from './job-worker.ts';
import { assertTypesLoaded, loadPlugins } from './plugin-loader.ts';
import { ProviderInstances } from './provider-instances.ts';
import { getRun, startRun, type SyncRun } from './sync-runs.ts';

const NO_METRICS = { increment: () => undefined, set: () => undefined };

export class ProviderNotFound extends Error {}

/**
 * `idp sync <provider>`: starts a full sync of the provider named (or numbered) by `ref`, or follows the one
 * running, and works on it in this process beside the cluster's workers; `progress` gets the run every
 * `intervalMs` until it ends. Returns the finished run.
 */
export async function syncFromCli(orm: MikroORM, config: PlatformConfig, ref: string, logger: Logger, progress: (run: SyncRun) => void, intervalMs = 250): Promise<SyncRun> {
  const em = orm.em.fork() as EntityManager;
  const [provider] = await em.execute<{ pk: number; name: string; type: string }[]>(
    `select pk, name, type from providers_provider where name = ? or pk::text = ? order by (name = ?) desc limit 1`,
    [ref, ref, ref],
  );
  if (!provider) throw new ProviderNotFound(`no provider is named or numbered ${JSON.stringify(ref)}`);
  const registry = await loadPlugins(config.providers.plugins, logger);
  assertTypesLoaded(registry, [provider.type]);
  const instances = new ProviderInstances({ orm, registry, installId: await installId(orm), hostVersion: 'cli', logger, metricsFor: () => NO_METRICS });
  const { run } = await startRun(em, provider.pk, 'cli');
  const worker = new JobWorker(orm, instances, logger, { ...config.providers, retentionDays: config.events.retentionDays, onlyProvider: provider.pk, pollMs: intervalMs }, () => undefined);
  worker.start();
  try {
    for (;;) {
      const current = (await getRun(orm.em.fork() as EntityManager, run.pk))!;
      progress(current);
      if (current.finished) return current;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  } finally {
    await worker.stop();
    await instances.stop();
  }
}
