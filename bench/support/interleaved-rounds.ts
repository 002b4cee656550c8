import type { CpuUse } from '../ldap/proc-stats.ts';
import type { LoadResult } from './closed-loops.ts';

/** How long a phase runs on each side: `warmup` seconds (not counted), then `rounds` rounds of `seconds`. */
export interface Timing {
  seconds: number;
  rounds: number;
  warmup: number;
}

/** A side under test as far as the rounds go: its name and how to count its CPU. */
export interface MeteredSide {
  name: string;
  cpu(): { stop(): CpuUse };
}

/** One side's figures for one phase, over all its rounds. */
export interface SideFigures extends LoadResult {
  cpu: CpuUse;
}

/** A phase's figures, by side name. */
export type PhaseFigures<N extends string> = Record<N, SideFigures>;

/**
 * Runs a phase on every side: `warmup` seconds on each (not counted), then `rounds` rounds of `seconds` on each,
 * interleaved (in order, then reversed, …) so that noise on the machine hits all, counting each side's CPU during its
 * own rounds. `load` sets a load up for a side, before its CPU is counted, and resolves to what starts it.
 */
export async function interleavedRounds<S extends MeteredSide>(sides: S[], o: Timing, load: (side: S, seconds: number) => Promise<() => Promise<LoadResult>>): Promise<PhaseFigures<S['name']>> {
  const figures = Object.fromEntries(sides.map((s) => [s.name, { latencies: [], seconds: 0, counted: 0, errors: 0, cpu: { server: 0, database: 0 } } as SideFigures])) as PhaseFigures<S['name']>;
  if (o.warmup > 0) for (const side of sides) await (await load(side, o.warmup))();
  for (let round = 0; round < o.rounds; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      const run = await load(side, o.seconds);
      const meter = side.cpu();
      const result = await run();
      const cpu = meter.stop();
      const into = figures[side.name as S['name']];
      into.latencies = into.latencies.concat(result.latencies);
      into.seconds += result.seconds;
      into.counted += result.counted;
      into.errors += result.errors;
      into.firstError ??= result.firstError;
      into.cpu.server += cpu.server;
      into.cpu.database += cpu.database;
    }
  }
  return figures;
}
