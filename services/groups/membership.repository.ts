import type { EntityManager } from '@mikro-orm/sql';
import { IdpError } from '../kernel/errors.ts';
import type { UserEntity } from '../users/user.entity.ts';
import { Group } from './group.entity.ts';
import { Membership } from './membership.entity.ts';

/** Makes the user's direct groups exactly `groupPks`, in the caller's unit of work. */
export async function setUserGroups(em: EntityManager, user: UserEntity, groupPks: string[], pointer = '/groups'): Promise<void> {
  const groups = groupPks.length ? await em.find(Group, { pk: { $in: groupPks } }) : [];
  const missing = groupPks.filter((pk) => !groups.some((g) => g.pk === pk));
  if (missing.length) {
    throw new IdpError('invalid_request', {
      detail: `No group has the id ${missing.join(', ')}.`,
      errors: missing.map((pk) => ({ pointer: `${pointer}/${groupPks.indexOf(pk)}`, message: 'names no group' })),
    });
  }
  const current = user.pk == null ? [] : await em.find(Membership, { user: user.pk });
  const have = new Set(current.map((m) => m.group.pk));
  for (const m of current) if (!groupPks.includes(m.group.pk)) em.remove(m);
  for (const g of groups) if (!have.has(g.pk)) em.create(Membership, { group: g, user });
}
