import { ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { Token } from '../users/token.entity.ts';
import { createToken } from '../users/token.repository.ts';
import { User, type UserEntity } from '../users/user.entity.ts';
import type { SourceEntity } from './source.entity.ts';

const tokenIdentifier = (source: SourceEntity) => `ak-source-${source.type}-${source.pk}-token`;

/**
 * Gives a new (flushed) source its service account (`ak-source-<type>-<pk>`, an internal service account as authentik makes
 * one) and a non-expiring API token; returns the token's key, which only its SHA-256 keeps from here on.
 */
export function createSourceAccount(em: EntityManager, source: SourceEntity): string {
  const user = em.create(User, {
    uuid: crypto.randomUUID(), username: `ak-source-${source.type}-${source.pk}`, name: `Service account for source ${source.name}`,
    type: 'internal_service_account', path: `goauthentik.io/sources/${source.type}`,
    attributes: { 'goauthentik.io/user/service-account': true, 'goauthentik.io/user/token-expires': false },
  } as never) as UserEntity;
  source.user = ref(user);
  return createToken(em, { user, identifier: tokenIdentifier(source), intent: 'api', description: `Token for source ${source.name}`, expiring: false }).key;
}

/** Replaces the source's token with a new one (the old key stops working at once); returns the identifier and the new key. */
export async function rotateSourceToken(em: EntityManager, source: SourceEntity): Promise<{ identifier: string; token: string }> {
  const identifier = tokenIdentifier(source);
  const old = await em.findOne(Token, { identifier });
  if (old) em.remove(old);
  await em.flush();
  const { key } = createToken(em, { user: source.user!.pk, identifier, intent: 'api', description: `Token for source ${source.name}`, expiring: false });
  await em.flush();
  return { identifier, token: key };
}
