import type { EntityManager } from '@mikro-orm/sql';
import { placeholders } from '../kernel/sql.ts';
import { retryTransient } from '../kernel/transient-retry.ts';
import { uuidv7 } from '../kernel/uuid.ts';

export type RunTrigger = 'schedule' | 'manual' | 'config' | 'cli';

export interface SyncRun {
  pk: string;
  provider_pk: number;
  trigger: RunTrigger;
  status: 'running' | 'succeeded' | 'partial';
  started: Date;
  finished: Date | null;
  total: number;
  done: number;
  failed: number;
  writes: number;
}

const RUN_COLUMNS = 'pk, provider_pk, trigger, status, started, finished, total, done, failed, writes';

/**
 * Starts a full sync of a provider unless one is running (at most one per provider across the cluster: a partial
 * unique index). It queues a job for every user and group and for every object the provider has a link for (so
 * objects deleted or out of scope are deprovisioned); groups come due just after users. A change of scope (trigger
 * `config`) while a run is under way may come after the run reconciled the objects it moves, so it marks the run to
 * start again when it ends. Returns the run that is running now and whether this call started it. A deadlock with
 * workers settling the running run's jobs makes it try again. The statistics of the queue (grown by a whole
 * directory) and of the links are refreshed, so claims and link lookups keep to their indexes.
 */
export async function startRun(em: EntityManager, providerPk: number, trigger: RunTrigger): Promise<{ run: SyncRun; started: boolean }> {
  for (;;) {
    const outcome = await retryTransient(() => em.transactional((tx) => tryStartRun(tx, providerPk, trigger)));
    if (!outcome) continue;
    if (outcome.started) await em.execute('analyze providers_job, providers_link');
    return outcome;
  }
}

/** One try; null when the running run ended between finding it and reading it (then a new one may start). */
async function tryStartRun(tx: EntityManager, providerPk: number, trigger: RunTrigger): Promise<{ run: SyncRun; started: boolean } | null> {
  const [inserted] = await tx.execute<SyncRun[]>(
    `insert into providers_sync_run (pk, provider_pk, trigger) values (?, ?, ?)
     on conflict (provider_pk) where finished is null do nothing returning ${RUN_COLUMNS}`,
    [uuidv7(), providerPk, trigger],
  );
  if (!inserted) {
    const [running] = await tx.execute<SyncRun[]>(
      `update providers_sync_run set again = again or ? where provider_pk = ? and finished is null returning ${RUN_COLUMNS}`,
      [trigger === 'config', providerPk],
    );
    return running ? { run: running, started: false } : null;
  }
  const [{ total }] = await tx.execute<{ total: number }[]>(
    `with queued as (
       insert into providers_job (provider_pk, kind, local_id, run_pk, not_before)
       select ?, kind, local_id, ?, now() + case when kind = 'group' then interval '1 millisecond' else interval '0' end from (
         select 'user' as kind, pk::text as local_id from core_user
         union select 'group', pk::text from core_group
         union select kind, local_id from providers_link where provider_pk = ?
       ) objects
       on conflict (provider_pk, kind, local_id) do update set run_pk = excluded.run_pk, version = providers_job.version + 1
       returning 1
     ) select count(*)::int as total from queued`,
    [providerPk, inserted.pk, providerPk],
  );
  await tx.execute(`update providers_sync_run set total = ? where pk = ?`, [total, inserted.pk]);
  return { run: { ...inserted, total }, started: true };
}

export async function runningRun(em: EntityManager, providerPk: number): Promise<SyncRun | null> {
  const [run] = await em.execute<SyncRun[]>(`select ${RUN_COLUMNS} from providers_sync_run where provider_pk = ? and finished is null`, [providerPk]);
  return run ?? null;
}

export async function lastRuns(em: EntityManager, providerPk: number, limit: number): Promise<SyncRun[]> {
  return em.execute<SyncRun[]>(`select ${RUN_COLUMNS} from providers_sync_run where provider_pk = ? order by started desc limit ?`, [providerPk, limit]);
}

export async function getRun(em: EntityManager, pk: string): Promise<SyncRun | null> {
  const [run] = await em.execute<SyncRun[]>(`select ${RUN_COLUMNS} from providers_sync_run where pk = ?`, [pk]);
  return run ?? null;
}

/** Adds finished objects to a run's counters. */
export async function addProgress(em: EntityManager, runPk: string, p: { done: number; failed: number; writes: number }): Promise<void> {
  await em.execute(`update providers_sync_run set done = done + ?, failed = failed + ?, writes = writes + ? where pk = ?`, [p.done, p.failed, p.writes, runPk]);
}

/**
 * Closes runs that have no job left, and starts again those marked to; returns the runs it closed. The given runs
 * (those a settle just counted progress for) are done when their counters reach their total, since every job of a
 * run is counted once when it is removed; without runs, every open run is checked against the queue itself.
 */
export async function closeFinishedRuns(em: EntityManager, runPks?: string[]): Promise<SyncRun[]> {
  if (runPks?.length === 0) return [];
  const which = runPks
    ? `r.pk in (${placeholders(runPks.length)}) and r.done + r.failed >= r.total`
    : 'not exists (select 1 from providers_job j where j.run_pk = r.pk)';
  const closed = await em.execute<(SyncRun & { again: boolean })[]>(
    `update providers_sync_run r set finished = now(), status = case when r.failed > 0 then 'partial' else 'succeeded' end
      where r.finished is null and ${which}
      returning ${RUN_COLUMNS.split(', ').map((c) => `r.${c}`).join(', ')}, r.again`,
    runPks ?? [],
  );
  for (const run of closed) if (run.again) await startRun(em, run.provider_pk, 'config');
  return closed.map(({ again: _again, ...run }) => run);
}

/** Providers whose scheduled full sync is due: an interval set, and no run started within it. */
export async function dueForSchedule(em: EntityManager, pushTypes: string[]): Promise<number[]> {
  const rows = await em.execute<{ pk: number }[]>(
    `select p.pk from providers_provider p
      where p.type = any(?::text[]) and coalesce((p.config->>'sync_interval_minutes')::int, 60) > 0
        and not exists (select 1 from providers_sync_run r where r.provider_pk = p.pk
                         and r.started > now() - coalesce((p.config->>'sync_interval_minutes')::int, 60) * interval '1 minute')`,
    [`{${pushTypes.join(',')}}`],
  );
  return rows.map((r) => r.pk);
}
