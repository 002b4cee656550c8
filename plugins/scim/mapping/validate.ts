import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { scimErrors } from '../errors.ts';
import type { ScimGroupBody, ScimUserBody } from './types.ts';

/** Which mapping set the value at a JSON pointer, if one did. */
export type PointerOrigin = (pointer: string) => string | undefined;

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, allowMatchingProperties: true });
addFormats(ajv);
const load = (file: string): ValidateFunction => ajv.compile(JSON.parse(readFileSync(new URL(`../schemas/${file}`, import.meta.url), 'utf8')));
const userSchema = load('scim-user.schema.json');
const groupSchema = load('scim-group.schema.json');

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function pointer(err: ErrorObject): string {
  const params = err.params as { additionalProperty?: string; missingProperty?: string };
  const name = params.additionalProperty ?? params.missingProperty;
  return name === undefined ? err.instancePath || '/' : `${err.instancePath}/${escapePointer(name)}`;
}

function message(err: ErrorObject): string {
  if (err.keyword === 'additionalProperties') return 'is not a SCIM attribute';
  if (err.keyword === 'required') return 'is required';
  if (err.keyword === 'pattern' && (err.params as { pattern?: string }).pattern === '\\S') return 'must not be blank';
  return err.message ?? 'is invalid';
}

function check(validate: ValidateFunction, body: unknown, what: string, origin?: PointerOrigin): void {
  if (validate(body)) return;
  const problems = new Map<string, Set<string>>();
  for (const err of validate.errors ?? []) {
    const at = pointer(err);
    problems.set(at, (problems.get(at) ?? new Set()).add(message(err)));
  }
  const listed = [...problems].map(([at, messages]) => {
    const mapping = origin?.(at);
    return `${at} ${[...messages].join(', ')}${mapping === undefined ? '' : ` (set by mapping "${mapping}")`}`;
  });
  throw scimErrors.mapping_invalid(`the mapped ${what} is not a valid SCIM resource: ${listed.join('; ')}`);
}

/**
 * Checks a mapped user against RFC 7643's User schema and the enterprise extension; throws `scim.mapping_invalid`
 * listing every problem as a JSON pointer and a message, with the mapping that set the value when `origin` knows it.
 */
export function validateScimUser(body: unknown, origin?: PointerOrigin): asserts body is ScimUserBody {
  check(userSchema, body, 'user', origin);
}

/** Checks a mapped group against RFC 7643's Group schema, like `validateScimUser`. */
export function validateScimGroup(body: unknown, origin?: PointerOrigin): asserts body is ScimGroupBody {
  check(groupSchema, body, 'group', origin);
}
