import { quantile } from '../scim-provider/reference-latency.ts';
import type { Phase, PhaseFigures, SideFigures } from './measure.ts';

/** One side's figures for a phase, reduced: operations a second, latency quantiles in ms, CPU per operation in µs. */
export interface Summary {
  ops: number;
  rate: number;
  p50: number;
  p99: number;
  cpuUs: number;
  databaseUs: number;
  requestsPerOp: number;
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
    requestsPerOp: s.requests / ops,
    errors: s.errors,
    ...(s.firstError ? { firstError: s.firstError } : {}),
  };
}

/** A phase with both sides summarized. */
export interface Row {
  phase: Phase;
  reference: Summary;
  ours: Summary;
}

export const rowOf = (phase: Phase, f: PhaseFigures): Row => ({ phase, reference: summarize(f.reference), ours: summarize(f.ours) });

const fixed = (n: number, d: number) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const rate = (n: number) => fixed(n, n < 1 ? 2 : n < 100 ? 1 : 0);
const ms = (n: number) => fixed(n, n < 10 ? 2 : 1);
const ratio = (a: number, b: number) => `${fixed(a / b, 2)}×`;
const requests = (n: number) => fixed(n, Number.isInteger(n) ? 0 : 2);

/**
 * The comparison as a Markdown table: operations a second (an operation is one request, or for the code flow the
 * whole sign-in), p50 and p99 latency (ms, as the client saw them), CPU per operation (µs; this process during the
 * side's rounds, plus for ours, after the +, the database's PostgreSQL backends), each with ours / reference.
 */
export function printTable(rows: Row[]): void {
  console.log('| operation | clients | ops/s reference | ops/s ours | ours/reference | p50 ms reference / ours | p99 ms reference / ours | p99 ours/reference | CPU µs/op reference | CPU µs/op ours (+PG) | CPU ours/reference | HTTP requests/op reference / ours |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const { phase, reference: r, ours: o } of rows) {
    console.log(`| ${phase.label} | ${phase.clients} | ${rate(r.rate)} | ${rate(o.rate)} | ${ratio(o.rate, r.rate)} | ${ms(r.p50)} / ${ms(o.p50)} | ${ms(r.p99)} / ${ms(o.p99)} | ${ratio(o.p99, r.p99)} | ${fixed(r.cpuUs, 0)} | ${fixed(o.cpuUs, 0)} + ${fixed(o.databaseUs, 0)} | ${ratio(o.cpuUs + o.databaseUs, r.cpuUs)} | ${requests(r.requestsPerOp)} / ${requests(o.requestsPerOp)} |`);
  }
  for (const { phase, reference, ours } of rows) {
    for (const [name, s] of [['reference', reference], ['ours', ours]] as const) {
      if (s.errors) console.log(`${phase.id}, ${name}: ${s.errors} errors (first: ${s.firstError})`);
    }
  }
}
