import jsonata from 'jsonata';
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

/** A JSONata error as one line, with the character it points at. */
export const explainJsonata = (err: unknown) => {
  const e = err as JsonataFailure;
  return `${e.message ?? String(err)}${typeof e.position === 'number' ? ` (at character ${e.position})` : ''}`;
};

/** Whether a JSONata result is a function (a lambda or a built-in), which no mapping may return. */
export const isJsonataFunction = (v: unknown) => typeof v === 'function' || (typeof v === 'object' && v !== null && ('_jsonata_lambda' in v || '_jsonata_function' in v));

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

/**
 * Compiles a JSONata expression for property mappings, cached by its text (the least recently used of 500 is
 * dropped), evaluating within 1 s of wall time, a nesting depth of 500 and sequences of 100,000 items. A syntax
 * error, or a regular expression that could backtrack without bound, throws an Error whose message says where.
 */
export function compileJsonata(expression: string): jsonata.Expression {
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
    throw new Error(explainJsonata(err), { cause: err });
  }
  const risky = riskyRegex(compiled.ast());
  if (risky) throw new Error(explainJsonata(risky));
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(expression, compiled);
  return compiled;
}
