import type { Grant, KoaContextWithOIDC } from 'oidc-provider';
import type { RecordStore } from '../sdk/index.ts';
import type { OAuth2Config } from './config.ts';

const KIND = 'consent';
/** A remembered consent lasts this long (authentik's "permanent" consent); a new scope asks again. */
const CONSENT_TTL = 365 * 86_400;

const scopesOf = (text: string) => new Set(text.split(' ').filter(Boolean));

/**
 * Remembers the scopes a user consented to for this provider (adding to those remembered before), so later
 * sign-ins from any browser do not ask again. Scopes, not a grant: every browser session gets its own grant, so
 * revoking one session's tokens (or a reused refresh token revoking its grant) leaves the user's other devices alone.
 */
export async function rememberConsent(store: RecordStore, providerPk: number, sub: string, scope: string) {
  const id = `${providerPk}:${sub}`;
  const before = String((await store.get(KIND, id))?.payload.scope ?? '');
  await store.put(KIND, id, { scope: [...new Set([...scopesOf(before), ...scopesOf(scope)])].join(' ') }, { expiresIn: CONSENT_TTL });
}

/**
 * The grant an authorization continues from, by consent mode: the one just consented to; else this browser
 * session's grant; else a new grant holding, for `remembered`, the scopes the user consented to before
 * (oidc-provider asks only for the ones it lacks) and, for `implicit`, every requested scope. For `always`, none,
 * so every authorization asks.
 */
export async function rememberedGrant(koa: KoaContextWithOIDC, store: RecordStore, providerPk: number, mode: OAuth2Config['consent']): Promise<Grant | undefined> {
  const { Grant } = koa.oidc.provider;
  const consented = koa.oidc.result?.consent?.grantId as string | undefined;
  if (consented) return Grant.find(consented);
  if (mode === 'always') return undefined;
  const clientId = koa.oidc.client!.clientId;
  const sessionGrantId = koa.oidc.session!.grantIdFor(clientId);
  const sessionGrant = sessionGrantId ? await Grant.find(sessionGrantId) : undefined;
  const sub = koa.oidc.session!.accountId!;
  const scope = mode === 'implicit' ? String(koa.oidc.params!.scope ?? 'openid') : String((await store.get(KIND, `${providerPk}:${sub}`))?.payload.scope ?? '');
  if (!scope) return sessionGrant;
  const grant = sessionGrant ?? new Grant({ accountId: sub, clientId });
  grant.addOIDCScope(scope);
  await grant.save();
  return grant;
}
