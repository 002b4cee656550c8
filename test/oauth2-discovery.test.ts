import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { origin } from './support/http.ts';
import { makeLdapProvider } from './support/ldap.ts';
import { makeOAuth2App, relyingParty, type OAuth2App } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

const jwksOf = async (meta: oidc.ServerMetadata) => (await (await fetch(meta.jwks_uri!)).json()) as { keys: Record<string, unknown>[] };

describe('OAuth2 discovery and JWKS', () => {
  const ctx = usePlatform();
  let confidential: OAuth2App;
  let withClientCredentials: OAuth2App;
  let publicApp: OAuth2App;

  beforeAll(async () => {
    const base = origin(ctx.platform.baseUrl);
    confidential = await makeOAuth2App(ctx.admin, base, 'Disco Confidential');
    withClientCredentials = await makeOAuth2App(ctx.admin, base, 'Disco Machine', { client_credentials: true, scopes: ['openid', 'email'] });
    publicApp = await makeOAuth2App(ctx.admin, base, 'Disco Public', { client_type: 'public' });
  });

  it('advertises the issuer it was fetched under, its endpoints and exactly the supported flows, methods and algorithms', async () => {
    const meta = (await relyingParty(confidential)).serverMetadata();
    const issuer = confidential.issuer;
    expect(issuer).toMatch(/\/application\/o\/disco-confidential\/$/);
    expect(meta.issuer).toBe(issuer);
    expect(meta.authorization_endpoint).toBe(`${issuer}auth`);
    expect(meta.token_endpoint).toBe(`${issuer}token`);
    expect(meta.userinfo_endpoint).toBe(`${issuer}me`);
    expect(meta.introspection_endpoint).toBe(`${issuer}token/introspection`);
    expect(meta.revocation_endpoint).toBe(`${issuer}token/revocation`);
    expect(meta.end_session_endpoint).toBe(`${issuer}session/end`);
    expect(meta.jwks_uri).toBe(`${issuer}jwks`);
    expect(meta.response_types_supported).toEqual(['code']);
    expect(meta.grant_types_supported).toEqual(['authorization_code', 'refresh_token']);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'client_secret_post']);
    expect(meta.token_endpoint_auth_signing_alg_values_supported).toBeUndefined();
    expect(meta.id_token_signing_alg_values_supported).toContain('RS256');
    expect(meta.id_token_signing_alg_values_supported!.filter((alg) => alg.startsWith('HS') || alg === 'none')).toEqual([]);
    expect(meta.scopes_supported).toEqual(['openid', 'profile', 'email', 'offline_access']);
    expect(meta.subject_types_supported).toEqual(['public']);
  });

  it('lists client_credentials when the provider enables it, and only the configured scopes and their claims', async () => {
    const meta = (await relyingParty(withClientCredentials)).serverMetadata();
    expect(meta.grant_types_supported).toEqual(['authorization_code', 'refresh_token', 'client_credentials']);
    expect(meta.scopes_supported).toEqual(['openid', 'email']);
    expect(meta.claims_supported).toEqual(expect.arrayContaining(['sub', 'email', 'email_verified']));
    expect(meta.claims_supported).not.toContain('preferred_username');
  });

  it('advertises only the none client authentication for a public client', async () => {
    const meta = (await relyingParty(publicApp)).serverMetadata();
    expect(meta.token_endpoint_auth_methods_supported).toEqual(['none']);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('publishes public RSA signing keys only, each with kid, alg and use', async () => {
    const { keys } = await jwksOf((await relyingParty(confidential)).serverMetadata());
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String), n: expect.any(String), e: 'AQAB' });
      expect(Object.keys(key).filter((member) => PRIVATE_MEMBERS.includes(member))).toEqual([]);
    }
  });

  it('gives two applications different issuers and different keys', async () => {
    const [a, b] = await Promise.all([confidential, withClientCredentials].map(async (app) => (await relyingParty(app)).serverMetadata()));
    expect(a.issuer).not.toBe(b.issuer);
    const [keysA, keysB] = await Promise.all([jwksOf(a), jwksOf(b)]);
    const kidsA = keysA.keys.map((k) => k.kid);
    expect(keysB.keys.filter((k) => kidsA.includes(k.kid) || keysA.keys.some((other) => other.n === k.n))).toEqual([]);
  });

  it('answers 404 for an unknown slug and for an application whose provider is not oauth2', async () => {
    const base = origin(ctx.platform.baseUrl);
    await makeLdapProvider(ctx.admin, 'Disco Directory');
    for (const slug of ['no-such-application', 'disco-directory']) {
      const res = await fetch(`${base}/application/o/${slug}/.well-known/openid-configuration`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      await res.body?.cancel();
    }
    await expect(oidc.discovery(new URL(`${base}/application/o/disco-directory/`), 'x', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] })).rejects.toThrow();
  });
});
