import { isPluginError } from '../sdk/index.ts';
import { createdId } from './remote-id.ts';
import { failed, type SyncEnv } from './sync-env.ts';
import type { UserPlan } from './user-plan.ts';
import type { UserOutcome } from './user-writes.ts';

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

type BulkPlan = Extract<UserPlan, { op: 'create' | 'update' | 'delete' }>;

interface BulkOperationResponse {
  bulkId?: string;
  location?: string;
  status?: string | number | { code?: string | number };
  response?: { id?: string } | null;
}

export const bulkable = (plan: UserPlan): plan is BulkPlan => plan.op === 'create' || plan.op === 'update' || plan.op === 'delete';

function operation(plan: BulkPlan, bulkId: string) {
  const path = plan.op === 'create' ? '/Users' : `/Users/${encodeURIComponent(plan.link.remoteId)}`;
  const method = plan.op === 'create' ? 'POST' : plan.op === 'update' ? 'PUT' : 'DELETE';
  return plan.op === 'delete' ? { method, path, bulkId } : { method, path, bulkId, data: plan.body };
}

const statusOf = (op: BulkOperationResponse) => Number(typeof op.status === 'object' && op.status !== null ? op.status.code : op.status);

/** Splits operations into requests within the target's maxOperations and maxPayloadSize (with room for the envelope). */
function chunks<T>(items: { plan: T; op: object; bytes: number }[], maxOperations: number, maxPayloadSize: number) {
  const out: (typeof items)[] = [];
  let current: typeof items = [];
  let size = 0;
  for (const item of items) {
    if (current.length && (current.length >= maxOperations || size + item.bytes > maxPayloadSize - 256)) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += item.bytes + 1;
  }
  if (current.length) out.push(current);
  return out;
}

function outcome(plan: BulkPlan, op: BulkOperationResponse): UserOutcome | null {
  const status = statusOf(op);
  if (plan.op === 'delete' && (status === 404 || (status >= 200 && status < 300))) return { result: { ref: plan.ref, outcome: 'deleted', writes: 1 }, link: null };
  if (!(status >= 200 && status < 300)) return null;
  if (plan.op === 'update') return { result: { ref: plan.ref, outcome: 'updated', writes: 1 }, link: { kind: 'user', localId: plan.ref.id, remoteId: plan.link.remoteId, state: { body: plan.body } } };
  if (plan.op === 'create') return { result: { ref: plan.ref, outcome: 'created', writes: 1 }, link: { kind: 'user', localId: plan.ref.id, remoteId: createdId(op.response ?? null, op.location), state: { body: plan.body } } };
  return null;
}

/**
 * Sends user writes through `/Bulk` within the advertised limits. Operations the server refused are left out of the
 * answer, so the caller sends them one by one (where 409 and 404 have their own handling); a request that failed as
 * a whole with a retryable error fails its operations with it (sending them singly would meet the same outage).
 */
export async function writeUsersInBulk(env: SyncEnv, plans: BulkPlan[]): Promise<Map<BulkPlan, UserOutcome>> {
  const bulk = env.caps.bulk!;
  const done = new Map<BulkPlan, UserOutcome>();
  const items = plans.map((plan, i) => {
    const op = operation(plan, `u${i}`);
    return { plan, op, bytes: Buffer.byteLength(JSON.stringify(op)) };
  });
  for (const chunk of chunks(items, bulk.maxOperations, bulk.maxPayloadSize)) {
    const byBulkId = new Map(chunk.map((c) => [(c.op as { bulkId: string }).bulkId, c.plan]));
    try {
      const { body } = await env.client.request<{ Operations?: BulkOperationResponse[] }>('POST', '/Bulk', { schemas: [BULK_REQUEST], Operations: chunk.map((c) => c.op) });
      (body?.Operations ?? []).forEach((op, i) => {
        const plan = (op.bulkId && byBulkId.get(op.bulkId)) || chunk[i]?.plan;
        const result = plan && !done.has(plan) ? outcome(plan, op) : null;
        if (plan && result) done.set(plan, result);
      });
    } catch (err) {
      if (isPluginError(err) && err.retryable) for (const c of chunk) done.set(c.plan, { result: failed(c.plan.ref, err) });
    }
  }
  return done;
}
