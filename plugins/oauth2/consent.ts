import type { Grant, KoaContextWithOIDC } from 'oidc-provider';
import type { RecordStore } from '../sdk/index.ts';
import type { OAuth2Config } from './config.ts';

const KIND = 'consent';
/** A remembered consent lasts this long (authentik's "permanent" consent); a new scope asks again. */
export const GRANT_TTL = 365 * 86_400;

/** Remembers the grant a user consented to for this provider, so later sign-ins (any session) do not ask again. */
export async function rememberConsent(store: RecordStore, providerPk: number, sub: string, grantId: string) {
  await store.put(KIND, `${providerPk}:${sub}`, { grantId }, { expiresIn: GRANT_TTL });
}

/**
 * The grant an authorization continues from, by consent mode: the one just consented to; for `remembered`, the
 * user's remembered grant (oidc-provider asks only for scopes it lacks); for `implicit`, that or a new grant with
 * every requested scope; for `always`, none, so every authorization asks.
 */
export async function rememberedGrant(koa: KoaContextWithOIDC, store: RecordStore, providerPk: number, mode: OAuth2Config['consent']): Promise<Grant | undefined> {
  const { Grant } = koa.oidc.provider;
  const consented = koa.oidc.result?.consent?.grantId as string | undefined;
  if (consented) return Grant.find(consented);
  if (mode === 'always') return undefined;
  const sub = koa.oidc.session!.accountId!;
  const remembered = (await store.get(KIND, `${providerPk}:${sub}`))?.payload.grantId as string | undefined;
  const grant = remembered ? await Grant.find(remembered) : undefined;
  if (mode === 'remembered') return grant;
  const clientId = koa.oidc.client!.clientId;
  const implicit = grant ?? new Grant({ accountId: sub, clientId });
  implicit.addOIDCScope(String(koa.oidc.params!.scope ?? 'openid'));
  const grantId = await implicit.save();
  if (!grant) await rememberConsent(store, providerPk, sub, grantId);
  return implicit;
}
