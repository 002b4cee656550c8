import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { Browser, formAction } from './support/browser.ts';
import { origin } from './support/http.ts';
import { makeUser } from './support/ldap.ts';
import { basicAuth, codeFlowTokens, makeOAuth2App, oauthError, postForm, REDIRECT, relyingParty, type OAuth2App } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

const USER = 'introspect-user';
const PASSWORD = 'introspect-password-1';
const SCOPE = 'openid profile email offline_access';

describe('OAuth2 token introspection and revocation', () => {
  const ctx = usePlatform();
  let app: OAuth2App;
  let rp: oidc.Configuration;

  const active = async (token: string) => (await oidc.tokenIntrospection(rp, token)).active;

  /** Whether signing in again (new browser, no prompt) shows the consent page, i.e. the user's remembered consent is gone. */
  const asksConsent = async () => {
    const browser = new Browser();
    const challenge = await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier());
    const url = oidc.buildAuthorizationUrl(rp, { redirect_uri: REDIRECT, scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256' });
    const login = await browser.follow(url.href, REDIRECT);
    const next = await browser.follow(formAction(login), REDIRECT, { form: { username: USER, password: PASSWORD } });
    if (next.location) expect(next.location).toMatch(/^http:\/\/127\.0\.0\.1:9\/callback\?code=/);
    else expect(next.body).toContain('name="decision"');
    return !next.location;
  };

  beforeAll(async () => {
    app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Introspection App');
    rp = await relyingParty(app);
    await makeUser(ctx.admin, USER, PASSWORD);
  });

  it('describes active access and refresh tokens to the authenticated client: sub, client_id, scope, exp', async () => {
    const tokens = await codeFlowTokens(rp, USER, PASSWORD);
    const sub = tokens.claims()!.sub;
    const now = Math.floor(Date.now() / 1000);
    const access = await oidc.tokenIntrospection(rp, tokens.access_token);
    expect(access).toMatchObject({ active: true, sub, client_id: app.clientId, scope: SCOPE, token_type: 'Bearer', iss: app.issuer });
    expect(access.exp).toBeGreaterThan(now);
    expect(access.exp).toBeLessThanOrEqual(now + 5 * 60 + 5);
    const refresh = await oidc.tokenIntrospection(await relyingParty(app, oidc.ClientSecretPost(app.clientSecret!)), tokens.refresh_token!, { token_type_hint: 'refresh_token' });
    expect(refresh).toMatchObject({ active: true, sub, client_id: app.clientId, scope: SCOPE });
    expect(refresh.exp).toBeGreaterThan(now + 29 * 86_400);
  });

  it('says inactive for a revoked access token, and for unknown tokens', async () => {
    const tokens = await codeFlowTokens(rp, USER, PASSWORD);
    await oidc.tokenRevocation(rp, tokens.access_token, { token_type_hint: 'access_token' });
    expect(await oidc.tokenIntrospection(rp, tokens.access_token)).toEqual({ active: false });
    expect(await oidc.tokenIntrospection(rp, 'no-such-token')).toEqual({ active: false });
    await expect(oidc.fetchUserInfo(rp, tokens.access_token, tokens.claims()!.sub)).rejects.toMatchObject({ status: 401 });
  });

  it('revoking an access token ends that token and the other tokens of its grant, but keeps the grant: signing in again asks no consent', async () => {
    const tokens = await codeFlowTokens(rp, USER, PASSWORD);
    const refreshed = await oidc.refreshTokenGrant(rp, tokens.refresh_token!);
    await oidc.tokenRevocation(rp, refreshed.access_token);
    expect(await active(refreshed.access_token)).toBe(false);
    expect(await active(refreshed.refresh_token!)).toBe(false);
    expect(await oauthError(oidc.refreshTokenGrant(rp, refreshed.refresh_token!))).toEqual({ status: 400, error: 'invalid_grant' });
    expect(await asksConsent()).toBe(false);
  });

  it('revoking a refresh token ends its grant (its access tokens stop working, it cannot refresh) but not the remembered consent', async () => {
    const tokens = await codeFlowTokens(rp, USER, PASSWORD);
    expect(await active(tokens.access_token)).toBe(true);
    await oidc.tokenRevocation(rp, tokens.refresh_token!, { token_type_hint: 'refresh_token' });
    expect(await active(tokens.refresh_token!)).toBe(false);
    expect(await active(tokens.access_token)).toBe(false);
    expect(await oauthError(oidc.refreshTokenGrant(rp, tokens.refresh_token!))).toEqual({ status: 400, error: 'invalid_grant' });
    expect(await asksConsent()).toBe(false);
  });

  it('keeps each browser session\'s tokens apart: revoking one device\'s refresh token leaves another device signed in', async () => {
    const laptop = await codeFlowTokens(rp, USER, PASSWORD);
    const phone = await codeFlowTokens(rp, USER, PASSWORD);
    await oidc.tokenRevocation(rp, laptop.refresh_token!, { token_type_hint: 'refresh_token' });
    expect(await active(laptop.access_token)).toBe(false);
    expect(await active(phone.access_token)).toBe(true);
    expect((await oidc.refreshTokenGrant(rp, phone.refresh_token!)).access_token).toBeTruthy();
  });

  it('refuses introspection and revocation without client authentication, or with a wrong secret', async () => {
    const tokens = await codeFlowTokens(rp, USER, PASSWORD);
    for (const endpoint of [`${app.issuer}token/introspection`, `${app.issuer}token/revocation`]) {
      const anonymous = await postForm(endpoint, { token: tokens.access_token });
      expect([anonymous.status, anonymous.body.error]).toEqual([400, 'invalid_request']);
      const idOnly = await postForm(endpoint, { token: tokens.access_token, client_id: app.clientId });
      expect([idOnly.status, idOnly.body.error]).toEqual([401, 'invalid_client']);
      const wrong = await postForm(endpoint, { token: tokens.access_token }, basicAuth(app.clientId, 'wrong-secret-'.repeat(4)));
      expect([wrong.status, wrong.body.error]).toEqual([401, 'invalid_client']);
      expect(anonymous.body.active).toBeUndefined();
    }
    expect(await active(tokens.access_token)).toBe(true);
  });
});
