import jsonata from 'jsonata';
import type { MappingSubject, PropertyMapping } from '../../sdk/index.ts';
import { scimErrors } from '../errors.ts';
import { backtrackingRisk, GuardedRegExp } from './regex-guard.ts';

/**
 * JSONata's own guards, checked at every evaluation step: wall time (ms), nesting depth and sequence length; its
 * regular expressions are built with `new RegexEngine(…)` only, so a RegExp subclass stands in for the constructor.
 */
const LIMITS: jsonata.JsonataOptions = { timeout: 1000, stack: 500, sequence: 100_000, RegexEngine: GuardedRegExp as unknown as RegExpConstructor };
const CACHE_SIZE = 500;
const cache = new Map<string, jsonata.Expression>();

interface JsonataFailure {
  message?: string;
  position?: number;
}

const explain = (err: unknown) => {
  const e = err as JsonataFailure;
  return `${e.message ?? String(err)}${typeof e.position === 'number' ? ` (at character ${e.position})` : ''}`;
};
const isFunction = (v: unknown) => typeof v === 'function' || (typeof v === 'object' && v !== null && ('_jsonata_lambda' in v || '_jsonata_function' in v));
const noFunctions = (key: string, value: unknown) => {
  if (isFunction(value)) throw new Error(`${key ? `"${key}"` : 'the result'} is a function, not a value`);
  return value;
};
const subjectOf = (name: string | undefined) => (name === undefined ? 'the expression' : `mapping "${name}"`);

/** The first regular expression literal in a parsed expression that could backtrack without bound. */
function riskyRegex(node: unknown): JsonataFailure | undefined {
  if (node instanceof RegExp) return undefined;
  if (Array.isArray(node)) return node.map(riskyRegex).find(Boolean);
  if (typeof node !== 'object' || node === null) return undefined;
  const n = node as { type?: string; value?: unknown; position?: number };
  if (n.type === 'regex' && n.value instanceof RegExp) {
    const risk = backtrackingRisk(n.value.source);
    if (risk) return { message: `regular expression /${n.value.source}/: ${risk}`, position: n.position };
  }
  return Object.values(node).map(riskyRegex).find(Boolean);
}

function compile(expression: string, name?: string): jsonata.Expression {
  const hit = cache.get(expression);
  if (hit) {
    cache.delete(expression);
    cache.set(expression, hit);
    return hit;
  }
  let compiled: jsonata.Expression;
  try {
    compiled = jsonata(expression, LIMITS);
  } catch (err) {
    throw scimErrors.mapping_syntax(`${subjectOf(name)} does not compile: ${explain(err)}`, { cause: err });
  }
  const risky = riskyRegex(compiled.ast());
  if (risky) throw scimErrors.mapping_syntax(`${subjectOf(name)} does not compile: ${explain(risky)}`);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(expression, compiled);
  return compiled;
}

/**
 * Compiles a JSONata expression, cached by its text (the least recently used of 500 is dropped). A syntax error, or
 * a regular expression that could backtrack without bound, throws `scim.mapping_syntax` saying where.
 */
export function compileExpression(expression: string): jsonata.Expression {
  return compile(expression);
}

/**
 * Evaluates an expression over `input` with `bindings` as `$` variables, within 1 s of wall time, a nesting depth of
 * 500 and sequences of 100,000 items. A syntax error throws `scim.mapping_syntax`, anything failing at run time
 * (including those limits) `scim.mapping_error`; both name the mapping when `name` is given.
 */
export async function evaluateExpression(expression: string, input: unknown, bindings: Record<string, unknown>, name?: string): Promise<unknown> {
  const compiled = compile(expression, name);
  try {
    return await compiled.evaluate(input, bindings);
  } catch (err) {
    throw scimErrors.mapping_error(`${subjectOf(name)} failed: ${explain(err)}`, { cause: err });
  }
}

/**
 * Evaluates a property mapping over its subject (`{ user }`, `{ group }` or `{ resource, kind }`, also bound as
 * `$user`, `$group`, `$resource` and `$kind`). The result must be an object, returned as a plain JSON copy, or
 * nothing (null or undefined); anything else is a `scim.mapping_error` naming the mapping.
 */
export async function evaluateMapping(mapping: PropertyMapping, subject: MappingSubject): Promise<Record<string, unknown> | undefined> {
  const result = await evaluateExpression(mapping.expression, subject, subject, mapping.name);
  if (result === undefined || result === null) return undefined;
  if (typeof result !== 'object' || Array.isArray(result) || isFunction(result)) {
    throw scimErrors.mapping_error(`mapping "${mapping.name}" must produce an object, not ${Array.isArray(result) ? 'an array' : isFunction(result) ? 'a function' : typeof result}`);
  }
  try {
    return JSON.parse(JSON.stringify(result, noFunctions)) as Record<string, unknown>;
  } catch (err) {
    throw scimErrors.mapping_error(`mapping "${mapping.name}" produced a value that is not JSON: ${explain(err)}`, { cause: err });
  }
}
