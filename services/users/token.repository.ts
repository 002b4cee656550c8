import type { EntityManager } from '@mikro-orm/sql';
import type { Token as TokenDto, TokenIntent } from '../../schemas/types.ts';
import { generateKey, hashKey, sameHash } from '../kernel/secrets.ts';
import { Token, type TokenEntity } from './token.entity.ts';
import { User, type UserEntity } from './user.entity.ts';

export interface NewToken {
  user: UserEntity | number;
  identifier: string;
  intent: TokenIntent;
  description?: string;
  expiring?: boolean;
  expires?: Date | null;
  /** A caller-chosen key (bootstrap); otherwise a random one is made. */
  key?: string;
}

/** Default lifetimes: api and app_password tokens last 360 days unless told otherwise; one-time tokens 30 minutes. */
export function defaultExpiry(intent: TokenIntent, now = new Date()): Date {
  const minutes = intent === 'api' || intent === 'app_password' ? 360 * 24 * 60 : 30;
  return new Date(now.getTime() + minutes * 60_000);
}

/** Creates a token in the caller's unit of work and returns its key, which is never stored and never shown again. */
export function createToken(em: EntityManager, spec: NewToken): { token: TokenEntity; key: string } {
  const key = spec.key ?? generateKey();
  const expiring = spec.expiring ?? true;
  const token = em.create(Token, {
    identifier: spec.identifier,
    key_hash: hashKey(key),
    intent: spec.intent,
    user: typeof spec.user === 'number' ? em.getReference(User, spec.user) : spec.user,
    description: spec.description ?? '',
    expiring,
    expires: expiring ? (spec.expires ?? defaultExpiry(spec.intent)) : null,
  } as never) as TokenEntity;
  return { token, key };
}

export function serializeToken(t: TokenEntity, key?: string): TokenDto {
  return {
    pk: t.pk,
    identifier: t.identifier,
    intent: t.intent,
    user: t.user.pk,
    description: t.description,
    expires: t.expires ? t.expires.toISOString() : null,
    expiring: t.expiring,
    created: t.created.toISOString(),
    ...(key ? { key } : {}),
  };
}

/** Finds the active user behind an api or app_password key; null for an unknown, expired or inactive one. */
export async function userForKey(em: EntityManager, key: string, now = new Date()): Promise<UserEntity | null> {
  const hash = hashKey(key);
  const token = await em.findOne(Token, { key_hash: hash, intent: { $in: ['api', 'app_password'] } }, { populate: ['user'] });
  if (!token || !sameHash(token.key_hash, hash)) return null;
  if (token.expiring && token.expires && token.expires <= now) return null;
  const user = token.user;
  return user.is_active ? user : null;
}
