import { scimError, type Answer } from './memory-scim-answer.ts';

export type BulkLimits = { maxOperations: number; maxPayloadSize: number };
/** Answers one request as if it had come on its own: method, path below the base URL, query and body. */
export type Route = (method: string, path: string, query: URLSearchParams, body: unknown) => Answer;

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
const BULK_ID_REFERENCE = /"bulkId:([^"]+)"/g;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Operation = { method?: unknown; path?: unknown; bulkId?: unknown; data?: unknown };

/**
 * Answers an RFC 7644 BulkRequest: operations in order through `route`, `"bulkId:…"` references resolved to the ids
 * of resources created earlier in the request, per-operation status as a string with `location`, the error as
 * `response`, and processing stopped once `failOnErrors` operations have failed.
 */
export function runBulk(body: any, limits: BulkLimits, route: Route, base: string): Answer {
  if (!Array.isArray(body?.schemas) || !body.schemas.includes(BULK_REQUEST) || !Array.isArray(body.Operations)) return scimError(400, 'expected a BulkRequest with Operations', 'invalidSyntax');
  const operations = body.Operations as Operation[];
  if (operations.length > limits.maxOperations) return scimError(413, `The number of operations (${operations.length}) exceeds maxOperations (${limits.maxOperations})`);
  const failOnErrors = Number.isInteger(body.failOnErrors) && body.failOnErrors > 0 ? (body.failOnErrors as number) : Number.POSITIVE_INFINITY;
  const created = new Map<string, string>();
  const results: object[] = [];
  let errors = 0;
  for (const op of operations) {
    if (errors >= failOnErrors) break;
    const method = String(op?.method ?? '').toUpperCase();
    const bulkId = typeof op?.bulkId === 'string' ? op.bulkId : undefined;
    const path = typeof op?.path === 'string' ? op.path : '';
    const answer = WRITES.has(method) && path.startsWith('/') ? apply(method, path, op.data, created, route) : scimError(400, `invalid method or path in ${JSON.stringify(op)}`, 'invalidSyntax');
    const id = (answer.body as { id?: unknown } | undefined)?.id;
    if (method === 'POST' && bulkId && typeof id === 'string') created.set(bulkId, id);
    const failed = answer.status >= 400;
    if (failed) errors++;
    const location = method === 'POST' ? (typeof id === 'string' ? `${base}${path}/${id}` : undefined) : `${base}${path}`;
    results.push({ method, ...(bulkId ? { bulkId } : {}), status: String(answer.status), ...(location ? { location } : {}), ...(failed ? { response: answer.body } : {}) });
  }
  return { status: 200, body: { schemas: [BULK_RESPONSE], Operations: results } };
}

function apply(method: string, path: string, data: unknown, created: Map<string, string>, route: Route): Answer {
  let resolved = data;
  const text = data === undefined ? '' : JSON.stringify(data);
  if (text.includes('"bulkId:')) {
    let missing: string | undefined;
    const replaced = text.replace(BULK_ID_REFERENCE, (whole, ref: string) => (created.has(ref) ? JSON.stringify(created.get(ref)) : ((missing ??= ref), whole)));
    if (missing) return scimError(409, `bulkId ${missing} does not name a resource created before this operation`, 'invalidValue');
    resolved = JSON.parse(replaced);
  }
  const [pathname, query] = path.split('?');
  return route(method, pathname, new URLSearchParams(query), resolved);
}
