import type { Link, SyncResult } from '../sdk/index.ts';
import { createdId, findExisting } from './remote-id.ts';
import { failed, isCode, PATCH_SCHEMA, type SyncEnv } from './sync-env.ts';
import type { UserPlan } from './user-plan.ts';

/** How a write ended: the result, and the link to save (or `null`: remove it). */
export interface UserOutcome {
  result: SyncResult;
  link?: Link | null;
}

type WritePlan = Exclude<UserPlan, { op: 'none' }>;

const userLink = (localId: string, remoteId: string, state: Record<string, unknown>): Link => ({ kind: 'user', localId, remoteId, state });

async function create(env: SyncEnv, plan: Extract<UserPlan, { op: 'create' | 'update' }>): Promise<UserOutcome> {
  let writes = 1;
  try {
    const { body } = await env.client.request<{ id?: string }>('POST', '/Users', plan.body);
    return { result: { ref: plan.ref, outcome: 'created', writes }, link: userLink(plan.ref.id, createdId(body), { body: plan.body }) };
  } catch (err) {
    if (!isCode(err, 'remote_conflict')) return { result: failed(plan.ref, err, writes) };
    try {
      const id = await findExisting(env, '/Users', 'userName', String(plan.body.userName), err);
      writes++;
      await env.client.request('PUT', `/Users/${encodeURIComponent(id)}`, plan.body);
      return { result: { ref: plan.ref, outcome: 'created', writes }, link: userLink(plan.ref.id, id, { body: plan.body }) };
    } catch (adoptErr) {
      return { result: failed(plan.ref, adoptErr, writes) };
    }
  }
}

/**
 * Sends one user's write: POST (a 409 looks the userName up and links that resource, then PUTs the body), PUT (a 404
 * means someone deleted it remotely: create it again), DELETE (a 404 is already the desired state) or deactivation
 * (PATCH `active`, or a PUT of the last body with `active: false` where PATCH is not advertised).
 */
export async function writeUser(env: SyncEnv, plan: WritePlan): Promise<UserOutcome> {
  const { client, caps } = env;
  switch (plan.op) {
    case 'create':
      return create(env, plan);
    case 'update':
      try {
        await client.request('PUT', `/Users/${encodeURIComponent(plan.link.remoteId)}`, plan.body);
        return { result: { ref: plan.ref, outcome: 'updated', writes: 1 }, link: userLink(plan.ref.id, plan.link.remoteId, { body: plan.body }) };
      } catch (err) {
        if (!isCode(err, 'remote_not_found')) return { result: failed(plan.ref, err, 1) };
        const again = await create(env, plan);
        return { ...again, result: { ...again.result, writes: again.result.writes + 1 } };
      }
    case 'delete':
      try {
        await client.request('DELETE', `/Users/${encodeURIComponent(plan.link.remoteId)}`);
      } catch (err) {
        if (!isCode(err, 'remote_not_found')) return { result: failed(plan.ref, err, 1) };
      }
      return { result: { ref: plan.ref, outcome: 'deleted', writes: 1 }, link: null };
    case 'deactivate': {
      const path = `/Users/${encodeURIComponent(plan.link.remoteId)}`;
      const last = plan.link.state.body as Record<string, unknown> | undefined;
      try {
        if (caps.patch || !last) await client.request('PATCH', path, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'active', value: false }] });
        else await client.request('PUT', path, { ...last, active: false });
      } catch (err) {
        if (!isCode(err, 'remote_not_found')) return { result: failed(plan.ref, err, 1) };
        return { result: { ref: plan.ref, outcome: 'deleted', writes: 1 }, link: null };
      }
      return { result: { ref: plan.ref, outcome: 'deleted', writes: 1 }, link: userLink(plan.ref.id, plan.link.remoteId, { ...plan.link.state, deactivated: true }) };
    }
  }
}
