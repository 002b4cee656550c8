import { randomInt } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { hashKey } from '../kernel/secrets.ts';
import { StaticToken } from './static-token.entity.ts';
import { User } from './user.entity.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const LENGTH = 8;

/** What a recovery code looks like (entered in any case). */
export const STATIC_TOKEN = /^[a-z0-9]{8}$/i;

/** A new recovery code: 8 characters from [a-z0-9], uniformly random (about 41 bits). */
function newCode(): string {
  return Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** Replaces the user's unused recovery codes with `count` new ones (distinct), in the caller's transaction; returns them. */
export async function replaceStaticTokens(em: EntityManager, userPk: number, count: number): Promise<string[]> {
  await em.nativeDelete(StaticToken, { user: userPk, used_at: null });
  const codes = new Set<string>();
  while (codes.size < count) codes.add(newCode());
  for (const code of codes) em.create(StaticToken, { user: em.getReference(User, userPk), token_hash: hashKey(code) } as never);
  await em.flush();
  return [...codes];
}

/** How many of the user's recovery codes are unused. */
export function remainingStaticTokens(em: EntityManager, userPk: number): Promise<number> {
  return em.count(StaticToken, { user: userPk, used_at: null });
}

/** Uses up one of the user's recovery codes; false when it is unknown or used already (by this or a racing call). */
export async function useStaticToken(em: EntityManager, userPk: number, code: string): Promise<boolean> {
  if (!STATIC_TOKEN.test(code)) return false;
  const rows = await em.execute<{ pk: string }[]>(
    `update authenticators_static_token set used_at = now() where user_pk = ? and token_hash = ? and used_at is null returning pk`,
    [userPk, hashKey(code.toLowerCase())],
  );
  return rows.length > 0;
}
