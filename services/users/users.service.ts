import type { ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { ListQuery, ServiceAccountRequest, UserListQuery, UserRequest } from '../../schemas/types.ts';
import { Membership } from '../groups/membership.entity.ts';
import { setUserGroups } from '../groups/membership.repository.ts';
import { IdpError } from '../kernel/errors.ts';
import { likeTerm, paginate } from '../kernel/pagination.ts';
import { byPk, INTEGER_PK, pkWithData } from '../kernel/params.ts';
import { hashPassword } from '../kernel/secrets.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { ref, refRequiring } from '../kernel/validator.ts';
import { bootstrapAdmin } from './bootstrap.ts';
import { createServiceAccount } from './service-account.ts';
import { userForKey } from './token.repository.ts';
import { User, type UserEntity } from './user.entity.ts';
import { findUser, serializeUsers, superuserPks } from './user.repository.ts';

const REPLACE_DEFAULTS = { email: '', is_active: true, path: 'users', attributes: {}, type: 'internal' } as const;

async function applyUser(em: EntityManager, user: UserEntity, data: UserRequest): Promise<void> {
  const { groups, ...fields } = data;
  em.assign(user, fields as never);
  if (groups !== undefined) await setUserGroups(em, user, groups);
}

export function usersService(deps: ServiceDeps): ServiceSchema {
  const show = async (em: EntityManager, user: UserEntity) => (await serializeUsers(em, [user], deps.installId))[0];
  const write = (fn: (em: EntityManager) => Promise<UserEntity>) =>
    forkEm(deps).transactional(async (em) => {
      const user = await fn(em);
      await em.flush();
      return show(em, user);
    });

  return {
    name: 'users',
    actions: {
      list: {
        params: { ...ref('user-list-query') },
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
      get: {
        params: byPk(INTEGER_PK),
        async handler(ctx) {
          const em = forkEm(deps);
          return show(em, await findUser(em, (ctx.params as { pk: number }).pk));
        },
      },
      create: {
        params: refRequiring('user-request', ['username', 'name']),
        handler: (ctx) =>
          write(async (em) => {
            const user = em.create(User, { uuid: crypto.randomUUID(), username: '' } as never) as UserEntity;
            await applyUser(em, user, ctx.params as UserRequest);
            return user;
          }),
      },
      replace: {
        params: pkWithData(INTEGER_PK, 'user-request', ['username', 'name']),
        handler: (ctx) => {
          const { pk, data } = ctx.params as { pk: number; data: UserRequest };
          return write(async (em) => {
            const user = await findUser(em, pk);
            await applyUser(em, user, { ...REPLACE_DEFAULTS, ...data });
            return user;
          });
        },
      },
      update: {
        params: pkWithData(INTEGER_PK, 'user-request'),
        handler: (ctx) => {
          const { pk, data } = ctx.params as { pk: number; data: UserRequest };
          return write(async (em) => {
            const user = await findUser(em, pk);
            await applyUser(em, user, data);
            return user;
          });
        },
      },
      remove: {
        params: byPk(INTEGER_PK),
        async handler(ctx) {
          const { pk } = ctx.params as { pk: number };
          await forkEm(deps).transactional(async (em) => {
            const user = await findUser(em, pk);
            for (const m of await em.find(Membership, { user: pk }, { populate: ['group'] })) em.remove(m);
            em.remove(user);
            await em.flush();
          });
          return { pk };
        },
      },
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
      createServiceAccount: {
        params: { ...ref('service-account-request') },
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
