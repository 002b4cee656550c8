import type { EntityManager } from '@mikro-orm/sql';
import type { SyncStatus } from '../../schemas/types.ts';
import type { ProviderLinkEntity } from './provider-link.entity.ts';
import { serializeLink, serializeRun } from './provider-serializers.ts';
import { lastRuns, runningRun } from './sync-runs.ts';

const ERRORS_SHOWN = 100;

/** A provider's sync status: the running full sync and its progress, the last finished one, the queue, and failures. */
export async function syncStatus(em: EntityManager, providerPk: number): Promise<SyncStatus> {
  const current = await runningRun(em, providerPk);
  const [last] = (await lastRuns(em, providerPk, 2)).filter((r) => r.finished !== null);
  const [counts] = await em.execute<{ users: number; groups: number; failed: number; queued: number }[]>(
    `select count(*) filter (where kind = 'user' and remote_id is not null)::int as users,
            count(*) filter (where kind = 'group' and remote_id is not null)::int as groups,
            count(*) filter (where status = 'failed')::int as failed,
            (select count(*)::int from providers_job where provider_pk = ?) as queued
       from providers_link where provider_pk = ?`,
    [providerPk, providerPk],
  );
  const failures = await em.execute<ProviderLinkEntity[]>(
    `select kind, local_id, remote_id, status, error, synced_at from providers_link
      where provider_pk = ? and status = 'failed' order by error->>'at' desc limit ?`,
    [providerPk, ERRORS_SHOWN],
  );
  return {
    running: current !== null,
    current: current && serializeRun(current),
    last_run: last ? serializeRun(last) : null,
    queued: counts.queued,
    counts: { users: counts.users, groups: counts.groups, failed: counts.failed },
    errors: failures.map(serializeLink),
  };
}
