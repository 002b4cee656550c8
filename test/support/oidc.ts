import * as oidc from 'openid-client';
import { Browser, formAction } from './browser.ts';
import type { Client as Api } from './platform.ts';

export interface OAuth2App {
  pk: number;
  slug: string;
  issuer: string;
  clientId: string;
  /** The generated secret the create response showed (confidential clients). */
  clientSecret: string | undefined;
}

/** An oauth2 provider bound to a new application (no policies: every active user may sign in). */
export async function makeOAuth2App(admin: Api, origin: string, name: string, config: Record<string, unknown> = {}): Promise<OAuth2App> {
  const provider = await admin.post('/providers/oauth2/', { name, redirect_uris: 'http://127.0.0.1:9/callback', ...config });
  if (provider.status !== 201) throw new Error(`creating provider ${name}: ${provider.status} ${JSON.stringify(provider.body)}`);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const app = await admin.post('/core/applications/', { name, slug, provider: provider.body.pk });
  if (app.status !== 201) throw new Error(`creating application ${slug}: ${app.status} ${JSON.stringify(app.body)}`);
  const issuer = `${origin}/application/o/${slug}/`;
  await issuerReady(issuer);
  return { pk: provider.body.pk, slug, issuer, clientId: provider.body.client_id, clientSecret: provider.body.client_secret };
}

/** Waits (up to 10 s) until the server has picked up a new binding and the issuer answers its discovery document. */
export async function issuerReady(issuer: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await fetch(`${issuer}.well-known/openid-configuration`);
    await res.body?.cancel();
    if (res.status === 200) return;
    if (Date.now() > deadline) throw new Error(`${issuer} still answers ${res.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The redirect URI makeOAuth2App registers (nothing listens there: the browser stops before following it). */
export const REDIRECT = 'http://127.0.0.1:9/callback';

/** openid-client's view of an application's issuer (discovered over plain HTTP); Basic auth with its secret, or none. */
export function relyingParty(app: OAuth2App, auth?: oidc.ClientAuth): Promise<oidc.Configuration> {
  const clientAuth = auth ?? (app.clientSecret ? oidc.ClientSecretBasic(app.clientSecret) : oidc.None());
  return oidc.discovery(new URL(app.issuer), app.clientId, undefined, clientAuth, { execute: [oidc.allowInsecureRequests] });
}

/**
 * The whole browser sign-in for an authorization URL: the login form with these credentials, then consent when asked.
 * Returns the callback URL the browser is sent to (with the code, or an error).
 */
export async function signIn(authorizeUrl: string, username: string, password: string, redirect = REDIRECT, browser = new Browser()): Promise<string> {
  let page = await browser.follow(authorizeUrl, redirect);
  if (!page.location) page = await browser.follow(formAction(page), redirect, { form: { username, password } });
  if (!page.location && page.body.includes('name="decision"')) page = await browser.follow(formAction(page), redirect, { form: { decision: 'allow' } });
  if (!page.location?.startsWith(redirect)) throw new Error(`sign-in did not return to ${redirect}: ${page.status} ${page.body.slice(0, 300)}`);
  return page.location;
}

/**
 * An authorization URL with a fresh state and (unless `pkce` is false) an S256 challenge, and what redeeming its code
 * needs. Asking for offline_access adds prompt=consent, without which OpenID Connect (§11) issues no refresh token.
 */
export async function authorization(config: oidc.Configuration, params: Record<string, string> = {}, pkce = true) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const challenge: Record<string, string> = pkce ? { code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' } : {};
  const scope = params.scope ?? 'openid profile email offline_access';
  const consent: Record<string, string> = scope.split(' ').includes('offline_access') ? { prompt: 'consent' } : {};
  const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope, state, ...challenge, ...consent, ...params });
  return { url: url.href, verifier, state };
}

/** The authorization code flow (PKCE, offline_access unless `params` say otherwise) for a user, through to the tokens. */
export async function codeFlowTokens(config: oidc.Configuration, username: string, password: string, params: Record<string, string> = {}) {
  const { url, verifier, state } = await authorization(config, params);
  const callback = await signIn(url, username, password);
  return oidc.authorizationCodeGrant(config, new URL(callback), { pkceCodeVerifier: verifier, expectedState: state });
}

/** HTTP Basic client authentication (RFC 6749 §2.3.1: id and secret form-encoded first). */
export const basicAuth = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** A raw form POST to an endpoint of the issuer (for requests openid-client would refuse to send), with its JSON answer. */
export async function postForm(url: string, form: Record<string, string>, authorization?: string): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (authorization) headers.authorization = authorization;
  const res = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/**
 * The OAuth error a rejected openid-client call got from the server: HTTP status and `error` code, from the body or,
 * for a 401 with a challenge (which openid-client reports instead of the body), from the WWW-Authenticate header.
 */
export async function oauthError(call: Promise<unknown>): Promise<{ status: number; error: string }> {
  try {
    await call;
  } catch (err) {
    const { status, error, cause } = err as { status?: number; error?: string; cause?: unknown };
    if (typeof status === 'number' && typeof error === 'string') return { status, error };
    const challenged = Array.isArray(cause) ? (cause[0] as { parameters?: { error?: string } })?.parameters?.error : undefined;
    if (typeof status === 'number' && challenged) return { status, error: challenged };
    throw err;
  }
  throw new Error('the request succeeded');
}
