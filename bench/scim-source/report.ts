import { quantile } from '../scim-provider/reference-latency.ts';
import type { CpuShares } from './cpu.ts';
import type { LoadResult } from './load-job.ts';
import { KINDS, type Kind } from './workload.ts';

export interface KindFigures {
  kind: Kind;
  count: number;
  rate: number;
  p50: number;
  p99: number;
  errors: number;
  bodies: string[];
}

/** One measured load: requests/s over all kinds, each kind's figures, and where the CPU went. */
export interface Figures {
  label: string;
  seconds: number;
  rate: number;
  kinds: KindFigures[];
  cpu?: CpuShares;
}

export function figuresOf(label: string, result: LoadResult, cpu?: CpuShares): Figures {
  const kinds = KINDS.flatMap((kind) => {
    const stats = result.kinds[kind];
    if (!stats) return [];
    const { latencies, errors, bodies } = stats;
    return [{ kind, count: latencies.length, rate: latencies.length / result.seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), errors, bodies }];
  });
  return { label, seconds: result.seconds, rate: kinds.reduce((s, k) => s + k.rate, 0), kinds, ...(cpu ? { cpu } : {}) };
}

const f = (n: number, d = 0) => n.toFixed(d);

export function printFigures(x: Figures): void {
  const cpu = x.cpu
    ? `; CPU in cores: server ${f(x.cpu.server, 2)}, PostgreSQL ${f(x.cpu.postgres, 2)}, client ${f(x.cpu.client, 2)}, others ${f(x.cpu.others, 2)}; machine ${f(x.cpu.machineBusyPercent)} % busy`
    : '';
  console.log(`${x.label}: ${f(x.rate)} requests/s over ${f(x.seconds, 1)} s${cpu}`);
  for (const k of x.kinds) {
    console.log(`  ${k.kind}: ${k.count} (${f(k.rate)}/s), p50 ${f(k.p50, 2)} ms, p99 ${f(k.p99, 2)} ms, ${k.errors} errors`);
    for (const body of k.bodies) console.log(`    ${body}`);
  }
}
