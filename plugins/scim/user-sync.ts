import type { Link, SyncResult } from '../sdk/index.ts';
import type { SyncEnv } from './sync-env.ts';
import { bulkable, writeUsersInBulk } from './user-bulk.ts';
import { planUsers, type UserPlan } from './user-plan.ts';
import { writeUser, type UserOutcome } from './user-writes.ts';

/**
 * Reconciles a batch of users: plans each, sends the writes (through /Bulk when the target advertises it and the
 * batch is a full sync's or holds more than one write; anything Bulk did not settle goes singly), then saves the links
 * in one statement.
 */
export async function syncUsers(env: SyncEnv, ids: string[]): Promise<SyncResult[]> {
  const plans = await planUsers(env, ids);
  const writes = plans.filter((p): p is Exclude<UserPlan, { op: 'none' }> => p.op !== 'none');
  const outcomes = new Map<UserPlan, UserOutcome>();
  const bulk = writes.filter(bulkable);
  if (env.caps.bulk && bulk.length > 0 && (env.fullSync || bulk.length > 1)) for (const [plan, outcome] of await writeUsersInBulk(env, bulk)) outcomes.set(plan, outcome);
  await Promise.all(writes.filter((p) => !outcomes.has(p)).map(async (p) => outcomes.set(p, await writeUser(env, p))));

  const saves: Link[] = [];
  const removes: string[] = [];
  for (const plan of plans) {
    const link = plan.op === 'none' ? (plan.dropLink ? null : undefined) : outcomes.get(plan)!.link;
    const id = plan.op === 'none' ? plan.result.ref.id : plan.ref.id;
    if (link) saves.push(link);
    else if (link === null) removes.push(id);
  }
  await env.ctx.links.save(saves);
  for (const id of removes) await env.ctx.links.remove('user', id);
  const results = plans.map((p) => (p.op === 'none' ? p.result : outcomes.get(p)!.result));
  return withGroupsToRevisit(env, plans, outcomes, results);
}

/**
 * A user that got a new remote id (created, or re-created after a 404) sends its groups that are already on the
 * remote round again: they were reconciled while the user could not be referenced, and no other change would bring
 * it in. Groups not yet on the remote will list it when they are created.
 */
async function withGroupsToRevisit(env: SyncEnv, plans: UserPlan[], outcomes: Map<UserPlan, UserOutcome>, results: SyncResult[]): Promise<SyncResult[]> {
  const fresh = plans.map((plan) => {
    if (plan.op !== 'create' && plan.op !== 'update') return [];
    const after = outcomes.get(plan)?.link?.remoteId;
    return after && after !== (plan.op === 'update' ? plan.link.remoteId : undefined) ? plan.user.groups : [];
  });
  const candidates = [...new Set(fresh.flat())];
  if (candidates.length === 0) return results;
  const linked = await env.ctx.links.get('group', candidates);
  return results.map((result, i) => {
    const revisit = fresh[i].filter((id) => linked.get(id)?.remoteId);
    return revisit.length ? { ...result, then: revisit.map((id) => ({ kind: 'group' as const, id })) } : result;
  });
}
