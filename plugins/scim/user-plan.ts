import type { DirectoryUser, Link, ObjectRef, SyncResult } from '../sdk/index.ts';
import { renderUser } from './mapping/render.ts';
import { Scope } from './scope.ts';
import { failed, stableJson, type SyncEnv } from './sync-env.ts';

/** What reconciling one user takes: a write to the remote, or nothing (with the outcome already known). */
export type UserPlan =
  | { op: 'create'; ref: ObjectRef; user: DirectoryUser; body: Record<string, unknown> }
  | { op: 'update'; ref: ObjectRef; user: DirectoryUser; body: Record<string, unknown>; link: Link & { remoteId: string } }
  | { op: 'delete'; ref: ObjectRef; link: Link & { remoteId: string } }
  | { op: 'deactivate'; ref: ObjectRef; link: Link & { remoteId: string } }
  | { op: 'none'; result: SyncResult; dropLink?: boolean };

const linked = (link: Link | undefined): link is Link & { remoteId: string } => typeof link?.remoteId === 'string';

/**
 * Decides, per user, what makes the remote equal to the local state: the desired body comes from the user (if it
 * exists and is in scope) through the mappings; compared with what was last sent (the link's state) it gives POST,
 * PUT, nothing, or, for a user gone or out of scope, DELETE or deactivation as the provider is configured.
 */
export async function planUsers(env: SyncEnv, ids: string[]): Promise<UserPlan[]> {
  const { ctx } = env;
  const [users, links, mappings] = await Promise.all([
    ctx.directory.users(ids.map(Number)),
    ctx.links.get('user', ids),
    ctx.directory.mappings(ctx.config.property_mappings),
  ]);
  const byId = new Map(users.map((u) => [String(u.pk), u]));
  const scope = await Scope.load(ctx.config, ctx.directory, users.map((u) => u.pk));
  return Promise.all(ids.map(async (id): Promise<UserPlan> => {
    const ref = { kind: 'user' as const, id };
    const user = byId.get(id);
    const link = links.get(id);
    if (!scope.user(user)) {
      if (!linked(link)) return { op: 'none', result: { ref, outcome: 'skipped', writes: 0 }, dropLink: link !== undefined };
      if (ctx.config.deprovision === 'delete') return { op: 'delete', ref, link };
      return link.state.deactivated ? { op: 'none', result: { ref, outcome: 'unchanged', writes: 0 } } : { op: 'deactivate', ref, link };
    }
    let body: Record<string, unknown>;
    try {
      body = await renderUser(user, mappings);
    } catch (err) {
      return { op: 'none', result: failed(ref, err) };
    }
    if (!linked(link)) return { op: 'create', ref, user, body };
    if (!link.state.deactivated && link.state.body !== undefined && stableJson(link.state.body) === stableJson(body)) {
      return { op: 'none', result: { ref, outcome: 'unchanged', writes: 0 } };
    }
    return { op: 'update', ref, user, body, link };
  }));
}
