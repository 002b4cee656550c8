import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { IdpError, type FieldProblem } from './errors.ts';

export const SCHEMA_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
export const SCHEMA_BASE = 'https://idp-core.dev/schemas/';

/** Every schema in schemas/, keyed by file name (user.schema.json). */
export function loadSchemaFiles(): Map<string, Record<string, unknown>> {
  const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json')).sort();
  return new Map(files.map((f) => [f, JSON.parse(readFileSync(SCHEMA_DIR + f, 'utf8'))]));
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** The one Ajv instance: it validates every action's params and every REST body. */
export const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, useDefaults: false, allowUnionTypes: true });
addFormats(ajv);
for (const schema of loadSchemaFiles().values()) ajv.addSchema(schema);

/** A reference to a schema file, usable inside other schemas: ref('user-request') → { $ref: '<base>user-request.schema.json' }. */
export function ref(name: string): { $ref: string } {
  return { $ref: `${SCHEMA_BASE}${name}.schema.json` };
}

/** An object schema file with some of its fields required (create and replace need more than update). */
export function refRequiring(name: string, required: string[]): { $ref: string; type?: string; required?: string[] } {
  return required.length ? { type: 'object', ...ref(name), required } : ref(name);
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function pointer(err: ErrorObject): string {
  const missing = (err.params as { missingProperty?: string }).missingProperty;
  const extra = (err.params as { additionalProperty?: string; unevaluatedProperty?: string });
  const name = missing ?? extra.additionalProperty ?? extra.unevaluatedProperty;
  return name === undefined ? err.instancePath || '/' : `${err.instancePath}/${escapePointer(name)}`;
}

function message(err: ErrorObject): string {
  switch (err.keyword) {
    case 'required': return 'is required';
    case 'additionalProperties':
    case 'unevaluatedProperties': return 'is not a known field';
    case 'pattern': return err.instancePath.endsWith('name') ? 'must contain more than white space' : `must match ${err.params.pattern}`;
    default: return err.message ?? 'is invalid';
  }
}

/** One problem per failing location: anyOf/oneOf branches that only restate a failure are folded. */
export function toProblems(errors: ErrorObject[] | null | undefined): FieldProblem[] {
  const seen = new Map<string, FieldProblem>();
  for (const err of errors ?? []) {
    if (err.keyword === 'anyOf' || err.keyword === 'oneOf' || err.keyword === 'if') continue;
    const p = { pointer: pointer(err), message: message(err) };
    if (!seen.has(p.pointer)) seen.set(p.pointer, p);
  }
  return [...seen.values()];
}

const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles (once) and returns a checker for a schema object. */
export function compile(schema: object): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/** Where a NUL character hides in a value (strings or object keys): PostgreSQL text and jsonb cannot store one. */
export function nulCharacters(value: unknown, at = ''): FieldProblem[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [{ pointer: at || '/', message: 'must not contain NUL characters' }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nulCharacters(v, `${at}/${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (k.includes('\u0000') ? [{ pointer: `${at}/${escapePointer(k)}`, message: 'must not contain NUL characters' }] : nulCharacters(v, `${at}/${escapePointer(k)}`)));
  }
  return [];
}

/** Validates data against a schema; throws invalid_request listing each problem as a JSON pointer. */
export function assertValid<T>(schema: object, data: unknown): asserts data is T {
  const fn = compile(schema);
  const nul = nulCharacters(data);
  if (!fn(data) || nul.length) {
    const errors = [...nul, ...toProblems(fn.errors)];
    throw new IdpError('invalid_request', { detail: errors.map((e) => `${e.pointer} ${e.message}`).join('; '), errors });
  }
}
