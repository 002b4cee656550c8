import type { DirectoryGroup, DirectoryUser } from '../../sdk/index.ts';

/** How far up or down the group hierarchy is followed (as the platform's own membership queries do). */
export const MAX_DEPTH = 20;

/** Whether any group of the user, or any group above one of them, passes `test`. */
export function anyGroupAbove(groups: ReadonlyMap<string, DirectoryGroup>, user: DirectoryUser | undefined, test: (group: DirectoryGroup) => boolean): boolean {
  for (const g of user?.groups ?? []) {
    let current = groups.get(g);
    for (let depth = 0; current && depth <= MAX_DEPTH; depth++, current = current.parent ? groups.get(current.parent) : undefined) {
      if (test(current)) return true;
    }
  }
  return false;
}

/** Each group's direct children. */
export function childrenOf(groups: ReadonlyMap<string, DirectoryGroup>): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const g of groups.values()) {
    if (!g.parent) continue;
    const siblings = children.get(g.parent);
    if (siblings) siblings.push(g.pk);
    else children.set(g.parent, [g.pk]);
  }
  return children;
}

/** The group and every group below it (to the depth limit). */
export function groupAndBelow(pk: string, children: Map<string, string[]>): Set<string> {
  const found = new Set([pk]);
  let level = [pk];
  for (let depth = 0; level.length && depth < MAX_DEPTH; depth++) {
    level = level.flatMap((g) => children.get(g) ?? []).filter((g) => !found.has(g));
    for (const g of level) found.add(g);
  }
  return found;
}
