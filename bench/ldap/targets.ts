import type { Row } from './report.ts';

const SEARCH_KINDS = new Set(['user-search', 'user-groups', 'group-members', 'paged-dump']);
const MiB = 1024 * 1024;
const fixed = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const verdict = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? '**met**' : '**not met**');

/** What the targets are judged on besides the table: each side's hash cost and resident memory. */
export interface Extras {
  users: number;
  hash: { oursVerifyMs: number; slapdVerifyMs: number; slapdParams: string };
  /** slapd's VmRSS after the run; ours: RSS and heap in use without the ldap service, with the provider served, after the run. */
  memory: { slapd: number; ours: Record<'baseline' | 'loaded' | 'after', { rss: number; heap: number }>; loadSeconds: number };
}

/** Hash costs and resident memory as measured. */
export function printExtras(rows: Row[], x: Extras): void {
  const find = (id: string) => rows.find((r) => r.phase.id === id);
  const [bind, cheap] = [find('bind'), find('bind-cheap')];
  const inBinds = bind && cheap ? `; inside the binds (p50 with the hash − p50 with the cheap hash): ours ${fixed(bind.ours.p50 - cheap.ours.p50)} ms, slapd ${fixed(bind.slapd.p50 - cheap.slapd.p50)} ms` : '';
  console.log(`hash cost of one verify: ours scrypt N=2^15 r=8 p=1 ${fixed(x.hash.oursVerifyMs)} ms (verifyPassword alone), slapd {ARGON2} ${x.hash.slapdParams} ${fixed(x.hash.slapdVerifyMs)} ms (bind less an {SSHA} bind), measured in turn${inBinds}`);
  const { baseline, loaded, after } = x.memory.ours;
  const mib = (n: number) => `${fixed(n / MiB, 0)} MiB`;
  console.log(`memory: slapd VmRSS ${mib(x.memory.slapd)} after the run (mdb's mapped pages included); ours RSS ${mib(baseline.rss)} without the ldap service, ${mib(loaded.rss)} with the provider served (+${mib(loaded.rss - baseline.rss)}, heap +${mib(loaded.heap - baseline.heap)}), ${mib(after.rss)} after the run (+${mib(after.rss - baseline.rss)}, heap +${mib(after.heap - baseline.heap)}); directory part ours/slapd ${fixed((loaded.rss - baseline.rss) / x.memory.slapd, 2)}×; our ldap service loaded the directory in ${fixed(x.memory.loadSeconds, 1)} s`);
}

/** The issue's targets, each met or not met. */
export function printTargets(rows: Row[], x: Extras): void {
  const searches = rows.filter((r) => SEARCH_KINDS.has(r.phase.kind));
  const ratios = searches.map((r) => `${r.phase.label} ${fixed(r.ours.rate / r.slapd.rate, 2)}×`);
  const searchesOk = searches.length ? searches.every((r) => r.ours.rate >= 0.5 * r.slapd.rate) : null;
  console.log(`- searches ≥ 50 % of slapd's rate: ${verdict(searchesOk)}${ratios.length ? ` (${ratios.join('; ')})` : ''}`);

  const cheap = rows.find((r) => r.phase.id === 'bind-cheap');
  const bind = rows.find((r) => r.phase.id === 'bind');
  const apart = bind && cheap ? `; with the matched hash, p99 ${fixed(bind.ours.p99)} ms less the hash's cost in the binds (${fixed(bind.ours.p50 - cheap.ours.p50)} ms) = ${fixed(bind.ours.p99 - (bind.ours.p50 - cheap.ours.p50))} ms (slapd ${fixed(bind.slapd.p99 - (bind.slapd.p50 - cheap.slapd.p50))} ms)` : '';
  const bindOk = cheap ? cheap.ours.p99 < 5 : null;
  console.log(`- bind p99 < 5 ms apart from the hash: ${verdict(bindOk)} (ours with a cheap hash: p99 ${fixed(cheap?.ours.p99 ?? Number.NaN, 2)} ms, slapd ${fixed(cheap?.slapd.p99 ?? Number.NaN, 2)} ms${apart})`);

  const { baseline, loaded, after } = x.memory.ours;
  const rssOk = x.users >= 100_000 ? loaded.rss - baseline.rss <= 500 * 1e6 : null;
  const rssNote = x.users >= 100_000
    ? `the ldap service with the provider served: +${fixed((loaded.rss - baseline.rss) / 1e6, 0)} MB RSS over the rest of the platform, +${fixed((after.rss - baseline.rss) / 1e6, 0)} MB after the run; the whole process ${fixed(loaded.rss / 1e6, 0)} MB, ${fixed(after.rss / 1e6, 0)} MB after the run`
    : 'run with --users 100000';
  console.log(`- RSS for 100k users ≤ 500 MB: ${verdict(rssOk)} (${rssNote})`);
}
