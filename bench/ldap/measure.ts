import { fork, type ChildProcess } from 'node:child_process';
import { ask } from '../scim-source/child-process.ts';
import type { LoadResult } from '../support/closed-loops.ts';
import { interleavedRounds, type PhaseFigures, type Timing } from '../support/interleaved-rounds.ts';
import { FAST_PREFIX, USER_PREFIX, type Dataset } from './dataset.ts';
import type { Job, Kind } from './operations.ts';
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

/** The load client: a child process (its CPU is neither server's); `run` sends it a job. */
export function startClient(): { run(job: Job): Promise<LoadResult>; child: ChildProcess } {
  const child = fork(new URL('./client.ts', import.meta.url), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return { child, run: (job) => ask<LoadResult>(child, job) };
}

/** Runs a phase on both servers in interleaved rounds (slapd then ours, then ours then slapd, …). */
export function runPhase(client: { run(job: Job): Promise<LoadResult> }, phase: Phase, sides: Side[], d: Dataset, o: Timing): Promise<PhaseFigures<Side['name']>> {
  const binders = phase.hash === 'matched' ? { prefix: USER_PREFIX, count: d.users } : { prefix: FAST_PREFIX, count: d.fastUsers };
  return interleavedRounds(sides, o, async (side, seconds) => () => client.run({ url: side.url, kind: phase.kind, connections: phase.connections, seconds, binders, users: d.users, groups: d.groups }));
}
