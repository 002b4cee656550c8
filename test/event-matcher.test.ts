import { describe, expect, it } from 'vitest';
import { matchNaively, RuleIndex } from '../services/events/rule-index.ts';
import { compileMatcher, evaluateMatcher, factsOf, matcherPasses, validateMatcher } from '../services/policies/event-matcher.ts';
import { compilePolicy, registerPolicyType, type CompiledPolicy } from '../services/policies/policy-types.ts';
import { prng, syntheticFacts, syntheticRules } from './support/synthetic-events.ts';

const event = { action: 'model_deleted', app: 'core', client_ip: '192.0.2.10', context: { model: { app: 'core', model_name: 'user', pk: '7', name: 'bob' } } };
const facts = factsOf(event);
const known = { apps: new Set(['core', 'events']), models: new Set(['core.user', 'core.group']) };

describe('event matcher policy', () => {
  // Every combination of the four criteria, each unset, matching or not matching: 3^4 cases.
  const values = {
    action: [null, 'model_deleted', 'login'],
    client_ip: [null, '192.0.2.0/24', '2001:db8::/32'],
    app: [null, 'core', 'events'],
    model: [null, 'core.user', 'core.group'],
  } as const;
  const cases = values.action.flatMap((action) => values.client_ip.flatMap((client_ip) => values.app.flatMap((app) => values.model.map((model) => ({ action, client_ip, app, model })))));

  it.each(cases)('passes only when every set criterion matches: %o', (config) => {
    const result = evaluateMatcher(compileMatcher(config), facts);
    expect(matcherPasses(compileMatcher(config), facts)).toBe(result.passing);
    const set = Object.entries(config).filter(([, v]) => v !== null);
    const matches = set.filter(([, v]) => v === 'model_deleted' || v === '192.0.2.0/24' || v === 'core' || v === 'core.user');
    expect(result.passing).toBe(set.length > 0 && matches.length === set.length);
    expect(result.matched.length + result.unmatched.length).toBe(set.length);
    expect(result.messages).toHaveLength(set.length);
  });

  it('says which criteria matched and which did not', () => {
    const result = evaluateMatcher(compileMatcher({ action: 'model_deleted', client_ip: '10.0.0.0/8', model: 'core.user' }), facts);
    expect(result).toEqual({ passing: false, matched: ['action', 'model'], unmatched: ['client_ip'], messages: ['Action matched.', 'Client IP did not match.', 'Model matched.'] });
  });

  it('matches all models of an app when the app is set', () => {
    const m = compileMatcher({ app: 'core' });
    expect(evaluateMatcher(m, factsOf({ ...event, app: 'scim' })).passing).toBe(true);
    expect(evaluateMatcher(m, factsOf({ action: 'login', app: 'events', context: {} })).passing).toBe(false);
  });

  it('matches IPv4, IPv6, CIDR ranges and IPv4-mapped IPv6 addresses', () => {
    const at = (ip: string | null) => factsOf({ ...event, client_ip: ip });
    expect(evaluateMatcher(compileMatcher({ client_ip: '192.0.2.10' }), at('::ffff:192.0.2.10')).passing).toBe(true);
    expect(evaluateMatcher(compileMatcher({ client_ip: '2001:db8::/32' }), at('2001:db8:5::1')).passing).toBe(true);
    expect(evaluateMatcher(compileMatcher({ client_ip: '2001:db8::/32' }), at('192.0.2.10')).passing).toBe(false);
    expect(evaluateMatcher(compileMatcher({ client_ip: '192.0.2.0/24' }), at(null)).passing).toBe(false);
  });

  it('refuses a policy with nothing set, a bad address, or an unknown app or model', () => {
    expect(validateMatcher({}, known)).toEqual([{ pointer: '/', message: 'at least one of action, client_ip, app or model must be set' }]);
    expect(validateMatcher({ action: '', app: null }, known)).toHaveLength(1);
    expect(validateMatcher({ client_ip: '300.1.1.1', app: 'nope', model: 'core.nothing' }, known).map((p) => p.pointer)).toEqual(['/client_ip', '/app', '/model']);
    expect(validateMatcher({ client_ip: 'fd00::/8' }, known)).toEqual([]);
  });
});

describe('rule index', () => {
  it.each([10, 100, 1000])('fires exactly the rules the naive evaluator fires, with %i rules', (n) => {
    const r = prng(n);
    const { rules, policies } = syntheticRules(r, n, { negated: 0.1 });
    const index = new RuleIndex(rules, policies);
    for (const f of syntheticFacts(r, 3000)) expect(index.match(f)).toEqual(matchNaively(rules, policies, f));
    const wide = syntheticRules(r, n, { negated: 0.01, vocabulary: 'wide' });
    const wideIndex = new RuleIndex(wide.rules, wide.policies);
    for (const f of syntheticFacts(r, 3000, 'wide')) expect(wideIndex.match(f)).toEqual(matchNaively(wide.rules, wide.policies, f));
  });

  it('never fires a rule with no enabled bindings, and skips the rule named by the loop guard', () => {
    const policies = new Map<string, CompiledPolicy>([['p', { kind: 'matcher', matcher: compileMatcher({ action: 'model_deleted' }) }]]);
    const rules = [
      { pk: 'none', mode: 'any' as const, bindings: [] },
      { pk: 'disabled', mode: 'any' as const, bindings: [{ policy: 'p', negate: false, enabled: false }] },
      { pk: 'self', mode: 'any' as const, bindings: [{ policy: 'p', negate: false, enabled: true }] },
      { pk: 'other', mode: 'all' as const, bindings: [{ policy: 'p', negate: false, enabled: true }] },
    ];
    const index = new RuleIndex(rules, policies);
    expect(index.match(facts)).toEqual(['self', 'other']);
    expect(index.match(facts, 'self')).toEqual(['other']);
  });
});

describe('policy types', () => {
  registerPolicyType({ type: 'test_action_prefix', compile: (config) => ({ kind: 'predicate', passes: (f) => f.action.startsWith(String(config.prefix)) }) });

  it('compiles registered types and refuses a second registration of a name', () => {
    expect(compilePolicy('event_matcher', { action: 'login' })?.kind).toBe('matcher');
    expect(compilePolicy('test_action_prefix', { prefix: 'model_' })?.kind).toBe('predicate');
    expect(compilePolicy('not_registered', {})).toBeNull();
    expect(() => registerPolicyType({ type: 'event_matcher', compile: () => ({ kind: 'predicate', passes: () => true }) })).toThrow('registered already');
  });

  it('evaluates rules bound to other policy types in full, alongside indexed ones, with the same results as the naive evaluator', () => {
    const r = prng(7);
    const { rules, policies } = syntheticRules(r, 200, { negated: 0.05 });
    policies.set('prefix', compilePolicy('test_action_prefix', { prefix: 'model_' })!);
    policies.set('broken', { kind: 'predicate', passes: () => { throw new Error('policy bug'); } });
    rules.push({ pk: 'by-prefix', mode: 'all', bindings: [{ policy: 'prefix', negate: false, enabled: true }, { policy: rules[0].bindings[0].policy, negate: false, enabled: true }] });
    rules.push({ pk: 'by-broken', mode: 'any', bindings: [{ policy: 'broken', negate: false, enabled: true }] });
    const index = new RuleIndex(rules, policies);
    let prefixFired = 0;
    for (const f of syntheticFacts(r, 3000)) {
      const fired = index.match(f);
      expect(fired).toEqual(matchNaively(rules, policies, f));
      expect(fired).not.toContain('by-broken');
      if (fired.includes('by-prefix')) prefixFired++;
    }
    expect(prefixFired).toBeGreaterThan(0);
  });
});
