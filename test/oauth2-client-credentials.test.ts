import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { origin } from './support/http.ts';
import { makeUser } from './support/ldap.ts';
import { basicAuth, makeOAuth2App, oauthError, postForm, relyingParty, type OAuth2App } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

const WRONG_SECRET = 'not-the-secret-'.repeat(4);

describe('OAuth2 client credentials', () => {
  const ctx = usePlatform();
  let app: OAuth2App;
  let disabled: OAuth2App;
  let account: { username: string; token: string; user_uid: string; user_pk: number };

  /** A token of `intent` for a user, as the tokens API returns its key. */
  const tokenKey = async (identifier: string, user: number, intent: string) => {
    const res = await ctx.admin.post('/core/tokens/', { identifier, user, intent });
    expect(res.status).toBe(201);
    return res.body.key as string;
  };

  beforeAll(async () => {
    const base = origin(ctx.platform.baseUrl);
    app = await makeOAuth2App(ctx.admin, base, 'Machines', { client_credentials: true });
    disabled = await makeOAuth2App(ctx.admin, base, 'No Machines');
    const created = await ctx.admin.post('/core/users/service_account/', { name: 'ci-bot' });
    expect(created.status).toBe(201);
    account = created.body;
  });

  it('gives a confidential client an access token for its secret, by HTTP Basic and by POST', async () => {
    for (const auth of [oidc.ClientSecretBasic(app.clientSecret!), oidc.ClientSecretPost(app.clientSecret!)]) {
      const rp = await relyingParty(app, auth);
      const tokens = await oidc.clientCredentialsGrant(rp);
      expect(tokens.token_type).toBe('bearer');
      expect(tokens.expires_in).toBeGreaterThan(0);
      expect(tokens.refresh_token).toBeUndefined();
      const info = await oidc.tokenIntrospection(rp, tokens.access_token);
      expect(info).toMatchObject({ active: true, client_id: app.clientId, token_type: 'Bearer' });
    }
  });

  it('refuses the grant with unsupported_grant_type where the provider does not enable it', async () => {
    for (const auth of [oidc.ClientSecretBasic(disabled.clientSecret!), oidc.ClientSecretPost(disabled.clientSecret!)]) {
      const rp = await relyingParty(disabled, auth);
      expect(await oauthError(oidc.clientCredentialsGrant(rp))).toEqual({ status: 400, error: 'unsupported_grant_type' });
    }
    const serviceForm = { grant_type: 'client_credentials', username: account.username, password: account.token };
    const withSecret = await postForm(`${disabled.issuer}token`, serviceForm, basicAuth(disabled.clientId, disabled.clientSecret!));
    expect([withSecret.status, withSecret.body.error]).toEqual([400, 'unsupported_grant_type']);
    // Without the secret it is no service-account grant there, just a confidential client that did not authenticate.
    const withoutSecret = await postForm(`${disabled.issuer}token`, { ...serviceForm, client_id: disabled.clientId });
    expect([withoutSecret.status, withoutSecret.body.error]).toEqual([401, 'invalid_client']);
  });

  it('answers a wrong secret with 401 invalid_client (a challenge for HTTP Basic), also beside a service account\'s credentials', async () => {
    for (const auth of [oidc.ClientSecretBasic(WRONG_SECRET), oidc.ClientSecretPost(WRONG_SECRET)]) {
      expect(await oauthError(oidc.clientCredentialsGrant(await relyingParty(app, auth)))).toEqual({ status: 401, error: 'invalid_client' });
    }
    const basic = await postForm(`${app.issuer}token`, { grant_type: 'client_credentials' }, basicAuth(app.clientId, WRONG_SECRET));
    expect([basic.status, basic.body.error]).toEqual([401, 'invalid_client']);
    expect(basic.headers.get('www-authenticate')).toMatch(/^Basic /);
    const serviceForm = { grant_type: 'client_credentials', username: account.username, password: account.token };
    const serviceBasic = await postForm(`${app.issuer}token`, serviceForm, basicAuth(app.clientId, WRONG_SECRET));
    expect([serviceBasic.status, serviceBasic.body.error]).toEqual([401, 'invalid_client']);
    const servicePost = await postForm(`${app.issuer}token`, { ...serviceForm, client_id: app.clientId, client_secret: WRONG_SECRET });
    expect([servicePost.status, servicePost.body.error]).toEqual([401, 'invalid_client']);
  });

  it('gives a service account a token for its username and app password, whose userinfo and introspection name it', async () => {
    const rp = await relyingParty(app, oidc.None());
    const tokens = await oidc.clientCredentialsGrant(rp, { username: account.username, password: account.token, scope: 'openid profile' });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope!.split(' ').sort()).toEqual(['openid', 'profile']);
    const info = await oidc.fetchUserInfo(rp, tokens.access_token, account.user_uid);
    expect(info).toMatchObject({ sub: account.user_uid, preferred_username: 'ci-bot' });
    const introspected = await oidc.tokenIntrospection(await relyingParty(app), tokens.access_token);
    expect(introspected).toMatchObject({ active: true, sub: account.user_uid, client_id: app.clientId });
    const withSecret = await oidc.clientCredentialsGrant(await relyingParty(app), { username: account.username, password: account.token });
    expect((await oidc.fetchUserInfo(rp, withSecret.access_token, account.user_uid)).sub).toBe(account.user_uid);
  });

  it('refuses a wrong app password, another user\'s app password and an api token with invalid_grant', async () => {
    const otherPk = await makeUser(ctx.admin, 'cc-other', 'cc-other-password-1');
    const keys = [
      'wrong-app-password-0123456789',
      await tokenKey('cc-other-app-password', otherPk, 'app_password'),
      await tokenKey('ci-bot-api-key', account.user_pk, 'api'),
    ];
    const rp = await relyingParty(app, oidc.None());
    for (const password of keys) {
      expect(await oauthError(oidc.clientCredentialsGrant(rp, { username: account.username, password }))).toEqual({ status: 400, error: 'invalid_grant' });
    }
    const otherClient = await postForm(`${app.issuer}token`, { grant_type: 'client_credentials', client_id: 'someone-else', username: account.username, password: account.token });
    expect([otherClient.status, otherClient.body.error]).toEqual([401, 'invalid_client']);
  });
});
