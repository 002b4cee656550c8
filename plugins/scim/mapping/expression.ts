import type jsonata from 'jsonata';
import { compileJsonata, explainJsonata as explain, isJsonataFunction as isFunction, type MappingSubject, type PropertyMapping } from '../../sdk/index.ts';
import { scimErrors } from '../errors.ts';

const noFunctions = (key: string, value: unknown) => {
  if (isFunction(value)) throw new Error(`${key ? `"${key}"` : 'the result'} is a function, not a value`);
  return value;
};
const subjectOf = (name: string | undefined) => (name === undefined ? 'the expression' : `mapping "${name}"`);

function compile(expression: string, name?: string): jsonata.Expression {
  try {
    return compileJsonata(expression);
  } catch (err) {
    throw scimErrors.mapping_syntax(`${subjectOf(name)} does not compile: ${(err as Error).message}`, { cause: err });
  }
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
