import { badRequest } from '../scim-error.ts';

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The most operations one PATCH request may carry. */
export const MAX_OPERATIONS = 1000;

/** One validated PatchOp operation: `op` lower-cased, `path` absent when the request had none (or `null`). */
export interface PatchOperation {
  op: 'add' | 'remove' | 'replace';
  path?: string;
  /** Undefined when the operation had no `value` member; `null` unassigns. */
  value?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A message member found case-insensitively (SCIM names are case-insensitive, RFC 7643 §2.1). */
function member(obj: Record<string, unknown>, name: string, where: string): { found: boolean; value: unknown } {
  const keys = Object.keys(obj).filter((k) => k.toLowerCase() === name.toLowerCase());
  if (keys.length > 1) throw badRequest('invalidSyntax', `${where} has more than one "${name}" member.`);
  return keys.length ? { found: true, value: obj[keys[0]!] } : { found: false, value: undefined };
}

function parseOperation(raw: unknown, index: number): PatchOperation {
  const where = `Operations[${index}]`;
  if (!isObject(raw)) throw badRequest('invalidSyntax', `${where} must be an object.`);
  const op = member(raw, 'op', where).value;
  const name = typeof op === 'string' ? op.toLowerCase() : undefined;
  if (name !== 'add' && name !== 'remove' && name !== 'replace') {
    throw badRequest('invalidSyntax', `${where}.op must be "add", "remove" or "replace".`);
  }
  const path = member(raw, 'path', where).value;
  if (path !== undefined && path !== null && typeof path !== 'string') throw badRequest('invalidSyntax', `${where}.path must be a string.`);
  const value = member(raw, 'value', where);
  const hasValue = value.found && value.value !== undefined;
  if (name === 'remove' && typeof path !== 'string') throw badRequest('noTarget', `${where}: a "remove" operation needs a "path".`);
  if (name !== 'remove' && !hasValue) throw badRequest('invalidValue', `${where}: an "${name}" operation needs a "value".`);
  return { op: name, ...(typeof path === 'string' ? { path } : {}), ...(hasValue ? { value: value.value } : {}) };
}

/**
 * Validates a PatchOp message (RFC 7644 §3.5.2) and returns its operations. Member names are matched
 * case-insensitively, `op` too; members other than `op`, `path` and `value` are ignored.
 */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw badRequest('invalidSyntax', 'The PATCH body must be a PatchOp message object.');
  const schemas = member(body, 'schemas', 'The PatchOp message').value;
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase())) {
    throw badRequest('invalidSyntax', `The PATCH body's "schemas" must list "${PATCH_OP_SCHEMA}".`);
  }
  const operations = member(body, 'Operations', 'The PatchOp message').value;
  if (!Array.isArray(operations) || operations.length === 0) {
    throw badRequest('invalidSyntax', 'The PATCH body\'s "Operations" must be a non-empty array.');
  }
  if (operations.length > MAX_OPERATIONS) {
    throw badRequest('tooMany', `A PATCH request may carry at most ${MAX_OPERATIONS} operations.`);
  }
  return operations.map(parseOperation);
}
