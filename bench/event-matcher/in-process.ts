/**
 * In-process rule evaluation: 1M synthetic events (v4/v6 addresses, apps, models, actions) against 10, 100 and 1000
 * event-matcher rules, the rule index beside the naive evaluator (every rule, every binding) in the same run.
 * Both must fire exactly the same rules for every event; the run fails if they do not.
 *
 *   node bench/event-matcher/in-process.ts [--events 1000000]
 */
import { parseArgs } from 'node:util';
import { matchNaively, RuleIndex } from '../../services/events/rule-index.ts';
import { prng, syntheticFacts, syntheticRules } from '../../test/support/synthetic-events.ts';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' } } });
const N = Number(values.events);
const facts = syntheticFacts(prng(42), N, 'wide');

/** FNV-1a over (event, rule) pairs: equal checksums and totals mean the same rules fired for the same events. */
function run(match: (i: number) => string[]): { seconds: number; fired: number; checksum: number } {
  let fired = 0;
  let h = 0x811c9dc5;
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const rules = match(i);
    fired += rules.length;
    for (const r of rules) {
      for (let k = 0; k < r.length; k++) h = Math.imul(h ^ r.charCodeAt(k), 0x01000193);
      h = Math.imul(h ^ i, 0x01000193);
    }
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, fired, checksum: h >>> 0 };
}

const rows: string[] = [];
const rates: Record<number, number> = {};
const NEGATED = [0, 0, 0, 0.01];
for (const [k, n] of [10, 100, 1000, 1000].entries()) {
  const { rules, policies } = syntheticRules(prng(n), n, { negated: NEGATED[k], vocabulary: 'wide' });
  const index = new RuleIndex(rules, policies);
  for (let w = 0; w < 3; w++) run((i) => index.match(facts[i]));
  const fast = run((i) => index.match(facts[i]));
  const naive = run((i) => matchNaively(rules, policies, facts[i]));
  if (fast.fired !== naive.fired || fast.checksum !== naive.checksum) {
    console.error(`MISMATCH at ${n} rules: index fired ${fast.fired} (checksum ${fast.checksum}), naive ${naive.fired} (checksum ${naive.checksum})`);
    process.exit(1);
  }
  const fastRate = N / fast.seconds;
  if (NEGATED[k] === 0) rates[n] = fastRate;
  rows.push(`| ${n} | ${NEGATED[k] * 100} % | ${fmt(fastRate)} | ${fmt(N / naive.seconds)} | ${(fastRate / (N / naive.seconds)).toFixed(1)}× | ${(fast.fired / N).toFixed(3)} | identical |`);
}

function fmt(rate: number): string {
  return `${(rate / 1e6).toFixed(2)} M/s`;
}

console.log(`events: ${N.toLocaleString('en')}; 2026 actions, 8 models, v4/v6 addresses (facts precomputed; both evaluators get the same ones)`);
console.log('| rules | negated bindings | index | naive | ratio | rules fired per event | results |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
console.log(`10 → 1000 rules (no negation) costs ${(rates[10] / rates[1000]).toFixed(2)}× throughput (index)`);
