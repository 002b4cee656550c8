import type { ServiceSchema, Context } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { ListQuery, TokenListQuery, TokenRequest } from '../../schemas/types.ts';
import { IdpError, notFound } from '../kernel/errors.ts';
import { likeTerm, paginate } from '../kernel/pagination.ts';
import { byKey, keyWithData } from '../kernel/params.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { ref, refRequiring } from '../kernel/validator.ts';
import { Token, type TokenEntity } from './token.entity.ts';
import { createToken, defaultExpiry, serializeToken } from './token.repository.ts';
import { findUser } from './user.repository.ts';

interface Caller {
  pk: number;
  is_superuser: boolean;
}

const IDENTIFIER = { type: 'string', minLength: 1, maxLength: 255 };
const byIdentifier = byKey('identifier', IDENTIFIER);

/** The caller from the gateway, or null for a trusted service-to-service call (which may act on any token). */
const callerOf = (ctx: Context) => ((ctx.meta as { user?: Caller }).user ?? null);

async function findToken(em: EntityManager, identifier: string, caller: Caller | null): Promise<TokenEntity> {
  const token = await em.findOne(Token, { identifier });
  if (!token || (caller && !caller.is_superuser && token.user.pk !== caller.pk)) throw notFound('token', identifier);
  return token;
}

export function tokensService(deps: ServiceDeps): ServiceSchema {
  return {
    name: 'tokens',
    actions: {
      list: {
        params: ref('token-list-query'),
        async handler(ctx) {
          const q = ctx.params as ListQuery & TokenListQuery;
          const caller = callerOf(ctx);
          const em = forkEm(deps);
          const where: Record<string, unknown> = {};
          if (q.identifier !== undefined) where.identifier = q.identifier;
          if (q.intent !== undefined) where.intent = q.intent;
          if (q.user !== undefined) where.user = q.user;
          if (caller && !caller.is_superuser) where.user = caller.pk;
          if (q.search) where.identifier = { $ilike: likeTerm(q.search) };
          const { pagination, rows } = await paginate(em, Token, where, q, { allowed: ['identifier', 'created', 'expires'], default: 'identifier', tieBreaker: 'pk' });
          return { pagination, results: rows.map((t) => serializeToken(t)) };
        },
      },
      get: {
        params: byIdentifier,
        async handler(ctx) {
          return serializeToken(await findToken(forkEm(deps), (ctx.params as { identifier: string }).identifier, callerOf(ctx)));
        },
      },
      create: {
        params: refRequiring('token-request', ['identifier']),
        async handler(ctx) {
          const req = ctx.params as TokenRequest;
          const caller = callerOf(ctx);
          const owner = req.user ?? caller?.pk;
          if (owner === undefined) throw new IdpError('invalid_request', { detail: 'user is required', errors: [{ pointer: '/user', message: 'is required' }] });
          if (caller && !caller.is_superuser && owner !== caller.pk) throw new IdpError('forbidden', { detail: 'Only superusers create tokens for other users.' });
          return forkEm(deps).transactional(async (em) => {
            const user = await findUser(em, owner);
            const { token, key } = createToken(em, {
              user, identifier: req.identifier!, intent: req.intent ?? 'api', description: req.description,
              expiring: req.expiring, expires: req.expires ? new Date(req.expires) : undefined,
            });
            await em.flush();
            return serializeToken(token, key);
          });
        },
      },
      update: {
        params: keyWithData('identifier', IDENTIFIER, 'token-request'),
        async handler(ctx) {
          const { identifier, data } = ctx.params as { identifier: string; data: TokenRequest };
          if (data.user !== undefined || (data.identifier !== undefined && data.identifier !== identifier)) {
            throw new IdpError('invalid_request', { detail: 'A token keeps its identifier and owner.', errors: [{ pointer: data.user !== undefined ? '/user' : '/identifier', message: 'cannot be changed' }] });
          }
          return forkEm(deps).transactional(async (em) => {
            const token = await findToken(em, identifier, callerOf(ctx));
            if (data.description !== undefined) token.description = data.description;
            if (data.intent !== undefined) token.intent = data.intent;
            if (data.expiring !== undefined) token.expiring = data.expiring;
            if (data.expires !== undefined) token.expires = data.expires ? new Date(data.expires) : null;
            if (token.expiring && !token.expires) token.expires = defaultExpiry(token.intent);
            if (!token.expiring) token.expires = null;
            await em.flush();
            return serializeToken(token);
          });
        },
      },
      remove: {
        params: byIdentifier,
        async handler(ctx) {
          const { identifier } = ctx.params as { identifier: string };
          await forkEm(deps).transactional(async (em) => {
            em.remove(await findToken(em, identifier, callerOf(ctx)));
            await em.flush();
          });
          return { identifier };
        },
      },
    },
  };
}
