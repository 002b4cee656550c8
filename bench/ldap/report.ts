import { quantile } from '../scim-provider/reference-latency.ts';
import type { Phase, PhaseFigures, SideFigures } from './measure.ts';

/** One side's figures for a phase, reduced: operations a second, latency quantiles in ms, server CPU per operation in µs. */
export interface Summary {
  ops: number;
  rate: number;
  p50: number;
  p99: number;
  cpuUs: number;
  databaseUs: number;
  entriesPerOp: number;
  errors: number;
  firstError?: string;
}

export function summarize(s: SideFigures): Summary {
  const ops = s.latencies.length;
  return {
    ops,
    rate: ops / s.seconds,
    p50: quantile(s.latencies, 0.5),
    p99: quantile(s.latencies, 0.99),
    cpuUs: (1e6 * s.cpu.server) / ops,
    databaseUs: (1e6 * s.cpu.database) / ops,
    entriesPerOp: s.entries / ops,
    errors: s.errors,
    ...(s.firstError ? { firstError: s.firstError } : {}),
  };
}

/** A phase with both sides summarized. */
export interface Row {
  phase: Phase;
  slapd: Summary;
  ours: Summary;
}

export const rowOf = (phase: Phase, f: PhaseFigures): Row => ({ phase, slapd: summarize(f.slapd), ours: summarize(f.ours) });

const fixed = (n: number, d: number) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const rate = (n: number) => fixed(n, n < 1 ? 2 : n < 100 ? 1 : 0);
const ms = (n: number) => fixed(n, n < 10 ? 2 : 1);
const ratio = (a: number, b: number) => `${fixed(a / b, 2)}×`;
const entries = (n: number) => fixed(n, Number.isInteger(n) ? 0 : 2);

/**
 * The comparison as a Markdown table: operations a second, p50 and p99 latency (ms, as the client saw them), server
 * CPU per operation (µs; ours is this process plus, after the +, PostgreSQL's backends), each with ours / slapd.
 */
export function printTable(rows: Row[]): void {
  console.log('| operation | conn. | ops/s slapd | ops/s ours | ours/slapd | p50 ms slapd / ours | p99 ms slapd / ours | p99 ours/slapd | CPU µs/op slapd | CPU µs/op ours (+PG) | CPU ours/slapd | entries/op slapd / ours |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const { phase, slapd, ours } of rows) {
    console.log(`| ${phase.label} | ${phase.connections} | ${rate(slapd.rate)} | ${rate(ours.rate)} | ${ratio(ours.rate, slapd.rate)} | ${ms(slapd.p50)} / ${ms(ours.p50)} | ${ms(slapd.p99)} / ${ms(ours.p99)} | ${ratio(ours.p99, slapd.p99)} | ${fixed(slapd.cpuUs, 0)} | ${fixed(ours.cpuUs, 0)} + ${fixed(ours.databaseUs, 0)} | ${ratio(ours.cpuUs + ours.databaseUs, slapd.cpuUs)} | ${entries(slapd.entriesPerOp)} / ${entries(ours.entriesPerOp)} |`);
  }
  for (const { phase, slapd, ours } of rows) {
    for (const [name, s] of [['slapd', slapd], ['ours', ours]] as const) {
      if (s.errors) console.log(`${phase.id}, ${name}: ${s.errors} errors (first: ${s.firstError})`);
    }
  }
}
