import { compileMatcher, matcherPasses, type CompiledMatcher, type EventFacts, type EventMatcherConfig } from './event-matcher.ts';

/**
 * A policy as rule evaluation sees it: an event matcher, which the rule index can look up by its fields, or any
 * other predicate over an event, which makes the rules bound to it evaluated in full for every event.
 */
export type CompiledPolicy = { kind: 'matcher'; matcher: CompiledMatcher } | { kind: 'predicate'; passes(facts: EventFacts): boolean };

/** A policy type: how a stored configuration (`policies_policy.config`) becomes something rules can evaluate. */
export interface PolicyType {
  type: string;
  compile(config: Record<string, unknown>): CompiledPolicy;
}

const TYPES = new Map<string, PolicyType>();

/**
 * Adds a policy type (the plugin host calls this for plugins' policy types); a type name is taken once. Registering
 * the very same type again (a second platform in one process) changes nothing.
 */
export function registerPolicyType(policyType: PolicyType): void {
  const existing = TYPES.get(policyType.type);
  if (existing?.compile === policyType.compile) return;
  if (existing) throw new Error(`policy type ${policyType.type} is registered already`);
  TYPES.set(policyType.type, policyType);
}

export const hasPolicyType = (type: string) => TYPES.has(type);

/** Compiles a stored policy; null when its type is not registered in this process (its bindings then fail). */
export function compilePolicy(type: string, config: Record<string, unknown>): CompiledPolicy | null {
  return TYPES.get(type)?.compile(config) ?? null;
}

/** Whether a compiled policy passes for the facts; a predicate that throws fails. */
export function policyPasses(policy: CompiledPolicy, facts: EventFacts): boolean {
  if (policy.kind === 'matcher') return matcherPasses(policy.matcher, facts);
  try {
    return policy.passes(facts) === true;
  } catch {
    return false;
  }
}

registerPolicyType({ type: 'event_matcher', compile: (config) => ({ kind: 'matcher', matcher: compileMatcher(config as EventMatcherConfig) }) });
