import { parseAddress } from '../kernel/ip.ts';
import type { EventFacts } from '../policies/event-matcher.ts';
import { compilePolicy, policyPasses } from '../policies/policy-types.ts';

/** How an application's bindings combine: one passing lets a user in (`any`), or every one must pass (`all`). */
export type PolicyEngineMode = 'any' | 'all';

/** One enabled binding of an application: to a user, to a group, or to a policy (its type and configuration). */
export type AccessBinding = { negate: boolean } & (
  | { kind: 'user'; user: number }
  | { kind: 'group'; group: string }
  | { kind: 'policy'; type: string; config: Record<string, unknown> }
);

/** Who asks: an active user, every group they are in (directly or through a group below it), where they come from. */
export interface AccessRequest {
  user: number;
  groups: ReadonlySet<string>;
  clientIp: string | null;
}

/** What a policy sees when a user signs in to an application, in the fields event matchers read. */
export function accessFacts(clientIp: string | null): EventFacts {
  return { action: 'authorize_application', app: 'applications', model: null, modelApp: null, clientIp: parseAddress(clientIp) };
}

/** One binding's own result, before negation; a policy of a type not registered here fails. */
function bindingPasses(binding: AccessBinding, request: AccessRequest, facts: EventFacts): boolean {
  switch (binding.kind) {
    case 'user':
      return binding.user === request.user;
    case 'group':
      return request.groups.has(binding.group);
    case 'policy': {
      const policy = compilePolicy(binding.type, binding.config);
      return policy !== null && policyPasses(policy, facts);
    }
  }
}

/** Whether the bindings let an active user in: with none, yes; otherwise as `mode` combines their (negated) results. */
export function decideAccess(mode: PolicyEngineMode, bindings: AccessBinding[], request: AccessRequest): boolean {
  if (bindings.length === 0) return true;
  const facts = accessFacts(request.clientIp);
  const passes = (b: AccessBinding) => bindingPasses(b, request, facts) !== b.negate;
  return mode === 'all' ? bindings.every(passes) : bindings.some(passes);
}
