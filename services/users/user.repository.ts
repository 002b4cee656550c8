import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import type { User as UserDto } from '../../schemas/types.ts';
import { notFound } from '../kernel/errors.ts';
import { MAX_GROUP_DEPTH, placeholders } from '../kernel/sql.ts';
import { Membership } from '../groups/membership.entity.ts';
import { User, type UserEntity } from './user.entity.ts';

export async function findUser(em: EntityManager, pk: number): Promise<UserEntity> {
  const user = await em.findOne(User, { pk });
  if (!user) throw notFound('user', pk);
  return user;
}

/** Removes a user's memberships (each one an event) before the user is removed. */
export async function detachUser(em: EntityManager, user: UserEntity): Promise<void> {
  for (const m of await em.find(Membership, { user: user.pk }, { populate: ['group'] })) em.remove(m);
}

/** authentik's uid: sha256 of "<pk>-<install id>", stable per object and install. */
export function userUid(pk: number, installId: string): string {
  return createHash('sha256').update(`${pk}-${installId}`).digest('hex');
}

/** Which of these users are superusers: members of an is_superuser group, directly or through a parent group. */
export async function superuserPks(em: EntityManager, userPks: number[]): Promise<Set<number>> {
  if (userPks.length === 0) return new Set();
  const rows = await em.execute<{ user_pk: number }[]>(
    `with recursive m(user_pk, pk, parent_pk, is_superuser, depth) as (
       select gu.user_pk, g.pk, g.parent_pk, g.is_superuser, 0
         from core_group_users gu join core_group g on g.pk = gu.group_pk
        where gu.user_pk in (${placeholders(userPks.length)})
       union all
       select m.user_pk, g.pk, g.parent_pk, g.is_superuser, m.depth + 1
         from core_group g join m on g.pk = m.parent_pk where m.depth < ${MAX_GROUP_DEPTH}
     ) select user_pk from m group by user_pk having bool_or(is_superuser)`,
    userPks,
  );
  return new Set(rows.map((r) => Number(r.user_pk)));
}

export async function serializeUsers(em: EntityManager, users: UserEntity[], installId: string): Promise<UserDto[]> {
  const pks = users.map((u) => u.pk);
  const superusers = await superuserPks(em, pks);
  const groups = new Map<number, string[]>(pks.map((pk) => [pk, []]));
  if (pks.length) {
    for (const m of await em.find(Membership, { user: { $in: pks } }, { orderBy: { group: 'asc' } })) groups.get(m.user.pk)?.push(m.group.pk);
  }
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  return users.map((u) => ({
    pk: u.pk,
    uuid: u.uuid,
    uid: userUid(u.pk, installId),
    username: u.username,
    name: u.name,
    email: u.email,
    is_active: u.is_active,
    is_superuser: superusers.has(u.pk),
    type: u.type,
    path: u.path,
    attributes: u.attributes,
    groups: groups.get(u.pk) ?? [],
    last_login: iso(u.last_login),
    password_change_date: iso(u.password_change_date),
    date_joined: u.date_joined.toISOString(),
  }));
}
