/**
 * Our OAuth2/OpenID Connect provider against a bare oidc-provider 9 in the same run, through the same client code
 * (a child process): the authorization code flow with PKCE and the sign-in form, the refresh_token grant (rotating,
 * chained), client_credentials with client_secret_basic, userinfo and discovery, each with 1 and 8 clients in
 * closed loops. The reference is oidc-provider on its own node:http server in this process, with its in-memory
 * adapter, the same client metadata and a minimal interaction handler that checks the password with the platform's
 * verifyPassword (both sides pay the same scrypt hash). Ours is the platform in this process on a fresh PostgreSQL
 * database (dropped at the end), every request through the REST gateway over HTTP. Each phase runs in interleaved
 * rounds after a warm-up; reported are ops/s, p50/p99, CPU per operation and the ratios ours/reference.
 *
 *   node bench/oauth2/compare.ts [--seconds 2] [--rounds 2] [--warmup 1] [--phases code-flow-1,refresh-8,…]
 */
import { parseArgs } from 'node:util';
import { verifyPassword } from '../../services/kernel/secrets.ts';
import { cpuMeter } from '../ldap/proc-stats.ts';
import { quantile } from '../scim-provider/reference-latency.ts';
import { stopChild } from '../scim-source/child-process.ts';
import { trackCleanups } from '../support/cleanups.ts';
import { choosePhases, timingOf } from '../support/run-options.ts';
import { PHASES, runPhase, startClient, type Side } from './measure.ts';
import { startOurs } from './platform-side.ts';
import { startReference } from './reference.ts';
import { printProgress, printTable, rowOf, type Row } from './report.ts';

/** One user per client of the widest phase, so that no two loops share a user's sessions and grants. */
const USERNAMES = Array.from({ length: Math.max(...PHASES.map((p) => p.clients)) }, (_, i) => `bench-${i + 1}`);
const PASSWORD = 'bench-oauth2-password-1';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '2' }, rounds: { type: 'string', default: '2' }, warmup: { type: 'string', default: '1' }, phases: { type: 'string' } },
});
const timing = timingOf(values);
const phases = choosePhases(PHASES, values.phases);
const f = (n: number, digits = 1) => n.toFixed(digits);

const cleanups = trackCleanups();
const runStarted = performance.now();
try {
  let started = performance.now();
  const reference = await startReference(USERNAMES, PASSWORD);
  cleanups.add(() => reference.stop());
  const verifies: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await verifyPassword(PASSWORD, reference.hash);
    verifies.push(performance.now() - t);
  }
  console.log(`reference: oidc-provider ${reference.target.issuer} in ${f((performance.now() - started) / 1000)} s; one verifyPassword (scrypt N=2^15 r=8) ${f(quantile(verifies, 0.5))} ms`);

  started = performance.now();
  const ours = await startOurs(USERNAMES, PASSWORD);
  cleanups.add(() => ours.stop());
  console.log(`ours: platform started, provider and ${USERNAMES.length} users made, issuer served in ${f((performance.now() - started) / 1000)} s, ${ours.target.issuer} (database ${ours.database})`);
  console.log(`${timing.rounds} interleaved rounds of ${timing.seconds} s per side and phase after ${timing.warmup} s of warm-up`);

  const client = startClient();
  cleanups.add(() => stopChild(client.child));
  const sides: Side[] = [
    { name: 'reference', target: reference.target, cpu: () => cpuMeter(null) },
    { name: 'ours', target: ours.target, cpu: () => cpuMeter(null, ours.database) },
  ];
  const rows: Row[] = [];
  for (const phase of phases) {
    const row = rowOf(phase, await runPhase(client, phase, sides, timing));
    printProgress(row);
    rows.push(row);
  }
  console.log();
  printTable(rows);
} finally {
  await cleanups.run();
  console.log(`\nrun took ${f((performance.now() - runStarted) / 1000, 0)} s`);
}
