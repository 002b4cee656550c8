import { compileJsonata, explainJsonata, isJsonataFunction, type DirectoryUser, type MappingType, type PropertyMapping } from '../sdk/index.ts';
import { oauth2Errors } from './errors.ts';

interface AstNode {
  type?: string;
  value?: unknown;
  lhs?: [AstNode, AstNode][];
}

/** A scope mapping with the claims it releases (the literal keys of its object). */
export interface ScopeMapping {
  scope: string;
  claims: string[];
  mapping: PropertyMapping;
}

/**
 * The claim names a scope mapping releases: its expression must be one object constructor whose keys are string
 * literals (`{ "department": user.attributes.department }`), so the claims are known before any user signs in.
 */
export function claimNames(expression: string): string[] {
  let ast: AstNode;
  try {
    ast = compileJsonata(expression).ast() as AstNode;
  } catch (err) {
    throw oauth2Errors.mapping_syntax(`the expression does not compile: ${(err as Error).message}`, { cause: err });
  }
  if (ast.type !== 'unary' || ast.value !== '{' || !ast.lhs?.length) throw oauth2Errors.mapping_syntax('the expression must be an object constructor, { "claim": … }');
  const keys = ast.lhs.map(([key]) => key);
  if (keys.some((k) => k.type !== 'string')) throw oauth2Errors.mapping_syntax('every key of the object must be a quoted claim name');
  const names = keys.map((k) => String(k.value));
  const reserved = names.filter((n) => ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'auth_time', 'acr', 'amr', 'azp', 'at_hash', 'c_hash', 'sid'].includes(n));
  if (reserved.length) throw oauth2Errors.mapping_syntax(`${reserved.join(', ')} cannot be mapped: the issuer sets them`);
  return names;
}

/** The claims one mapping gives a user: its object, with only the declared claim names, as plain JSON. */
export async function mappedClaims(mapping: PropertyMapping, user: DirectoryUser): Promise<Record<string, unknown>> {
  const names = claimNames(mapping.expression);
  let result: unknown;
  try {
    result = await compileJsonata(mapping.expression).evaluate({ user }, { user });
  } catch (err) {
    throw oauth2Errors.mapping_error(`mapping "${mapping.name}" failed: ${explainJsonata(err)}`, { cause: err });
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result) || isJsonataFunction(result)) return {};
  const plain = JSON.parse(JSON.stringify(result, (_k, v: unknown) => (isJsonataFunction(v) ? undefined : v))) as Record<string, unknown>;
  return Object.fromEntries(names.filter((n) => plain[n] !== undefined).map((n) => [n, plain[n]]));
}

/** `oauth2-scope` property mappings: the claims of an extra scope, computed from the signed-in user. */
export const scopeMappingType: MappingType = {
  id: 'oauth2-scope',
  description: 'A JSONata object constructor over `user` whose quoted keys are the claims a scope releases ({ "department": user.attributes.department }); bound to a scope by an oauth2 provider\'s scope_mappings.',
  check(expression) {
    claimNames(expression);
  },
  async render(mappings, subject) {
    if (!subject.user) throw oauth2Errors.mapping_subject('oauth2-scope mappings render { user }.');
    const merged: Record<string, unknown> = {};
    for (const mapping of mappings) Object.assign(merged, await mappedClaims(mapping, subject.user));
    return merged;
  },
};
