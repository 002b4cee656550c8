import { quantile } from '../scim-provider/reference-latency.ts';
import type { PhaseFigures, SideFigures } from './interleaved-rounds.ts';

/**
 * One side's figures for a phase, reduced: operations a second, latency quantiles in ms, CPU per operation in µs (the
 * side's server; the database's backends apart), the benchmark's count per operation.
 */
export interface Summary {
  ops: number;
  rate: number;
  p50: number;
  p99: number;
  cpuUs: number;
  databaseUs: number;
  countedPerOp: number;
  errors: number;
  firstError?: string;
}

function summarize(s: SideFigures): Summary {
  const ops = s.latencies.length;
  return {
    ops,
    rate: ops / s.seconds,
    p50: quantile(s.latencies, 0.5),
    p99: quantile(s.latencies, 0.99),
    cpuUs: (1e6 * s.cpu.server) / ops,
    databaseUs: (1e6 * s.cpu.database) / ops,
    countedPerOp: s.counted / ops,
    errors: s.errors,
    ...(s.firstError ? { firstError: s.firstError } : {}),
  };
}

/** A phase with both sides summarized, the reference under its side's name `R`. */
export type Row<P, R extends string> = { phase: P } & Record<R | 'ours', Summary>;

/**
 * What a benchmark's report calls things: the reference side (its name among the sides), the column of closed loops
 * (its label and each phase's number) and what the count per operation counts.
 */
export interface Naming<P, R extends string> {
  reference: R;
  loops: { label: string; of(phase: P): number };
  counted: string;
}

/** A comparison of ours against a reference, phase by phase. */
export interface ComparisonReport<P, R extends string> {
  /** Both sides' figures for a phase, summarized. */
  rowOf(phase: P, figures: PhaseFigures<R | 'ours'>): Row<P, R>;
  /** A phase's line as it ends: both rates and p99 latencies, and the ratio of the rates. */
  printProgress(row: Row<P, R>): void;
  /**
   * The comparison as a Markdown table: operations a second, p50 and p99 latency (ms, as the client saw them), CPU per
   * operation (µs; ours with, after the +, the database's PostgreSQL backends), each with ours / the reference, and
   * the count per operation; then the errors of each side that had some.
   */
  printTable(rows: Row<P, R>[]): void;
}

const fixed = (n: number, d: number) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const rate = (n: number) => fixed(n, n < 1 ? 2 : n < 100 ? 1 : 0);
const ms = (n: number) => fixed(n, n < 10 ? 2 : 1);
const ratio = (a: number, b: number) => `${fixed(a / b, 2)}×`;
const perOp = (n: number) => fixed(n, Number.isInteger(n) ? 0 : 2);
const plain = (n: number, d = 1) => n.toFixed(d);

/** The report of a comparison whose sides, loops and count are named so. */
export function comparisonReport<P extends { id: string; label: string }, R extends string>({ reference: name, loops, counted }: Naming<P, R>): ComparisonReport<P, R> {
  return {
    rowOf: (phase, f) => ({ phase, [name]: summarize(f[name]), ours: summarize(f.ours) }) as Row<P, R>,
    printProgress(row) {
      const [r, o] = [row[name], row.ours];
      console.log(`${row.phase.id}: ${name} ${plain(r.rate)}/s p99 ${plain(r.p99, 2)} ms; ours ${plain(o.rate)}/s p99 ${plain(o.p99, 2)} ms; ours/${name} ${plain(o.rate / r.rate, 2)}×`);
    },
    printTable(rows) {
      console.log(`| operation | ${loops.label} | ops/s ${name} | ops/s ours | ours/${name} | p50 ms ${name} / ours | p99 ms ${name} / ours | p99 ours/${name} | CPU µs/op ${name} | CPU µs/op ours (+PG) | CPU ours/${name} | ${counted}/op ${name} / ours |`);
      console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
      for (const row of rows) {
        const [r, o] = [row[name], row.ours];
        console.log(`| ${row.phase.label} | ${loops.of(row.phase)} | ${rate(r.rate)} | ${rate(o.rate)} | ${ratio(o.rate, r.rate)} | ${ms(r.p50)} / ${ms(o.p50)} | ${ms(r.p99)} / ${ms(o.p99)} | ${ratio(o.p99, r.p99)} | ${fixed(r.cpuUs, 0)} | ${fixed(o.cpuUs, 0)} + ${fixed(o.databaseUs, 0)} | ${ratio(o.cpuUs + o.databaseUs, r.cpuUs)} | ${perOp(r.countedPerOp)} / ${perOp(o.countedPerOp)} |`);
      }
      for (const row of rows) {
        for (const [side, s] of [[name, row[name]], ['ours', row.ours]] as const) {
          if (s.errors) console.log(`${row.phase.id}, ${side}: ${s.errors} errors (first: ${s.firstError})`);
        }
      }
    },
  };
}
