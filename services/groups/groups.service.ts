import type { ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { Group as GroupDto, GroupListQuery, GroupRequest, ListQuery } from '../../schemas/types.ts';
import { IdpError, notFound } from '../kernel/errors.ts';
import { likeTerm, paginate } from '../kernel/pagination.ts';
import { crudActions } from '../kernel/crud-actions.ts';
import { UUID_PK } from '../kernel/params.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { uuidv7 } from '../kernel/uuid.ts';
import { ref } from '../kernel/validator.ts';
import { User } from '../users/user.entity.ts';
import { Group, type GroupEntity } from './group.entity.ts';
import { assertNoCycle, lockHierarchy, serializeGroups, withAncestors } from './group.repository.ts';
import { Membership } from './membership.entity.ts';

const membersParams = {
  type: 'object',
  properties: { pk: UUID_PK, users: { type: 'array', items: { type: 'integer' }, uniqueItems: true } },
  required: ['pk', 'users'],
  additionalProperties: false,
};

async function findGroup(em: EntityManager, pk: string): Promise<GroupEntity> {
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

/** Makes the group's direct members exactly `users` (or adds/removes them), inside the caller's transaction. */
async function changeMembers(em: EntityManager, group: GroupEntity, users: number[], mode: 'add' | 'remove' | 'set'): Promise<void> {
  if (mode !== 'remove') await assertUsersExist(em, users);
  const current = new Set((await em.find(Membership, { group: group.pk })).map((m) => m.user.pk));
  const wanted = new Set(users);
  const toAdd = mode === 'remove' ? [] : users.filter((u) => !current.has(u));
  const toRemove = mode === 'add' ? [] : [...current].filter((u) => (mode === 'set' ? !wanted.has(u) : wanted.has(u)));
  const removed = toRemove.length ? await em.find(Membership, { group: group.pk, user: { $in: toRemove } }) : [];
  for (const m of removed) em.remove(m);
  for (const user of toAdd) em.create(Membership, { group, user: em.getReference(User, user) });
}

async function applyGroup(em: EntityManager, group: GroupEntity, data: GroupRequest): Promise<void> {
  if (data.parent !== undefined) {
    await lockHierarchy(em);
    if (data.parent) await findGroup(em, data.parent).catch(() => {
      throw new IdpError('invalid_request', { detail: `No group has the id ${data.parent}.`, errors: [{ pointer: '/parent', message: 'names no group' }] });
    });
    await assertNoCycle(em, group.pk, data.parent);
    group.parent = data.parent ? em.getReference(Group, data.parent, { wrapped: true }) : null;
  }
  if (data.name !== undefined) group.name = data.name.trim();
  if (data.is_superuser !== undefined) group.is_superuser = data.is_superuser;
  if (data.attributes !== undefined) group.attributes = data.attributes as Record<string, unknown>;
  if (data.users !== undefined) await changeMembers(em, group, data.users, 'set');
}

export function groupsService(deps: ServiceDeps): ServiceSchema {
  const show = async (em: EntityManager, group: GroupEntity) => (await serializeGroups(em, [group]))[0];
  return {
    name: 'groups',
    actions: {
      list: {
        params: ref('group-list-query'),
        async handler(ctx) {
          const q = ctx.params as ListQuery & GroupListQuery;
          const em = forkEm(deps);
          const where: Record<string, unknown> = {};
          if (q.name !== undefined) where.name = q.name;
          if (q.is_superuser !== undefined) where.is_superuser = q.is_superuser;
          if (q.parent !== undefined) where.parent = q.parent;
          if (q.search) where.name = { $ilike: likeTerm(q.search) };
          if (q.members_by_pk !== undefined) where.pk = { $in: (await em.find(Membership, { user: q.members_by_pk })).map((m) => m.group.pk) };
          const { pagination, rows } = await paginate(em, Group, where, q, { allowed: ['name', 'num_pk', 'is_superuser'], default: 'name', tieBreaker: 'pk' });
          return { pagination, results: await serializeGroups(em, rows) };
        },
      },
      ...crudActions<GroupEntity, GroupRequest, GroupDto>({
        deps, key: 'pk', keySchema: UUID_PK, request: 'group-request', required: ['name'],
        replaceDefaults: { parent: null, is_superuser: false, attributes: {} },
        find: findGroup,
        blank: (em) => em.create(Group, { pk: uuidv7(), name: '' } as never) as GroupEntity,
        apply: (em, group, data) => applyGroup(em, group, data),
        serialize: show,
        async beforeRemove(em, group) {
          await lockHierarchy(em);
          for (const child of await em.find(Group, { parent: group.pk })) child.parent = null;
          for (const m of await em.find(Membership, { group: group.pk })) em.remove(m);
        },
      }),
      addMembers: { params: membersParams, handler: (ctx) => members(ctx.params as { pk: string; users: number[] }, 'add') },
      removeMembers: { params: membersParams, handler: (ctx) => members(ctx.params as { pk: string; users: number[] }, 'remove') },
      setMembers: { params: membersParams, handler: (ctx) => members(ctx.params as { pk: string; users: number[] }, 'set') },
      effectiveGroups: {
        params: { type: 'object', properties: { user: { type: 'integer' } }, required: ['user'], additionalProperties: false },
        async handler(ctx) {
          const em = forkEm(deps);
          const direct = (await em.find(Membership, { user: (ctx.params as { user: number }).user })).map((m) => m.group.pk);
          return withAncestors(em, direct);
        },
      },
    },
  };

  async function members({ pk, users }: { pk: string; users: number[] }, mode: 'add' | 'remove' | 'set') {
    return forkEm(deps).transactional(async (em) => {
      const group = await findGroup(em, pk);
      await changeMembers(em, group, users, mode);
      await em.flush();
      return show(em, group);
    });
  }
}
