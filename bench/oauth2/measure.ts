import { fork, type ChildProcess } from 'node:child_process';
import { ask } from '../scim-source/child-process.ts';
import type { CpuUse } from '../ldap/proc-stats.ts';
import type { Job, JobResult, Kind, Target } from './operations.ts';

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

/** One side's figures for one phase, over all its rounds. */
export interface SideFigures {
  latencies: number[];
  seconds: number;
  requests: number;
  errors: number;
  firstError?: string;
  cpu: CpuUse;
}

export type PhaseFigures = Record<Side['name'], SideFigures>;

/** The load client: a child process (its CPU is neither issuer's); `prepare` sends it a job to set up, `run` runs it. */
export interface LoadClient {
  child: ChildProcess;
  prepare(job: Job): Promise<void>;
  run(): Promise<JobResult>;
}

export function startClient(): LoadClient {
  const child = fork(new URL('./client.ts', import.meta.url), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    child,
    async prepare(job) {
      const answer = await ask<{ ready: true } | { error: string }>(child, job);
      if ('error' in answer) throw new Error(`setting up ${job.kind} × ${job.clients} at ${job.target.issuer}: ${answer.error}`);
    },
    run: () => ask<JobResult>(child, 'run'),
  };
}

/**
 * Runs a phase on both issuers: `warmup` seconds on each (not counted), then `rounds` rounds of `seconds` on each,
 * interleaved (reference then ours, then ours then reference, …) so that noise on the machine hits both, counting
 * each side's CPU during its own rounds. Sign-ins that set a round up (refresh and access tokens) are not timed.
 */
export async function runPhase(client: LoadClient, phase: Phase, sides: Side[], o: { seconds: number; rounds: number; warmup: number }): Promise<PhaseFigures> {
  const job = (side: Side, seconds: number): Job => ({ target: side.target, kind: phase.kind, clients: phase.clients, seconds });
  const figures = Object.fromEntries(sides.map((s) => [s.name, { latencies: [], seconds: 0, requests: 0, errors: 0, cpu: { server: 0, database: 0 } } as SideFigures])) as PhaseFigures;
  if (o.warmup > 0) {
    for (const side of sides) {
      await client.prepare(job(side, o.warmup));
      await client.run();
    }
  }
  for (let round = 0; round < o.rounds; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      await client.prepare(job(side, o.seconds));
      const meter = side.cpu();
      const result = await client.run();
      const cpu = meter.stop();
      const into = figures[side.name];
      into.latencies = into.latencies.concat(result.latencies);
      into.seconds += result.seconds;
      into.requests += result.requests;
      into.errors += result.errors;
      into.firstError ??= result.firstError;
      into.cpu.server += cpu.server;
      into.cpu.database += cpu.database;
    }
  }
  return figures;
}
