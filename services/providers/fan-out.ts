import type { EntityManager } from '@mikro-orm/sql';
import type { ModelChangeEvent } from '../../schemas/types.ts';
import type { EventHandler } from '../kernel/bus/event-bus.ts';
import { enqueue, type JobKey } from './job-queue.ts';
import type { InstanceEntry, ProviderInstances } from './provider-instances.ts';
import { startRun } from './sync-runs.ts';

/** Whether a provider's configuration names this object (a property mapping's pk in a list or a field). */
const references = (config: Record<string, unknown>, pk: string) => Object.values(config).some((v) => (Array.isArray(v) ? v.includes(pk) : v === pk));

async function interests(entries: InstanceEntry[], event: ModelChangeEvent, jobs: JobKey[], fullSyncs: Set<number>): Promise<void> {
  const model = `${event.model.app}.${event.model.name}`;
  if (model === 'providers.provider') {
    if (event.type !== 'provider.deleted') fullSyncs.add(Number(event.model.pk));
    return;
  }
  if (model === 'providers.propertymapping') {
    for (const e of entries) if (references(e.config, event.model.pk)) fullSyncs.add(e.pk);
    return;
  }
  for (const e of entries) {
    const interest = await e.instance.onEvent(event);
    for (const ref of interest.refs) jobs.push({ provider_pk: e.pk, kind: ref.kind, local_id: ref.id });
    if (interest.fullSync) fullSyncs.add(e.pk);
  }
}

/**
 * The providers service's bus consumer: every model change becomes reconcile jobs for each provider that may need
 * to see it (its plugin says which objects), queued in the consumer's transaction, so a change is neither lost nor
 * queued twice. A provider created or reconfigured, or a mapping it uses changed, gets a full sync. `wake` runs
 * after the transaction committed, to tell workers across the cluster.
 */
export function fanOut(instances: ProviderInstances, wake: () => void): EventHandler {
  return async (events: ModelChangeEvent[], em: EntityManager) => {
    const entries = await instances.all(em);
    const jobs: JobKey[] = [];
    const fullSyncs = new Set<number>();
    for (const event of events) await interests(entries, event, jobs, fullSyncs);
    await enqueue(em, jobs);
    for (const pk of fullSyncs) {
      const [exists] = await em.execute<{ pk: number }[]>(`select pk from providers_provider where pk = ?`, [pk]);
      if (exists && entries.some((e) => e.pk === pk)) await startRun(em, pk, 'config');
    }
    if (jobs.length || fullSyncs.size) return wake;
  };
}
