import type { FieldProblem } from '../kernel/errors.ts';
import { contains, parseAddress, parseNetwork, type Address, type Network } from '../kernel/ip.ts';

export interface EventMatcherConfig {
  action?: string | null;
  client_ip?: string | null;
  app?: string | null;
  model?: string | null;
}

/** What a policy looks at in an event, computed once per event. */
export interface EventFacts {
  action: string;
  app: string;
  /** app.model of the object the event is about, or null. */
  model: string | null;
  /** The app part of `model`, or null. */
  modelApp: string | null;
  clientIp: Address | null;
}

export interface MatchResult {
  passing: boolean;
  matched: string[];
  unmatched: string[];
  messages: string[];
}

export interface CompiledMatcher {
  action: string | null;
  app: string | null;
  model: string | null;
  network: Network | null;
}

export const CRITERIA = ['action', 'client_ip', 'app', 'model'] as const;
const LABELS = { action: 'Action', client_ip: 'Client IP', app: 'App', model: 'Model' } as const;

export function factsOf(event: { action: string; app: string; context?: Record<string, unknown>; client_ip?: string | null }): EventFacts {
  const m = (event.context?.model ?? null) as { app?: string; model_name?: string } | null;
  const model = m?.app && m.model_name ? `${m.app}.${m.model_name}` : null;
  return { action: event.action, app: event.app, model, modelApp: model === null ? null : m!.app!, clientIp: parseAddress(event.client_ip) };
}

const isSet = (v: string | null | undefined): v is string => typeof v === 'string' && v !== '';

/** Problems with a configuration: nothing set, an address that does not parse, an unknown app or model. */
export function validateMatcher(config: EventMatcherConfig, known: { apps: Set<string>; models: Set<string> }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!CRITERIA.some((c) => isSet(config[c]))) problems.push({ pointer: '/', message: 'at least one of action, client_ip, app or model must be set' });
  if (isSet(config.client_ip) && !parseNetwork(config.client_ip)) problems.push({ pointer: '/client_ip', message: 'must be an IPv4 or IPv6 address or CIDR range' });
  if (isSet(config.app) && !known.apps.has(config.app)) problems.push({ pointer: '/app', message: `must be one of ${[...known.apps].sort().join(', ')}` });
  if (isSet(config.model) && !known.models.has(config.model)) problems.push({ pointer: '/model', message: 'must name a model GET /admin/models/ lists' });
  return problems;
}

export function compileMatcher(config: EventMatcherConfig): CompiledMatcher {
  return {
    action: isSet(config.action) ? config.action : null,
    app: isSet(config.app) ? config.app : null,
    model: isSet(config.model) ? config.model : null,
    network: isSet(config.client_ip) ? parseNetwork(config.client_ip) : null,
  };
}

/** Whether the policy passes: the allocation-free form of `evaluateMatcher` that rule evaluation uses. */
export function matcherPasses(m: CompiledMatcher, f: EventFacts): boolean {
  if (m.action === null && m.network === null && m.app === null && m.model === null) return false;
  if (m.action !== null && f.action !== m.action) return false;
  if (m.model !== null && f.model !== m.model) return false;
  if (m.app !== null && f.app !== m.app && f.modelApp !== m.app) return false;
  return m.network === null || contains(m.network, f.clientIp);
}

/** Every set criterion must match (AND); an app matches its own events and those about any of its models. */
export function evaluateMatcher(m: CompiledMatcher, f: EventFacts): MatchResult {
  const checks: [keyof typeof LABELS, boolean][] = [];
  if (m.action !== null) checks.push(['action', f.action === m.action]);
  if (m.network !== null) checks.push(['client_ip', contains(m.network, f.clientIp)]);
  if (m.app !== null) checks.push(['app', f.app === m.app || f.modelApp === m.app]);
  if (m.model !== null) checks.push(['model', f.model === m.model]);
  const matched = checks.filter(([, ok]) => ok).map(([c]) => c);
  const unmatched = checks.filter(([, ok]) => !ok).map(([c]) => c);
  return {
    passing: checks.length > 0 && unmatched.length === 0,
    matched,
    unmatched,
    messages: checks.map(([c, ok]) => `${LABELS[c]} ${ok ? 'matched' : 'did not match'}.`),
  };
}
