import type { ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { ListQuery, ServiceAccountRequest, User as UserDto, UserListQuery, UserRequest } from '../../schemas/types.ts';
import { Membership } from '../groups/membership.entity.ts';
import { setUserGroups } from '../groups/membership.repository.ts';
import { IdpError } from '../kernel/errors.ts';
import { likeTerm, paginate } from '../kernel/pagination.ts';
import { crudActions } from '../kernel/crud-actions.ts';
import { INTEGER_PK } from '../kernel/params.ts';
import { hashPassword } from '../kernel/secrets.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { ref } from '../kernel/validator.ts';
import { bootstrapAdmin } from './bootstrap.ts';
import { credentialActions } from './credential-actions.ts';
import { mfaDeviceActions } from './mfa-device-actions.ts';
import { createServiceAccount } from './service-account.ts';
import { userForKey } from './token.repository.ts';
import { User, type UserEntity } from './user.entity.ts';
import { detachUser, findUser, serializeUsers, superuserPks } from './user.repository.ts';

async function applyUser(em: EntityManager, user: UserEntity, data: UserRequest): Promise<void> {
  const { groups, ...fields } = data;
  em.assign(user, fields as never);
  if (groups !== undefined) await setUserGroups(em, user, groups);
}

export function usersService(deps: ServiceDeps): ServiceSchema {
  const show = async (em: EntityManager, user: UserEntity) => (await serializeUsers(em, [user], deps.installId))[0];

  return {
    name: 'users',
    actions: {
      list: {
        params: ref('user-list-query'),
        async handler(ctx) {
          const q = ctx.params as ListQuery & UserListQuery;
          const em = forkEm(deps);
          const where: Record<string, unknown> = {};
          for (const key of ['username', 'email', 'is_active', 'type', 'path'] as const) if (q[key] !== undefined) where[key] = q[key];
          if (q.search) {
            const term = likeTerm(q.search);
            where.$or = [{ username: { $ilike: term } }, { name: { $ilike: term } }, { email: { $ilike: term } }];
          }
          if (q.groups_by_pk) where.pk = { $in: (await em.find(Membership, { group: q.groups_by_pk })).map((m) => m.user.pk) };
          const { pagination, rows } = await paginate(em, User, where, q, { allowed: ['pk', 'username', 'name', 'email', 'date_joined', 'last_login'], default: 'username', tieBreaker: 'pk' });
          return { pagination, results: await serializeUsers(em, rows, deps.installId) };
        },
      },
      ...crudActions<UserEntity, UserRequest, UserDto, number>({
        deps, key: 'pk', keySchema: INTEGER_PK, request: 'user-request', required: ['username', 'name'],
        replaceDefaults: { email: '', is_active: true, path: 'users', attributes: {}, type: 'internal' },
        find: findUser,
        blank: (em) => em.create(User, { uuid: crypto.randomUUID(), username: '' } as never) as UserEntity,
        apply: (em, user, data) => applyUser(em, user, data),
        serialize: show,
        beforeRemove: detachUser,
      }),
      setPassword: {
        params: { type: 'object', properties: { pk: INTEGER_PK, password: { type: 'string', minLength: 8, maxLength: 1024 } }, required: ['pk', 'password'], additionalProperties: false },
        async handler(ctx) {
          const { pk, password } = ctx.params as { pk: number; password: string };
          const hash = await hashPassword(password);
          await forkEm(deps).transactional(async (em) => {
            const user = await findUser(em, pk);
            user.password_hash = hash;
            user.password_change_date = new Date();
            await em.flush();
          });
          return { pk };
        },
      },
      ...mfaDeviceActions(deps),
      ...credentialActions(deps),
      createServiceAccount: {
        params: ref('service-account-request'),
        handler: (ctx) => forkEm(deps).transactional((em) => createServiceAccount(em, ctx.params as ServiceAccountRequest, deps.installId)),
      },
      /** The principal behind an API key; the gateway calls this for every request. */
      authenticate: {
        params: { type: 'object', properties: { key: { type: 'string', minLength: 1, maxLength: 512 } }, required: ['key'], additionalProperties: false },
        async handler(ctx) {
          const em = forkEm(deps);
          const user = await userForKey(em, (ctx.params as { key: string }).key);
          if (!user) throw new IdpError('unauthenticated');
          const superusers = await superuserPks(em, [user.pk]);
          return { pk: user.pk, username: user.username, email: user.email, is_superuser: superusers.has(user.pk) };
        },
      },
      bootstrap: {
        params: {
          type: 'object',
          properties: { token: { type: 'string', minLength: 16, maxLength: 512 }, password: { type: 'string', minLength: 8, maxLength: 1024 }, email: { type: 'string' } },
          additionalProperties: false,
        },
        handler: (ctx) => forkEm(deps).transactional((em) => bootstrapAdmin(em, ctx.params as { token?: string; password?: string; email?: string })),
      },
    },
  };
}
