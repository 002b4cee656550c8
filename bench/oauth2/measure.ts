import { fork, type ChildProcess } from 'node:child_process';
import type { CpuUse } from '../ldap/proc-stats.ts';
import { ask } from '../scim-source/child-process.ts';
import type { LoadResult } from '../support/closed-loops.ts';
import { interleavedRounds, type PhaseFigures, type Timing } from '../support/interleaved-rounds.ts';
import type { Job, Kind, Target } from './operations.ts';

/** One measured operation and its closed-loop clients. */
export interface Phase {
  id: string;
  label: string;
  kind: Kind;
  clients: number;
}

const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'code-flow', label: 'code flow + PKCE, sign-in form, token' },
  { kind: 'refresh', label: 'refresh_token grant, rotating' },
  { kind: 'client-credentials', label: 'client_credentials, client_secret_basic' },
  { kind: 'userinfo', label: 'userinfo, bearer token' },
  { kind: 'discovery', label: 'discovery document' },
];

/** Every phase, in the order they run (each kind with 1 then 8 clients); `--phases` picks some by id. */
export const PHASES: Phase[] = KINDS.flatMap(({ kind, label }) => [1, 8].map((clients) => ({ id: `${kind}-${clients}`, label, kind, clients })));

/** An issuer under test: where it answers and how to count its CPU. */
export interface Side {
  name: 'reference' | 'ours';
  target: Target;
  cpu(): { stop(): CpuUse };
}

/** The load client: a child process (its CPU is neither issuer's); `prepare` sends it a job to set up, `run` runs it. */
export interface LoadClient {
  child: ChildProcess;
  prepare(job: Job): Promise<void>;
  run(): Promise<LoadResult>;
}

export function startClient(): LoadClient {
  const child = fork(new URL('./client.ts', import.meta.url), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    child,
    async prepare(job) {
      const answer = await ask<{ ready: true } | { error: string }>(child, job);
      if ('error' in answer) throw new Error(`setting up ${job.kind} × ${job.clients} at ${job.target.issuer}: ${answer.error}`);
    },
    run: () => ask<LoadResult>(child, 'run'),
  };
}

/**
 * Runs a phase on both issuers in interleaved rounds (reference then ours, then ours then reference, …). Sign-ins
 * that set a round up (refresh and access tokens) are not timed and not in the CPU counted.
 */
export function runPhase(client: LoadClient, phase: Phase, sides: Side[], o: Timing): Promise<PhaseFigures<Side['name']>> {
  return interleavedRounds(sides, o, async (side, seconds) => {
    await client.prepare({ target: side.target, kind: phase.kind, clients: phase.clients, seconds });
    return () => client.run();
  });
}
