import type { ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { Group as GroupDto, GroupListQuery, GroupRequest, ListQuery } from '../../schemas/types.ts';
import { IdpError } from '../kernel/errors.ts';
import { likeTerm, paginate } from '../kernel/pagination.ts';
import { crudActions } from '../kernel/crud-actions.ts';
import { UUID_PK } from '../kernel/params.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { uuidv7 } from '../kernel/uuid.ts';
import { ref } from '../kernel/validator.ts';
import { Group, type GroupEntity } from './group.entity.ts';
import { changeMembers, detachGroup, findGroup } from './group-writes.ts';
import { assertNoCycle, lockHierarchy, serializeGroups, withAncestors } from './group.repository.ts';
import { Membership } from './membership.entity.ts';

const membersParams = {
  type: 'object',
  properties: { pk: UUID_PK, users: { type: 'array', items: { type: 'integer' }, uniqueItems: true } },
  required: ['pk', 'users'],
  additionalProperties: false,
};

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
        beforeRemove: detachGroup,
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
