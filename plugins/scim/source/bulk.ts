import type { SourceRequest, SourceResponse } from '../../sdk/index.ts';
import { SOURCE_BODY_LIMIT } from '../../sdk/index.ts';
import { MAX_BULK_OPERATIONS } from './limits.ts';
import { parseBody } from './normalize.ts';
import { scimJson } from './responses.ts';
import { badRequest, methodNotAllowed, ScimError } from './scim-error.ts';

export const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const REFERENCE = /^bulkId:(.+)$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Operation {
  method: string;
  path: string;
  bulkId?: string;
  version?: string;
  data?: unknown;
}

function operations(body: unknown): { ops: Operation[]; failOnErrors: number } {
  if (!isObject(body) || !Array.isArray(body.schemas) || !body.schemas.includes(BULK_REQUEST)) throw badRequest('invalidSyntax', `A Bulk request's schemas must include ${BULK_REQUEST}.`);
  if (!Array.isArray(body.Operations) || body.Operations.length === 0) throw badRequest('invalidSyntax', 'A Bulk request needs a non-empty Operations array.');
  if (body.Operations.length > MAX_BULK_OPERATIONS) throw new ScimError(413, `A Bulk request may hold at most ${MAX_BULK_OPERATIONS} operations.`, 'tooMany');
  const failOnErrors = body.failOnErrors ?? Number.POSITIVE_INFINITY;
  if (typeof failOnErrors !== 'number' || !(failOnErrors >= 1)) throw badRequest('invalidValue', 'failOnErrors must be a positive integer.');
  const ops = body.Operations.map((op, i): Operation => {
    if (!isObject(op) || typeof op.method !== 'string' || !METHODS.has(op.method.toUpperCase()) || typeof op.path !== 'string') {
      throw badRequest('invalidSyntax', `Operations[${i}] needs a method (POST, PUT, PATCH or DELETE) and a path.`);
    }
    if (op.method.toUpperCase() === 'POST' && typeof op.bulkId !== 'string') throw badRequest('invalidSyntax', `Operations[${i}]: a POST needs a bulkId.`);
    return { method: op.method.toUpperCase(), path: op.path, ...(typeof op.bulkId === 'string' ? { bulkId: op.bulkId } : {}), ...(typeof op.version === 'string' ? { version: op.version } : {}), data: op.data };
  });
  return { ops, failOnErrors };
}

/** The value with every `bulkId:<id>` string replaced by the created resource's id; undefined when one is not known yet. */
function resolve(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === 'string') {
    const ref = REFERENCE.exec(value);
    return ref ? ids.get(ref[1]) : value;
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => resolve(v, ids));
    return items.includes(undefined) ? undefined : items;
  }
  if (isObject(value)) {
    const entries = Object.entries(value).map(([k, v]) => [k, resolve(v, ids)] as const);
    return entries.some(([, v]) => v === undefined) ? undefined : Object.fromEntries(entries);
  }
  return value;
}

const pathOf = (path: string, ids: Map<string, string>) => path.split('/').map((part) => (REFERENCE.test(part) ? (resolve(part, ids) as string | undefined) : part));

/**
 * `/Bulk` (RFC 7644 §3.7): each operation is answered as if it were sent alone, in order, except that one naming a
 * `bulkId:` reference waits for the operation that creates it (so forward references resolve); references that no
 * operation creates, or that only a cycle would create, are 409 with scimType invalidValue. Processing stops after
 * `failOnErrors` errors. Operations are not one transaction: each commits on its own, as the RFC says.
 */
export async function bulk(req: SourceRequest, handle: (req: SourceRequest) => Promise<SourceResponse>): Promise<SourceResponse> {
  if (req.method.toUpperCase() !== 'POST') throw methodNotAllowed('POST', 'Bulk takes POST.');
  const { ops, failOnErrors } = operations(parseBody(req.body));
  const ids = new Map<string, string>();
  const results: (Json | undefined)[] = ops.map(() => undefined);
  let errors = 0;
  let progressed = true;
  while (progressed && errors < failOnErrors && results.includes(undefined)) {
    progressed = false;
    for (const [i, op] of ops.entries()) {
      if (results[i] || errors >= failOnErrors) continue;
      if (!/^\/(users|groups)(\/|$)/i.test(op.path)) {
        results[i] = { method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}), status: '400', response: badRequest('invalidPath', `A Bulk operation's path names /Users or /Groups, not ${JSON.stringify(op.path)}.`).toBody() };
        errors++;
        continue;
      }
      const segments = pathOf(op.path, ids);
      const data = op.data === undefined ? undefined : resolve(op.data, ids);
      if (segments.includes(undefined) || (op.data !== undefined && data === undefined)) continue;
      const answer = await handle({
        ...req, method: op.method, path: `/v2${segments.join('/')}`, query: {},
        headers: { ...req.headers, ...(op.version ? { 'if-match': op.version } : {}) },
        body: data === undefined ? '' : JSON.stringify(data),
      });
      const body = isObject(answer.body) ? answer.body : undefined;
      if (op.method === 'POST' && answer.status === 201 && typeof body?.id === 'string') ids.set(op.bulkId!, body.id);
      if (answer.status >= 400) errors++;
      results[i] = {
        method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}), status: String(answer.status),
        ...(answer.headers?.location ? { location: answer.headers.location } : {}), ...(answer.headers?.etag ? { version: answer.headers.etag } : {}),
        ...(answer.status >= 400 ? { response: answer.body } : {}),
      };
      progressed = true;
    }
  }
  const unresolved = (op: Operation) => ({ method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}), status: '409', response: new ScimError(409, 'A bulkId reference names no operation that created a resource.', 'invalidValue').toBody() });
  const answered = ops.flatMap((op, i) => (results[i] ? [results[i]] : errors < failOnErrors ? [unresolved(op)] : []));
  return scimJson(200, { schemas: [BULK_RESPONSE], Operations: answered });
}

/** What `/ServiceProviderConfig` advertises of Bulk. */
export const BULK_SUPPORT = { supported: true, maxOperations: MAX_BULK_OPERATIONS, maxPayloadSize: SOURCE_BODY_LIMIT };
