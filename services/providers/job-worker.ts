import { EventEmitter } from 'node:events';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Logger, SyncResult } from '../../plugins/sdk/index.ts';
import { retryTransient } from '../kernel/transient-retry.ts';
import { backoffDelay } from '../kernel/backoff.ts';
import { claim, enqueue, finish, renew, retryLater, type ClaimedJob } from './job-queue.ts';
import { markFailed, markSynced } from './link-status.ts';
import type { InstanceEntry, ProviderInstances } from './provider-instances.ts';
import { addProgress, closeFinishedRuns, type SyncRun } from './sync-runs.ts';

export interface WorkerOptions {
  leaseMs: number;
  backoffMs: number;
  batchSize: number;
  workers: number;
  retentionDays: number;
  pollMs?: number;
  /** Work for this provider only (the CLI's worker). */
  onlyProvider?: number;
}

/** Wakes local workers when this process queued jobs (other processes' workers poll). */
export const jobsQueued = new EventEmitter();
jobsQueued.setMaxListeners(0);

const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * Runs provisioning jobs: each loop claims a batch of one provider's due jobs under a lease (renewed while it works),
 * hands the refs to the provider instance's `sync`, then settles every job in one transaction (run again after a
 * deadlock with a concurrent settle or fan-out): done, retried later
 * with backoff (honouring the remote's Retry-After), or, after the provider's max_attempts or a permanent error,
 * parked as failed on the link with the remote's answer and an event. Full-sync runs count what their jobs did.
 */
export class JobWorker {
  readonly #controller = new AbortController();
  readonly #loops: Promise<void>[] = [];
  readonly #waiters = new Set<() => void>();
  readonly #orm: MikroORM;
  readonly #instances: ProviderInstances;
  readonly #logger: Logger;
  readonly #opts: WorkerOptions;
  readonly #onRunsClosed: (runs: SyncRun[]) => void;

  constructor(orm: MikroORM, instances: ProviderInstances, logger: Logger, opts: WorkerOptions, onRunsClosed: (runs: SyncRun[]) => void) {
    this.#orm = orm;
    this.#instances = instances;
    this.#logger = logger;
    this.#opts = opts;
    this.#onRunsClosed = onRunsClosed;
  }

  start(): void {
    const wake = () => { for (const w of this.#waiters) w(); };
    jobsQueued.on('queued', wake);
    this.#controller.signal.addEventListener('abort', () => { jobsQueued.off('queued', wake); wake(); });
    for (let i = 0; i < this.#opts.workers; i++) this.#loops.push(this.#loop());
  }

  async stop(): Promise<void> {
    this.#controller.abort();
    await Promise.all(this.#loops);
  }

  async #loop(): Promise<void> {
    const signal = this.#controller.signal;
    while (!signal.aborted) {
      let worked = false;
      try {
        worked = await this.#step();
      } catch (err) {
        if (!signal.aborted) this.#logger.warn('provider job batch failed', err);
      }
      if (!worked && !signal.aborted) await this.#idle(this.#opts.pollMs ?? 500);
    }
  }

  #idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiters.add(done);
    });
  }

  #fork(): EntityManager {
    return this.#orm.em.fork() as EntityManager;
  }

  async #step(): Promise<boolean> {
    const jobs = await claim(this.#fork(), this.#opts.batchSize, this.#opts.leaseMs, this.#opts.onlyProvider);
    if (jobs.length === 0) return false;
    const entry = await this.#instances.get(jobs[0].provider_pk);
    const renewal = setInterval(() => renew(this.#fork(), jobs, this.#opts.leaseMs).catch(() => undefined), Math.max(200, this.#opts.leaseMs / 3));
    try {
      const results = entry ? await this.#sync(entry, jobs) : jobs.map((j) => ({ ref: { kind: j.kind, id: j.local_id }, outcome: 'skipped', writes: 0 }) as SyncResult);
      await this.#settle(entry, jobs, results);
    } finally {
      clearInterval(renewal);
    }
    return true;
  }

  async #sync(entry: InstanceEntry, jobs: ClaimedJob[]): Promise<SyncResult[]> {
    const refs = jobs.map((j) => ({ kind: j.kind, id: j.local_id }));
    try {
      return await entry.instance.sync(refs, { fullSync: jobs.some((j) => j.run_pk !== null) });
    } catch (err) {
      const error = { code: 'internal', message: (err as Error).message, retryable: true };
      return refs.map((ref) => ({ ref, outcome: 'failed', writes: 0, error }));
    }
  }

  async #settle(entry: InstanceEntry | null, jobs: ClaimedJob[], results: SyncResult[]): Promise<void> {
    const byKey = new Map(results.map((r) => [`${r.ref.kind}:${r.ref.id}`, r]));
    const maxAttempts = Number(entry?.config.max_attempts ?? DEFAULT_MAX_ATTEMPTS);
    const closed = await retryTransient(() => this.#fork().transactional(async (em) => {
      const done: ClaimedJob[] = [];
      const parked: { job: ClaimedJob; result: SyncResult }[] = [];
      for (const job of jobs) {
        const result = byKey.get(`${job.kind}:${job.local_id}`);
        if (!result || result.outcome !== 'failed') { done.push(job); continue; }
        if (result.error?.retryable && job.attempts < maxAttempts) {
          await retryLater(em, job, Math.max(backoffDelay(job.attempts, this.#opts.backoffMs), result.error.retryAfterMs ?? 0));
        } else {
          parked.push({ job, result });
        }
      }
      const finished = await finish(em, [...done, ...parked.map((p) => p.job)]);
      const removed = new Set(finished.map((j) => `${j.kind}:${j.local_id}`));
      await markSynced(em, jobs[0].provider_pk, done.filter((j) => removed.has(`${j.kind}:${j.local_id}`)));
      const reallyParked = parked.filter((p) => removed.has(`${p.job.kind}:${p.job.local_id}`));
      if (entry) await markFailed(em, entry, reallyParked, this.#opts.retentionDays);
      await enqueue(em, results.flatMap((r) => (r.then ?? []).map((ref) => ({ provider_pk: jobs[0].provider_pk, kind: ref.kind, local_id: ref.id }))));
      return this.#count(em, finished, byKey, reallyParked.map((p) => p.job));
    }));
    if (closed.length) {
      this.#reclaimQueue();
      this.#onRunsClosed(closed);
    }
  }

  /**
   * A finished full sync leaves as many dead rows in the queue as it had objects, and may have written a link for
   * each; vacuuming and analyzing both at once (skipping a table autovacuum is at) keeps the next run to the indexes.
   */
  #reclaimQueue(): void {
    this.#fork().execute('vacuum (skip_locked, analyze) providers_job, providers_link').catch((err) => this.#logger.warn('vacuuming the provider job queue failed', err));
  }

  async #count(em: EntityManager, finished: ClaimedJob[], byKey: Map<string, SyncResult>, parked: ClaimedJob[]): Promise<SyncRun[]> {
    const failed = new Set(parked);
    const perRun = new Map<string, { done: number; failed: number; writes: number }>();
    for (const job of finished) {
      if (!job.run_pk) continue;
      const p = perRun.get(job.run_pk) ?? { done: 0, failed: 0, writes: 0 };
      if (failed.has(job)) p.failed++;
      else p.done++;
      p.writes += byKey.get(`${job.kind}:${job.local_id}`)?.writes ?? 0;
      perRun.set(job.run_pk, p);
    }
    for (const [run, p] of perRun) await addProgress(em, run, p);
    return closeFinishedRuns(em, [...perRun.keys()]);
  }
}
