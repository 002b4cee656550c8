import type { EntityManager } from '@mikro-orm/sql';
import type { Group as GroupDto } from '../../schemas/types.ts';
import { IdpError } from '../kernel/errors.ts';
import { MAX_GROUP_DEPTH, placeholders } from '../kernel/sql.ts';
import type { GroupEntity } from './group.entity.ts';
import { Membership } from './membership.entity.ts';

/** The pks of the given groups and all their ancestors. */
export async function withAncestors(em: EntityManager, groupPks: string[]): Promise<string[]> {
  if (groupPks.length === 0) return [];
  const rows = await em.execute<{ pk: string }[]>(
    `with recursive anc(pk, parent_pk, depth) as (
       select pk, parent_pk, 0 from core_group where pk in (${placeholders(groupPks.length)})
       union all
       select g.pk, g.parent_pk, a.depth + 1 from core_group g join anc a on g.pk = a.parent_pk where a.depth < ${MAX_GROUP_DEPTH}
     ) select distinct pk from anc`,
    groupPks,
  );
  return rows.map((r) => r.pk);
}

/**
 * Refuses a parent that would make the group its own ancestor (any depth, not only itself). Callers hold the
 * hierarchy lock, so two concurrent moves cannot each pass the check and close a cycle together.
 */
export async function assertNoCycle(em: EntityManager, groupPk: string, parentPk: string | null | undefined): Promise<void> {
  if (!parentPk) return;
  if (parentPk === groupPk) throw new IdpError('group_cycle', { detail: 'A group cannot be its own parent.', errors: [{ pointer: '/parent', message: 'is the group itself' }] });
  const ancestors = await withAncestors(em, [parentPk]);
  if (ancestors.includes(groupPk)) {
    throw new IdpError('group_cycle', { detail: 'The parent is a descendant of this group, which would make a cycle.', errors: [{ pointer: '/parent', message: 'is a descendant of this group' }] });
  }
}

/** Serialises group hierarchy changes for the rest of the transaction. */
export async function lockHierarchy(em: EntityManager): Promise<void> {
  await em.execute(`select pg_advisory_xact_lock(hashtext('core_group_hierarchy'))`);
}

/** The direct members of each group. */
export async function membersOf(em: EntityManager, groupPks: string[]): Promise<Map<string, number[]>> {
  const members = new Map<string, number[]>(groupPks.map((pk) => [pk, []]));
  if (groupPks.length === 0) return members;
  const rows = await em.find(Membership, { group: { $in: groupPks } }, { orderBy: { user: 'asc' } });
  for (const m of rows) members.get(m.group.pk)?.push(m.user.pk);
  return members;
}

export async function serializeGroups(em: EntityManager, groups: GroupEntity[]): Promise<GroupDto[]> {
  const members = await membersOf(em, groups.map((g) => g.pk));
  const parents = groups.map((g) => g.parent).filter((p) => p != null);
  if (parents.length) await em.populate(groups, ['parent']);
  return groups.map((g) => ({
    pk: g.pk,
    num_pk: g.num_pk,
    name: g.name,
    parent: g.parent ? g.parent.pk : null,
    parent_name: g.parent ? (g.parent.unwrap().name ?? null) : null,
    is_superuser: g.is_superuser,
    attributes: g.attributes,
    users: members.get(g.pk) ?? [],
  }));
}
