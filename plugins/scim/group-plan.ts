import type { DirectoryGroup, Link, SyncResult } from '../sdk/index.ts';
import { renderGroup } from './mapping/render.ts';
import { Scope } from './scope.ts';
import { failed, type SyncEnv } from './sync-env.ts';
import { syncUsers } from './user-sync.ts';

/** One group's desired remote state: its attributes (null when it is gone or out of scope) and its members' remote ids. */
export interface GroupPlan {
  id: string;
  group: DirectoryGroup | undefined;
  link: Link | undefined;
  attrs: Record<string, unknown> | null;
  members: string[];
  /** Set when the group's attributes could not be rendered. */
  result?: SyncResult;
}

/**
 * Works out each group's desired state. Members are the group's direct members that are in scope; any of them not
 * yet on the remote is provisioned first, so every member can be referenced by its remote id.
 */
export async function planGroups(env: SyncEnv, ids: string[]): Promise<GroupPlan[]> {
  const { ctx } = env;
  const [groups, links, mappings] = await Promise.all([
    ctx.directory.groups(ids),
    ctx.links.get('group', ids),
    ctx.directory.mappings(ctx.config.property_mappings_group),
  ]);
  const byId = new Map(groups.map((g) => [g.pk, g]));
  const memberPks = [...new Set(groups.flatMap((g) => g.members))];
  const [users, scope] = await Promise.all([ctx.directory.userTypes(memberPks), Scope.load(ctx.config, ctx.directory, memberPks)]);
  const wanted = users.filter((u) => scope.user(u)).map((u) => String(u.pk));
  let remoteIds = await ctx.links.remoteIds('user', wanted);
  const unlinked = wanted.filter((id) => !remoteIds.has(id));
  if (unlinked.length) {
    await syncUsers(env, unlinked);
    remoteIds = await ctx.links.remoteIds('user', wanted);
  }
  return Promise.all(ids.map(async (id): Promise<GroupPlan> => {
    const group = byId.get(id);
    const plan: GroupPlan = { id, group, link: links.get(id), attrs: null, members: [] };
    if (!scope.group(group)) return plan;
    try {
      plan.attrs = await renderGroup(group, mappings);
    } catch (err) {
      plan.result = failed({ kind: 'group', id }, err);
      return plan;
    }
    plan.members = [...new Set(group.members.map((pk) => remoteIds.get(String(pk))).filter((r): r is string => r !== undefined))].sort();
    return plan;
  }));
}
