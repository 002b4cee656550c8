import { contains } from '../kernel/ip.ts';
import type { CompiledMatcher, EventFacts } from '../policies/event-matcher.ts';
import { policyPasses, type CompiledPolicy } from '../policies/policy-types.ts';

export interface RuleBinding {
  policy: string;
  negate: boolean;
  enabled: boolean;
}

export interface IndexedRule {
  pk: string;
  mode: 'any' | 'all';
  bindings: RuleBinding[];
}

const WILD = '*';
type Level3 = Map<string, number[]>;
type Level2 = Map<string, Level3>;

/** Whether one rule fires for an event, evaluating every binding: the reference the index must agree with. */
export function ruleFires(rule: IndexedRule, policies: Map<string, CompiledPolicy>, facts: EventFacts): boolean {
  let enabled = 0;
  let passed = 0;
  for (const b of rule.bindings) {
    if (!b.enabled) continue;
    enabled++;
    const policy = policies.get(b.policy);
    if ((policy !== undefined && policyPasses(policy, facts)) !== b.negate) passed++;
  }
  if (enabled === 0) return false;
  return rule.mode === 'all' ? passed === enabled : passed > 0;
}

/** The naive evaluator: every rule, every binding, every event. Used by tests and the benchmark as the reference. */
export function matchNaively(rules: IndexedRule[], policies: Map<string, CompiledPolicy>, facts: EventFacts, skipRule?: string | null): string[] {
  return rules.filter((r) => r.pk !== skipRule && ruleFires(r, policies, facts)).map((r) => r.pk);
}

/**
 * Finds the rules an event fires without looking at every rule: event-matcher policies are indexed by
 * (action, app, model) with `*` for unset fields, so an event looks up at most eight buckets; each policy that
 * matches credits the rules bound to it, and a rule fires when its count reaches what its engine mode needs
 * (one for `any`, all its bindings for `all`). Rules with negated bindings, or bound to a policy of another type
 * (a predicate the index cannot look into), are evaluated in full. Results are in rule order, as `matchNaively` returns them.
 */
export class RuleIndex {
  readonly #rules: IndexedRule[];
  readonly #matchers: CompiledMatcher[] = [];
  readonly #byAction = new Map<string, Level2>();
  readonly #rulesOfPolicy: number[][] = [];
  readonly #need: Int32Array;
  readonly #count: Int32Array;
  readonly #stamp: Uint32Array;
  readonly #policyStamp: Uint32Array;
  readonly #slow: number[] = [];
  readonly #policies: Map<string, CompiledPolicy>;
  #epoch = 0;

  constructor(rules: IndexedRule[], policies: Map<string, CompiledPolicy>) {
    this.#rules = rules;
    this.#policies = policies;
    const policyId = new Map<string, number>();
    for (const [pk, policy] of policies) {
      if (policy.kind !== 'matcher') continue;
      policyId.set(pk, this.#matchers.length);
      this.#matchers.push(policy.matcher);
      this.#rulesOfPolicy.push([]);
      this.#bucket(policy.matcher).push(this.#matchers.length - 1);
    }
    this.#need = new Int32Array(rules.length);
    this.#count = new Int32Array(rules.length);
    this.#stamp = new Uint32Array(rules.length);
    this.#policyStamp = new Uint32Array(this.#matchers.length);
    rules.forEach((rule, i) => {
      const enabled = rule.bindings.filter((b) => b.enabled);
      if (enabled.length === 0) return;
      if (enabled.some((b) => b.negate || (policies.get(b.policy) !== undefined && !policyId.has(b.policy)))) {
        this.#slow.push(i);
        return;
      }
      this.#need[i] = rule.mode === 'all' ? enabled.length : 1;
      for (const b of enabled) {
        const id = policyId.get(b.policy);
        if (id === undefined) {
          if (rule.mode === 'all') this.#need[i] = -1;
          continue;
        }
        this.#rulesOfPolicy[id].push(i);
      }
    });
  }

  #bucket(m: CompiledMatcher): number[] {
    const action = m.action ?? WILD;
    const app = m.app ?? WILD;
    const model = m.model ?? WILD;
    let l2 = this.#byAction.get(action);
    if (!l2) this.#byAction.set(action, (l2 = new Map()));
    let l3 = l2.get(app);
    if (!l3) l2.set(app, (l3 = new Map()));
    let ids = l3.get(model);
    if (!ids) l3.set(model, (ids = []));
    return ids;
  }

  /** Pks of the rules that fire for the event, except `skipRule` (the loop guard). */
  match(facts: EventFacts, skipRule?: string | null): string[] {
    const epoch = ++this.#epoch;
    const fired: number[] = [];
    this.#scan(this.#byAction.get(facts.action), facts, facts.modelApp, epoch, fired);
    this.#scan(this.#byAction.get(WILD), facts, facts.modelApp, epoch, fired);
    for (const i of this.#slow) if (ruleFires(this.#rules[i], this.#policies, facts)) fired.push(i);
    if (fired.length === 0) return [];
    if (fired.length > 1) fired.sort((a, b) => a - b);
    const out: string[] = [];
    for (const i of fired) if (this.#rules[i].pk !== skipRule) out.push(this.#rules[i].pk);
    return out;
  }

  #scan(l2: Level2 | undefined, facts: EventFacts, modelApp: string | null, epoch: number, fired: number[]): void {
    if (!l2) return;
    this.#scanApp(l2.get(facts.app), facts, epoch, fired);
    if (modelApp !== null && modelApp !== facts.app) this.#scanApp(l2.get(modelApp), facts, epoch, fired);
    this.#scanApp(l2.get(WILD), facts, epoch, fired);
  }

  #scanApp(l3: Level3 | undefined, facts: EventFacts, epoch: number, fired: number[]): void {
    if (!l3) return;
    if (facts.model !== null) this.#credit(l3.get(facts.model), facts, epoch, fired);
    this.#credit(l3.get(WILD), facts, epoch, fired);
  }

  #credit(ids: number[] | undefined, facts: EventFacts, epoch: number, fired: number[]): void {
    if (!ids) return;
    for (const id of ids) {
      if (this.#policyStamp[id] === epoch) continue;
      this.#policyStamp[id] = epoch;
      const network = this.#matchers[id].network;
      if (network !== null && !contains(network, facts.clientIp)) continue;
      for (const r of this.#rulesOfPolicy[id]) {
        if (this.#stamp[r] !== epoch) {
          this.#stamp[r] = epoch;
          this.#count[r] = 0;
        }
        if (++this.#count[r] === this.#need[r]) fired.push(r);
      }
    }
  }
}
