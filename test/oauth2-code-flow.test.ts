import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { Browser, formAction } from './support/browser.ts';
import { origin } from './support/http.ts';
import { makeUser } from './support/ldap.ts';
import { makeOAuth2App, REDIRECT } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

describe('OAuth2 authorization code flow', () => {
  const ctx = usePlatform();

  it('signs a user in through the login page with PKCE and gives the RP tokens, ID token claims and userinfo', async () => {
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Code App');
    await makeUser(ctx.admin, 'alice', 'alice-password-1', { email: 'alice@example.com', name: 'Alice A' });
    const config = await oidc.discovery(new URL(app.issuer), app.clientId, undefined, oidc.ClientSecretBasic(app.clientSecret), { execute: [oidc.allowInsecureRequests] });
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(app.issuer);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid profile email offline_access', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state, prompt: 'consent' });
    const browser = new Browser();
    const login = await browser.follow(url.href, REDIRECT);
    expect(login.status).toBe(200);
    const consent = await browser.follow(formAction(login), REDIRECT, { form: { username: 'alice', password: 'alice-password-1' } });
    expect(consent.body).toContain('Allow');
    const done = await browser.follow(formAction(consent), REDIRECT, { form: { decision: 'allow' } });
    expect(done.location).toMatch(/^http:\/\/127\.0\.0\.1:9\/callback\?code=/);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(done.location!), { pkceCodeVerifier: verifier, expectedState: state });
    const claims = tokens.claims()!;
    expect(claims.preferred_username).toBe('alice');
    expect(claims.email).toBe('alice@example.com');
    expect(tokens.refresh_token).toBeTruthy();
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info.name).toBe('Alice A');
  });
});
