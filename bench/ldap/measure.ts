import { fork, type ChildProcess } from 'node:child_process';
import { ask } from '../scim-source/child-process.ts';
import { FAST_PREFIX, USER_PREFIX, type Dataset } from './dataset.ts';
import type { Job, JobResult, Kind } from './operations.ts';
import type { CpuUse } from './proc-stats.ts';

/** One measured operation: its kind, closed-loop connections, and (binds) whether the users have the matched-cost hash or the cheap one. */
export interface Phase {
  id: string;
  label: string;
  kind: Kind;
  connections: number;
  hash: 'matched' | 'cheap';
}

/** Every phase, in the order they run; `--phases` picks some by id. */
export const PHASES: Phase[] = [
  { id: 'bind', label: 'simple bind, open connection', kind: 'bind', connections: 1, hash: 'matched' },
  { id: 'bind-cheap', label: 'simple bind, open connection, cheap hash', kind: 'bind', connections: 1, hash: 'cheap' },
  { id: 'connect-bind', label: 'connect + bind + unbind, cheap hash', kind: 'connect-bind', connections: 1, hash: 'cheap' },
  { id: 'user-search', label: 'user by cn, 10 attributes', kind: 'user-search', connections: 1, hash: 'cheap' },
  { id: 'user-groups', label: 'groups of a user (member=dn)', kind: 'user-groups', connections: 1, hash: 'cheap' },
  { id: 'group-members', label: 'members of a group (base, member)', kind: 'group-members', connections: 1, hash: 'cheap' },
  { id: 'paged-dump', label: 'all users, paged by 500, 10 attributes', kind: 'paged-dump', connections: 1, hash: 'cheap' },
  { id: 'user-search-8', label: 'user by cn, 8 connections', kind: 'user-search', connections: 8, hash: 'cheap' },
  { id: 'bind-search-8', label: 'bind + own entry, 8 connections', kind: 'bind-search', connections: 8, hash: 'matched' },
  { id: 'bind-search-8-cheap', label: 'bind + own entry, 8 connections, cheap hash', kind: 'bind-search', connections: 8, hash: 'cheap' },
];

/** A server under test: its LDAP URL and how to count its CPU. */
export interface Side {
  name: 'slapd' | 'ours';
  url: string;
  cpu(): { stop(): CpuUse };
}

/** One side's figures for one phase, over all its rounds. */
export interface SideFigures {
  latencies: number[];
  seconds: number;
  entries: number;
  errors: number;
  firstError?: string;
  cpu: CpuUse;
}

export type PhaseFigures = Record<Side['name'], SideFigures>;

/** The load client: a child process (its CPU is neither server's); `run` sends it a job. */
export function startClient(): { run(job: Job): Promise<JobResult>; child: ChildProcess } {
  const child = fork(new URL('./client.ts', import.meta.url), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return { child, run: (job) => ask<JobResult>(child, job) };
}

/**
 * Runs a phase on both servers: `warmup` seconds on each (not counted), then `rounds` rounds of `seconds` on each,
 * interleaved (slapd then ours, then ours then slapd, …) so that noise on the machine hits both, counting each
 * server's CPU during its own rounds.
 */
export async function runPhase(client: { run(job: Job): Promise<JobResult> }, phase: Phase, sides: Side[], d: Dataset, o: { seconds: number; rounds: number; warmup: number }): Promise<PhaseFigures> {
  const binders = phase.hash === 'matched' ? { prefix: USER_PREFIX, count: d.users } : { prefix: FAST_PREFIX, count: d.fastUsers };
  const job = (side: Side, seconds: number): Job => ({ url: side.url, kind: phase.kind, connections: phase.connections, seconds, binders, users: d.users, groups: d.groups });
  const figures = Object.fromEntries(sides.map((s) => [s.name, { latencies: [], seconds: 0, entries: 0, errors: 0, cpu: { server: 0, database: 0 } } as SideFigures])) as PhaseFigures;
  if (o.warmup > 0) for (const side of sides) await client.run(job(side, o.warmup));
  for (let round = 0; round < o.rounds; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      const meter = side.cpu();
      const result = await client.run(job(side, o.seconds));
      const cpu = meter.stop();
      const into = figures[side.name];
      into.latencies = into.latencies.concat(result.latencies);
      into.seconds += result.seconds;
      into.entries += result.entries;
      into.errors += result.errors;
      into.firstError ??= result.firstError;
      into.cpu.server += cpu.server;
      into.cpu.database += cpu.database;
    }
  }
  return figures;
}
