import { compileMatcher, factsOf, type EventFacts } from '../../services/policies/event-matcher.ts';
import type { CompiledPolicy } from '../../services/policies/policy-types.ts';
import type { IndexedRule } from '../../services/events/rule-index.ts';

/** A small deterministic PRNG (mulberry32) so generated workloads are the same in every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ACTIONS = ['model_created', 'model_updated', 'model_deleted', 'login', 'login_failed', 'password_set', 'configuration_error', 'custom_audit'];
export const APPS = ['core', 'events', 'policies', 'scim'];
export const MODELS_BY_APP: Record<string, string[]> = { core: ['core.user', 'core.group', 'core.token', 'core.application'], events: ['events.notificationrule'], policies: ['policies.policy'], scim: ['scim.provider'] };
const IPV4 = ['10.0.0.0/8', '192.168.1.0/24', '203.0.113.7', '172.16.0.0/12'];
const IPV6 = ['2001:db8::/32', 'fd00::/8', '2001:db8:1::5'];

const pick = <T>(r: () => number, xs: T[]) => xs[Math.floor(r() * xs.length)];

export function randomIp(r: () => number): string {
  if (r() < 0.5) return `${pick(r, [10, 192, 203, 172, 8])}.${Math.floor(r() * 256)}.${Math.floor(r() * 4)}.${Math.floor(r() * 256)}`;
  return `${pick(r, ['2001:db8', 'fd00', '2001:db8:1', '2a00:1450'])}::${Math.floor(r() * 65536).toString(16)}`;
}

/**
 * The values events and policies draw from. `narrow` (8 actions) makes many rules fire per event, which tests
 * want; `wide` adds 2000 custom actions and gives every policy an action, closer to a real rule set where each rule
 * watches something specific.
 */
export type Vocabulary = 'narrow' | 'wide';
const actionsOf = (v: Vocabulary) => (v === 'narrow' ? ACTIONS : [...ACTIONS, ...Array.from({ length: 2000 }, (_, i) => `custom_action_${i}`)]);

/** Event facts as the consumer computes them: v4/v6 addresses, apps, models, actions. */
export function syntheticFacts(r: () => number, n: number, vocabulary: Vocabulary = 'narrow'): EventFacts[] {
  const actions = actionsOf(vocabulary);
  return Array.from({ length: n }, () => {
    const app = pick(r, APPS);
    const model = r() < 0.8 ? pick(r, MODELS_BY_APP[pick(r, APPS)]) : null;
    const event = { action: pick(r, actions), app, client_ip: r() < 0.9 ? randomIp(r) : null, context: model ? { model: { app: model.split('.')[0], model_name: model.split('.')[1] } } : {} };
    return factsOf(event);
  });
}

/** Policies with one to four criteria set, and rules binding one to three of them; a share `negated` of bindings negated, 5 % disabled. */
export function syntheticRules(r: () => number, nRules: number, opts: { negated?: number; vocabulary?: Vocabulary } = {}): { rules: IndexedRule[]; policies: Map<string, CompiledPolicy> } {
  const actions = actionsOf(opts.vocabulary ?? 'narrow');
  const policies = new Map<string, CompiledPolicy>();
  const nPolicies = Math.max(4, Math.floor(nRules * 1.5));
  for (let i = 0; i < nPolicies; i++) {
    const config: Record<string, string | null> = {};
    do {
      if (opts.vocabulary === 'wide' || r() < 0.7) config.action = pick(r, actions);
      if (r() < 0.3) config.app = pick(r, APPS);
      if (r() < 0.4) config.model = pick(r, MODELS_BY_APP[pick(r, APPS)]);
      if (r() < 0.25) config.client_ip = pick(r, r() < 0.5 ? IPV4 : IPV6);
    } while (Object.keys(config).length === 0);
    policies.set(`p${i}`, { kind: 'matcher', matcher: compileMatcher(config) });
  }
  const keys = [...policies.keys()];
  const rules: IndexedRule[] = Array.from({ length: nRules }, (_, i) => ({
    pk: `r${i}`,
    mode: r() < 0.5 ? 'any' : 'all',
    bindings: [...new Set(Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, keys)))].map((policy) => ({
      policy, negate: r() < (opts.negated ?? 0), enabled: r() < 0.95,
    })),
  }));
  return { rules, policies };
}
