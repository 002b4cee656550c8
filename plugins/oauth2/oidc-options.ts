import { createHash } from 'node:crypto';
import { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { ServedProvider, ServerContext } from '../sdk/index.ts';
import { adapterFor } from './adapter.ts';
import { claimsOf, SCOPE_CLAIMS, userOfSubject } from './accounts.ts';
import { isNativeClient, uriLines, type OAuth2Config } from './config.ts';
import { rememberedGrant } from './consent.ts';
import { durationSeconds } from './durations.ts';
import { errorPage, logoutPage, PAGE_HEADERS, signedOutPage } from './pages.ts';
import type { ScopeMapping } from './scope-mappings.ts';
import type { KeySet } from './signing-keys.ts';

/** The path under which the gateway passes requests to this server. */
export const MOUNT = '/application/o';

const SESSION_TTL = 14 * 86_400;

/**
 * oidc-provider's prompts plus one reason to ask for a sign-in again: the session's user can no longer sign in
 * (deactivated or deleted, so findAccount finds nobody), which oidc-provider would otherwise answer with a server error.
 */
function signInPolicy() {
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(new interactionPolicy.Check('account_gone', 'the signed-in user can no longer sign in', 'login_required', (koa) => Boolean(koa.oidc.session?.accountId && !koa.oidc.account)), 0);
  return policy;
}

/** The client the provider serves, as oidc-provider metadata; the secret is its hash (see `compareClientSecret`). */
function clientMetadata(config: OAuth2Config) {
  const confidential = config.client_type === 'confidential';
  return {
    client_id: config.client_id,
    ...(confidential ? { client_secret: config.client_secret } : {}),
    token_endpoint_auth_method: confidential ? 'client_secret_basic' : 'none',
    application_type: isNativeClient(config) ? 'native' : 'web',
    redirect_uris: uriLines(config.redirect_uris),
    post_logout_redirect_uris: uriLines(config.post_logout_redirect_uris),
    grant_types: ['authorization_code', 'refresh_token', ...(confidential && config.client_credentials ? ['client_credentials'] : [])],
    response_types: ['code'],
    id_token_signed_response_alg: 'RS256',
  };
}

/** Cookie signing keys shared by every replica: derived from the provider's keys, so they rotate with them. */
const cookieKeys = (keys: KeySet) => keys.jwks.keys.map((k) => createHash('sha256').update(`cookie\0${String(k.d)}`).digest('base64url'));

/** Introspection and revocation answer only for the issuer's one client's own tokens. */
const ownTokensOnly = async (_koa: KoaContextWithOIDC, client: { clientId: string }, token: { clientId?: string }) => token.clientId === client.clientId;

/** Answers with one of our pages (see pages.ts) instead of oidc-provider's, which load web fonts and may be framed. */
function page(koa: KoaContextWithOIDC, html: string) {
  koa.set(PAGE_HEADERS);
  koa.body = html;
}

/**
 * oidc-provider's configuration for one provider: its client, keys and lifetimes; authorization code with PKCE
 * (S256 only; required for public clients), refresh tokens that rotate (a reused one revokes the grant),
 * introspection, revocation, RP-initiated logout, and client credentials when enabled. Every authorization checks
 * the application's access policies, also for users who already have a session.
 */
export function oidcOptions(ctx: ServerContext<OAuth2Config>, served: ServedProvider<OAuth2Config>, keys: KeySet, scopeMappings: ScopeMapping[]): Configuration {
  const config = served.config;
  const appName = served.application?.name ?? served.name;
  const access = durationSeconds(config.access_token_validity);
  const refresh = durationSeconds(config.refresh_token_validity);
  const redirectOrigins = new Set(uriLines(config.redirect_uris).filter((uri) => /^https?:/i.test(uri)).map((uri) => new URL(uri).origin));
  return {
    adapter: adapterFor(ctx.store, served.id) as never,
    clients: [clientMetadata(config) as never],
    jwks: keys.jwks as never,
    cookies: { keys: cookieKeys(keys), names: { session: `_session.${served.id}`, interaction: `_interaction.${served.id}`, resume: `_interaction_resume.${served.id}` } },
    // oidc-provider accepts (and advertises) every scope named here, so only the configured ones.
    claims: Object.fromEntries([...Object.entries(SCOPE_CLAIMS), ...scopeMappings.map((m) => [m.scope, m.claims] as const)].filter(([scope]) => config.scopes.includes(scope))),
    scopes: config.scopes,
    conformIdTokenClaims: !config.include_claims_in_id_token,
    responseTypes: ['code'],
    // Only what the one client can use: its secret is kept hashed, so no client_secret_jwt (nor private_key_jwt).
    clientAuthMethods: config.client_type === 'confidential' ? ['client_secret_basic', 'client_secret_post'] : ['none'],
    allowOmittingSingleRegisteredRedirectUri: false,
    // Browser apps (public clients) call the token, userinfo and revocation endpoints from their redirect URIs' origins.
    clientBasedCORS: (_koa, requestOrigin) => redirectOrigins.has(requestOrigin),
    enabledJWA: { idTokenSigningAlgValues: ['RS256'], userinfoSigningAlgValues: ['RS256'], introspectionSigningAlgValues: ['RS256'], authorizationSigningAlgValues: ['RS256'] },
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    ttl: { AccessToken: access, IdToken: access, ClientCredentials: access, AuthorizationCode: durationSeconds(config.access_code_validity), RefreshToken: refresh, Grant: refresh, Session: SESSION_TTL, Interaction: 3600 },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true, allowedPolicy: ownTokensOnly },
      revocation: { enabled: true, allowedPolicy: ownTokensOnly },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (koa, form) => page(koa, logoutPage(form, appName)),
        postLogoutSuccessSource: (koa) => page(koa, signedOutPage(appName)),
      },
      clientCredentials: { enabled: config.client_credentials },
    },
    interactions: { policy: signInPolicy(), url: (_ctx, interaction) => `${MOUNT}/${served.application!.slug}/interaction/${interaction.uid}` },
    renderError: (koa, out) => page(koa, errorPage(String(out.error), out.error_description === undefined ? undefined : String(out.error_description))),
    async findAccount(_ctx, sub) {
      const user = await userOfSubject(ctx, served.id, sub);
      if (!user) return undefined;
      return { accountId: sub, claims: (_use, scope) => claimsOf(ctx, user, sub, scopeMappings, new Set(scope.split(' '))) as never };
    },
    async loadExistingGrant(koa: KoaContextWithOIDC) {
      const sub = koa.oidc.session!.accountId!;
      const user = await userOfSubject(ctx, served.id, sub);
      if (!user || !(await ctx.identity.mayAccess(served, user.pk, koa.ip || null))) {
        throw new errors.AccessDenied('the application\'s policies do not let this user in');
      }
      return rememberedGrant(koa, ctx.store, served.id, config.consent);
    },
  } as Configuration;
}
