/**
 * Our LDAP provider against OpenLDAP slapd 2.5 (back_mdb) in the same run, over the same directory (users with the
 * same attribute values, groups with member, memberUid and the users' memberOf), through the same client (ldapts, in
 * a child process). Password hashes cost the same on both sides: slapd's {ARGON2} pass count is calibrated against
 * our scrypt; `fast-*` users have a cheap hash on both sides (binds apart from the hash). Each phase runs in
 * interleaved rounds; reported are ops/s, p50/p99, server CPU per operation, RSS, the ratios ours/slapd and the
 * issue's targets. Our platform runs in this process on a fresh PostgreSQL database (dropped at the end); slapd on a
 * free loopback port over a temporary directory (removed at the end).
 *
 *   node bench/ldap/compare.ts [--users 10000] [--fast-users 100] [--groups 100] [--members 200] [--seconds 5]
 *     [--rounds 2] [--warmup 1] [--phases bind,user-search,…]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stopChild } from '../scim-source/child-process.ts';
import { trackCleanups } from '../support/cleanups.ts';
import { choosePhases, timingOf } from '../support/run-options.ts';
import { PASSWORD, type Dataset } from './dataset.ts';
import { calibrateArgon2, cheapScryptHash, ourHash } from './hash-cost.ts';
import { writeLdif } from './ldif.ts';
import { PHASES, runPhase, startClient, type Side } from './measure.ts';
import { startOurs } from './platform-side.ts';
import { cpuMeter, memory, rssBytes } from './proc-stats.ts';
import { printProgress, printTable, rowOf, type Row } from './report.ts';
import { loadSlapd, slapdMissing, slappasswd, startSlapd } from './slapd.ts';
import { printExtras, printTargets } from './targets.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '10000' }, 'fast-users': { type: 'string', default: '100' }, groups: { type: 'string', default: '100' },
    members: { type: 'string', default: '200' }, seconds: { type: 'string', default: '5' }, rounds: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '1' }, phases: { type: 'string' },
  },
});
const missing = slapdMissing();
if (missing) {
  console.error(missing);
  process.exit(1);
}
const d: Dataset = { users: Number(values.users), fastUsers: Number(values['fast-users']), groups: Number(values.groups), members: Number(values.members) };
const timing = timingOf(values);
const phases = choosePhases(PHASES, values.phases);
const f = (n: number, digits = 1) => n.toFixed(digits);

const dir = mkdtempSync(join(tmpdir(), 'bench-ldap-'));
const cleanups = trackCleanups();
cleanups.add(async () => rmSync(dir, { recursive: true, force: true }));
try {
  const ours = await ourHash();
  const argon2 = await calibrateArgon2(join(dir, 'calibration'), ours.verifyMs);
  console.log(`hash calibration, slapd {ARGON2} m=32768 p=1 against our scrypt verify: ${argon2.measured.map((m) => `t=${m.passes} ${f(m.costMs)} ms`).join(', ')}; ours ${f(argon2.oursMs)} ms; chosen ${argon2.params}`);

  let started = performance.now();
  const ldif = join(dir, 'directory.ldif');
  await writeLdif(ldif, d, { matched: argon2.hash, cheap: await slappasswd('{SSHA}', PASSWORD) });
  const slapadd = await loadSlapd(join(dir, 'slapd'), ldif);
  const slapd = await startSlapd(join(dir, 'slapd'));
  cleanups.add(() => slapd.stop());
  console.log(`slapd: LDIF written and loaded by slapadd in ${f((performance.now() - started) / 1000)} s (slapadd ${f(slapadd)} s), pid ${slapd.pid}, ${slapd.url}`);

  started = performance.now();
  const platform = await startOurs(d, { matched: ours.hash, cheap: cheapScryptHash(PASSWORD) });
  cleanups.add(() => platform.stop());
  console.log(`ours: database seeded, platform started and provider served in ${f((performance.now() - started) / 1000)} s (ldap service start ${f(platform.loadSeconds.started)} s, provider served ${f(platform.loadSeconds.served)} s after it), ${platform.url}`);
  console.log(`directory: ${d.users} users (matched hash), ${d.fastUsers} fast users (cheap hash), 1 reader, ${d.groups} groups × ${d.members} members; ${timing.rounds} interleaved rounds of ${timing.seconds} s per side and phase after ${timing.warmup} s of warm-up`);

  const client = startClient();
  cleanups.add(() => stopChild(client.child));
  const sides: Side[] = [
    { name: 'slapd', url: slapd.url, cpu: () => cpuMeter(slapd.pid) },
    { name: 'ours', url: platform.url, cpu: () => cpuMeter(null, platform.database) },
  ];
  const rows: Row[] = [];
  for (const phase of phases) {
    const row = rowOf(phase, await runPhase(client, phase, sides, d, timing));
    printProgress(row);
    rows.push(row);
  }

  const memoryUse = { slapd: rssBytes(slapd.pid), ours: { ...platform.memory, after: memory() }, loadSeconds: platform.loadSeconds.started };
  console.log();
  printTable(rows);
  console.log();
  const extras = { users: d.users, hash: { oursVerifyMs: argon2.oursMs, slapdVerifyMs: argon2.chosen.costMs, slapdParams: argon2.params }, memory: memoryUse };
  printExtras(rows, extras);
  console.log("Against the issue's targets:");
  printTargets(rows, extras);
} finally {
  await cleanups.run();
}
