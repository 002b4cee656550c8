import type { EntityManager } from '@mikro-orm/sql';
import type { ObjectKind } from '../../plugins/sdk/index.ts';

/** A provisioning job: make the remote copy of one local object (of one provider) equal to the local state. */
export interface JobKey {
  provider_pk: number;
  kind: ObjectKind;
  local_id: string;
}

export interface ClaimedJob extends JobKey {
  version: number;
  attempts: number;
  run_pk: string | null;
}

const due = (t = '') => `${t}not_before <= now() and (${t}leased_until is null or ${t}leased_until < now())`;
const KEY = `(provider_pk, kind, local_id)`;
const keyParams = (jobs: JobKey[]) => jobs.flatMap((j) => [j.provider_pk, j.kind, j.local_id]);
/** Jobs as a VALUES list to join on. */
const keyValues = (jobs: JobKey[]) => `(values ${jobs.map(() => '(?::int, ?::varchar, ?::varchar)').join(', ')}) as k (provider_pk, kind, local_id)`;
/** A parameter holding a list, bound as one JSON value (the driver would spread a bound array into a list of values). */
const listParam = (cast: 'int' | 'varchar') => `array(select jsonb_array_elements_text(?::jsonb)::${cast})`;
/**
 * The join on the key, plus the key's columns as lists, so the primary key's index finds the rows even when the
 * table's statistics are stale (a full sync queues thousands of jobs at once, and then a plan may scan them all).
 */
const joinKey = (t: string, jobs: JobKey[]) => ({
  sql: `${t}.provider_pk = any(${listParam('int')}) and ${t}.kind = any(${listParam('varchar')}) and ${t}.local_id = any(${listParam('varchar')}) and ${t}.provider_pk = k.provider_pk and ${t}.kind = k.kind and ${t}.local_id = k.local_id`,
  params: [[...new Set(jobs.map((j) => j.provider_pk))], [...new Set(jobs.map((j) => j.kind))], jobs.map((j) => j.local_id)].map((list) => JSON.stringify(list)),
});

/** Rows are always locked in key order, so transactions queueing overlapping jobs wait for each other, not deadlock. */
const byKey = (a: JobKey, b: JobKey) => a.provider_pk - b.provider_pk || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.local_id < b.local_id ? -1 : a.local_id > b.local_id ? 1 : 0);

/**
 * Queues jobs inside the caller's transaction. A job already queued for the object absorbs the new one (many changes
 * to one object coalesce into one reconcile); its version goes up, so a worker holding it runs it once more.
 */
export async function enqueue(em: EntityManager, jobs: JobKey[]): Promise<void> {
  const unique = [...new Map(jobs.map((j) => [`${j.provider_pk}:${j.kind}:${j.local_id}`, j])).values()].sort(byKey);
  if (unique.length === 0) return;
  await em.execute(
    `insert into providers_job (provider_pk, kind, local_id) values ${unique.map(() => '(?, ?, ?)').join(', ')}
     on conflict ${KEY} do update set version = providers_job.version + 1`,
    keyParams(unique),
  );
}

/**
 * Claims up to `limit` due jobs of one provider (the one whose job waited longest, or `onlyProvider`) with a lease: a
 * worker that dies leaves them to be claimed again when the lease runs out. Rows other workers hold are skipped, not
 * waited for (also when picking the provider, so idle workers spread over providers). Groups wait while the provider has users due or in flight, so members exist remotely before groups
 * reference them (users in backoff do not hold groups up).
 */
export async function claim(em: EntityManager, limit: number, leaseMs: number, onlyProvider?: number): Promise<ClaimedJob[]> {
  const only = onlyProvider === undefined ? '' : `and provider_pk = ${Number(onlyProvider)}`;
  return em.execute<ClaimedJob[]>(
    `with pick as (select provider_pk from providers_job where ${due()} ${only} order by not_before limit 1 for update skip locked),
          kind as (select coalesce((select u.kind from providers_job u, pick where u.provider_pk = pick.provider_pk and u.kind = 'user'
                                     and u.not_before <= now() order by u.not_before limit 1), 'group') as k),
          due as (select j.ctid from providers_job j, pick, kind
                   where j.provider_pk = pick.provider_pk and j.kind = kind.k and ${due('j.')}
                   order by j.not_before limit ? for update of j skip locked)
     update providers_job j set leased_until = now() + ? * interval '1 millisecond', attempts = j.attempts + 1
      where j.ctid = any(array(select ctid from due))
     returning j.provider_pk, j.kind, j.local_id, j.version, j.attempts, j.run_pk`,
    [limit, leaseMs],
  );
}

/** Extends the lease of jobs a worker is still working on. */
export async function renew(em: EntityManager, jobs: JobKey[], leaseMs: number): Promise<void> {
  if (jobs.length === 0) return;
  const key = joinKey('j', jobs);
  await em.execute(`update providers_job j set leased_until = now() + ? * interval '1 millisecond' from ${keyValues(jobs)} where ${key.sql}`, [leaseMs, ...keyParams(jobs), ...key.params]);
}

/**
 * Removes finished jobs. A job that was queued again while it ran (its version moved on) stays, released and due,
 * so the newer change is reconciled too. Returns the jobs that were really removed.
 */
export async function finish(em: EntityManager, jobs: ClaimedJob[]): Promise<ClaimedJob[]> {
  if (jobs.length === 0) return [];
  const key = joinKey('j', jobs);
  const removed = await em.execute<JobKey[]>(
    `delete from providers_job j using (values ${jobs.map(() => '(?::int, ?::varchar, ?::varchar, ?::int)').join(', ')}) as k (provider_pk, kind, local_id, version)
      where ${key.sql} and j.version = k.version returning j.provider_pk, j.kind, j.local_id`,
    [...jobs.flatMap((j) => [j.provider_pk, j.kind, j.local_id, j.version]), ...key.params],
  );
  const gone = new Set(removed.map((r) => `${r.kind}:${r.local_id}`));
  const requeued = jobs.filter((j) => !gone.has(`${j.kind}:${j.local_id}`));
  if (requeued.length) {
    const again = joinKey('j', requeued);
    await em.execute(`update providers_job j set leased_until = null, attempts = 0 from ${keyValues(requeued)} where ${again.sql}`, [...keyParams(requeued), ...again.params]);
  }
  return jobs.filter((j) => gone.has(`${j.kind}:${j.local_id}`));
}

/** Puts a failed job back to wait `delayMs` before it is tried again. */
export async function retryLater(em: EntityManager, job: JobKey, delayMs: number): Promise<void> {
  await em.execute(
    `update providers_job set leased_until = null, not_before = now() + ? * interval '1 millisecond' where ${KEY} = (?, ?, ?)`,
    [delayMs, ...keyParams([job])],
  );
}

/** Seconds the oldest due job of each provider has waited (0 for providers with none). */
export async function lagByProvider(em: EntityManager): Promise<Map<number, number>> {
  const rows = await em.execute<{ provider_pk: number; lag: number }[]>(
    `select p.pk as provider_pk, coalesce(extract(epoch from now() - min(j.not_before)), 0)::float8 as lag
       from providers_provider p left join providers_job j on j.provider_pk = p.pk and j.not_before <= now() group by p.pk`,
  );
  return new Map(rows.map((r) => [r.provider_pk, Math.max(0, Number(r.lag))]));
}
