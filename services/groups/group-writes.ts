import type { EntityManager } from '@mikro-orm/sql';
import { IdpError, notFound } from '../kernel/errors.ts';
import { User } from '../users/user.entity.ts';
import { Group, type GroupEntity } from './group.entity.ts';
import { lockHierarchy } from './group.repository.ts';
import { Membership } from './membership.entity.ts';

export async function findGroup(em: EntityManager, pk: string): Promise<GroupEntity> {
  const group = await em.findOne(Group, { pk });
  if (!group) throw notFound('group', pk);
  return group;
}

async function assertUsersExist(em: EntityManager, pks: number[]): Promise<void> {
  if (pks.length === 0) return;
  const found = await em.find(User, { pk: { $in: pks } }, { fields: ['pk'] });
  const missing = pks.filter((pk) => !found.some((u) => u.pk === pk));
  if (missing.length) throw new IdpError('not_found', { detail: `No user has the pk ${missing.join(', ')}.`, errors: missing.map((pk) => ({ pointer: `/users/${pks.indexOf(pk)}`, message: `no user has the pk ${pk}` })) });
}

/**
 * Makes the group's direct members exactly `users` (or adds/removes them), inside the caller's transaction. Adding
 * and removing read only the memberships of the users named, so their cost does not grow with the group's size.
 * `known` says the caller has checked that the users exist.
 */
export async function changeMembers(em: EntityManager, group: GroupEntity, users: number[], mode: 'add' | 'remove' | 'set', known = false): Promise<void> {
  if (mode !== 'remove' && !known) await assertUsersExist(em, users);
  if (mode !== 'set' && users.length === 0) return;
  const existing = await em.find(Membership, mode === 'set' ? { group: group.pk } : { group: group.pk, user: { $in: users } });
  const have = new Set(existing.map((m) => m.user.pk));
  const wanted = new Set(users);
  const toAdd = mode === 'remove' ? [] : users.filter((u) => !have.has(u));
  const toRemove = mode === 'add' ? [] : existing.filter((m) => (mode === 'set' ? !wanted.has(m.user.pk) : wanted.has(m.user.pk)));
  for (const m of toRemove) em.remove(m);
  for (const user of toAdd) em.create(Membership, { group, user: em.getReference(User, user) });
}

/** Detaches what refers to a group before it is removed: its children move to the top, its memberships go (as events). */
export async function detachGroup(em: EntityManager, group: GroupEntity): Promise<void> {
  await lockHierarchy(em);
  for (const child of await em.find(Group, { parent: group.pk })) child.parent = null;
  for (const m of await em.find(Membership, { group: group.pk })) em.remove(m);
}
