import type { EntityManager } from '@mikro-orm/sql';
import type { SyncResult } from '../../plugins/sdk/index.ts';
import { recordEvent } from '../events/event.repository.ts';
import type { ClaimedJob, JobKey } from './job-queue.ts';
import type { InstanceEntry } from './provider-instances.ts';

/** Clears the failure of objects that have now synced (through the index of failed links, which are few). */
export async function markSynced(em: EntityManager, providerPk: number, jobs: JobKey[]): Promise<void> {
  if (jobs.length === 0) return;
  await em.execute(
    `update providers_link l set status = 'ok', error = null
       from (values ${jobs.map(() => '(?::varchar, ?::varchar)').join(', ')}) as k (kind, local_id)
      where l.provider_pk = ? and l.status = 'failed' and l.kind = k.kind and l.local_id = k.local_id`,
    [...jobs.flatMap((j) => [j.kind, j.local_id]), providerPk],
  );
}

/**
 * Parks objects that could not be synced: the link (created without a remote id when the object never reached the
 * remote) says why, with the remote's status, scimType and detail, and each failure is recorded as a
 * `configuration_error` event so notification rules can report it.
 */
export async function markFailed(em: EntityManager, entry: InstanceEntry, parked: { job: ClaimedJob; result: SyncResult }[], retentionDays: number): Promise<void> {
  for (const { job, result } of parked) {
    const error = { code: result.error?.code ?? 'internal', message: result.error?.message ?? 'failed', remote: result.error?.remote ?? null, attempts: job.attempts, at: new Date().toISOString() };
    await em.execute(
      `insert into providers_link (provider_pk, kind, local_id, status, error) values (?, ?, ?, 'failed', ?)
       on conflict (provider_pk, kind, local_id) do update set status = 'failed', error = excluded.error`,
      [job.provider_pk, job.kind, job.local_id, JSON.stringify(error)],
    );
    recordEvent(em, {
      action: 'configuration_error', app: 'providers', client_ip: null, user: { pk: null, username: 'system' },
      context: { message: `${entry.type} provider ${entry.name} could not sync ${job.kind} ${job.local_id}: ${error.message}`, provider: { pk: entry.pk, name: entry.name }, object: { kind: job.kind, pk: job.local_id }, error },
    }, retentionDays);
  }
  if (parked.length) await em.flush();
}
