import type { Link, SyncResult } from '../sdk/index.ts';
import { planGroups, type GroupPlan } from './group-plan.ts';
import { memberDiff, memberPatches } from './members-patch.ts';
import { createdId, findExisting } from './remote-id.ts';
import { failed, isCode, PATCH_SCHEMA, stableJson, type SyncEnv } from './sync-env.ts';

interface GroupState {
  body?: Record<string, unknown>;
  members?: string[];
}

const withMembers = (attrs: Record<string, unknown>, members: string[]) => (members.length ? { ...attrs, members: members.map((value) => ({ value })) } : attrs);
const path = (remoteId: string) => `/Groups/${encodeURIComponent(remoteId)}`;

class GroupWriter {
  writes = 0;
  readonly env: SyncEnv;
  readonly plan: GroupPlan & { attrs: Record<string, unknown> };

  constructor(env: SyncEnv, plan: GroupPlan & { attrs: Record<string, unknown> }) {
    this.env = env;
    this.plan = plan;
  }

  async #send(method: 'POST' | 'PUT' | 'PATCH' | 'GET', at: string, body?: unknown) {
    if (method !== 'GET') this.writes++;
    return (await this.env.client.request<{ id?: string; members?: { value?: string }[] }>(method, at, body)).body;
  }

  /** POST with its members; a 409 finds the group by displayName, reads its members, and updates it. */
  async create(): Promise<Link> {
    const { attrs, members, id } = this.plan;
    try {
      const body = await this.#send('POST', '/Groups', withMembers(attrs, members));
      return { kind: 'group', localId: id, remoteId: createdId(body), state: { body: attrs, members } };
    } catch (err) {
      if (!isCode(err, 'remote_conflict')) throw err;
      const remoteId = await findExisting(this.env, '/Groups', 'displayName', String(attrs.displayName), err);
      const existing = await this.#send('GET', path(remoteId));
      const confirmed = (existing?.members ?? []).map((m) => m.value).filter((v): v is string => typeof v === 'string');
      return this.update({ kind: 'group', localId: id, remoteId, state: { members: confirmed } });
    }
  }

  /**
   * Brings a linked group up to date: attributes by PATCH replace and the member diff by PATCH add/remove in chunks
   * when the target advertises PATCH, else one PUT with the full member list; a 404 re-creates it.
   */
  async update(link: Link & { remoteId: string }): Promise<Link> {
    const { attrs, members } = this.plan;
    const state = link.state as GroupState;
    const confirmed = [...(state.members ?? [])];
    const attrsChanged = state.body === undefined || stableJson(state.body) !== stableJson(attrs);
    const diff = memberDiff(members, confirmed);
    const current = (): Link => ({ ...link, state: { body: state.body, members: [...confirmed].sort() } });
    try {
      if (!this.env.caps.patch) {
        if (attrsChanged || diff.add.length || diff.remove.length) await this.#send('PUT', path(link.remoteId), withMembers(attrs, members));
        return { ...link, state: { body: attrs, members } };
      }
      if (attrsChanged) {
        const { schemas: _schemas, ...value } = attrs;
        await this.#send('PATCH', path(link.remoteId), { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', value }] });
        state.body = attrs;
      }
      const chunk = this.env.caps.bulk?.maxOperations ?? this.env.ctx.config.membership_chunk_size;
      for (const patch of memberPatches(diff, chunk)) {
        await this.#send('PATCH', path(link.remoteId), patch.body);
        confirmed.push(...patch.add);
        for (const r of patch.remove) confirmed.splice(confirmed.indexOf(r), 1);
      }
      return { ...link, state: { body: attrs, members: confirmed.sort() } };
    } catch (err) {
      if (isCode(err, 'remote_not_found')) return this.create();
      throw Object.assign(err as Error, { partial: current() });
    }
  }
}

async function reconcile(env: SyncEnv, plan: GroupPlan): Promise<{ result: SyncResult; link?: Link | null }> {
  const ref = { kind: 'group' as const, id: plan.id };
  if (plan.result) return { result: plan.result };
  const remoteId = plan.link?.remoteId;
  if (plan.attrs === null) {
    if (!remoteId) return { result: { ref, outcome: 'skipped', writes: 0 }, link: plan.link ? null : undefined };
    try {
      await env.client.request('DELETE', path(remoteId));
    } catch (err) {
      if (!isCode(err, 'remote_not_found')) return { result: failed(ref, err, 1) };
    }
    return { result: { ref, outcome: 'deleted', writes: 1 }, link: null };
  }
  const writer = new GroupWriter(env, plan as GroupPlan & { attrs: Record<string, unknown> });
  try {
    const link = remoteId ? await writer.update({ ...plan.link!, remoteId }) : await writer.create();
    const outcome = writer.writes === 0 ? 'unchanged' : remoteId ? 'updated' : 'created';
    return { result: { ref, outcome, writes: writer.writes }, link: writer.writes === 0 ? undefined : link };
  } catch (err) {
    return { result: failed(ref, err, writer.writes), link: (err as { partial?: Link }).partial };
  }
}

/** Reconciles a batch of groups (after their members are on the remote) and saves their links. */
export async function syncGroups(env: SyncEnv, ids: string[]): Promise<SyncResult[]> {
  const plans = await planGroups(env, ids);
  const outcomes = await Promise.all(plans.map((plan) => reconcile(env, plan)));
  await env.ctx.links.save(outcomes.flatMap((o) => (o.link ? [o.link] : [])));
  for (const [i, o] of outcomes.entries()) if (o.link === null) await env.ctx.links.remove('group', plans[i].id);
  return outcomes.map((o) => o.result);
}
