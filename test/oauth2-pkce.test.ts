import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './support/browser.ts';
import { origin } from './support/http.ts';
import { makeUser } from './support/ldap.ts';
import { authorization, makeOAuth2App, oauthError, REDIRECT, relyingParty, signIn } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

const USER = 'pkce-user';
const PASSWORD = 'pkce-password-1';

/** Where the authorization endpoint sends the browser straight away (before any sign-in page). */
async function refusal(url: string) {
  const reply = await new Browser().request(url);
  expect(reply.status).toBe(303);
  return new URL(reply.location!);
}

describe('OAuth2 PKCE (regressions for CVE-2023-48228 and CVE-2024-23647)', () => {
  const ctx = usePlatform();
  let publicRp: oidc.Configuration;
  let confidentialRp: oidc.Configuration;

  beforeAll(async () => {
    const base = origin(ctx.platform.baseUrl);
    publicRp = await relyingParty(await makeOAuth2App(ctx.admin, base, 'PKCE Public', { client_type: 'public' }));
    confidentialRp = await relyingParty(await makeOAuth2App(ctx.admin, base, 'PKCE Confidential'));
    await makeUser(ctx.admin, USER, PASSWORD);
  });

  it('refuses a public client\'s authorization request without code_challenge, redirecting with invalid_request and no code', async () => {
    const { url } = await authorization(publicRp, {}, false);
    const back = await refusal(url);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
    expect(back.searchParams.has('code')).toBe(false);
  });

  it('refuses code_challenge_method=plain for public and confidential clients', async () => {
    for (const rp of [publicRp, confidentialRp]) {
      const verifier = oidc.randomPKCECodeVerifier();
      const { url } = await authorization(rp, { code_challenge: verifier, code_challenge_method: 'plain' }, false);
      const back = await refusal(url);
      expect(back.searchParams.get('error')).toBe('invalid_request');
      expect(back.searchParams.has('code')).toBe(false);
    }
  });

  it('refuses a code issued with a challenge without a verifier and with a wrong one, and redeems it with the right one', async () => {
    const { url, verifier, state } = await authorization(publicRp);
    const callback = new URL(await signIn(url, USER, PASSWORD));
    expect(await oauthError(oidc.authorizationCodeGrant(publicRp, callback, { expectedState: state }))).toEqual({ status: 400, error: 'invalid_grant' });
    const wrong = { pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: state };
    expect(await oauthError(oidc.authorizationCodeGrant(publicRp, callback, wrong))).toEqual({ status: 400, error: 'invalid_grant' });
    const tokens = await oidc.authorizationCodeGrant(publicRp, callback, { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.claims()!.sub).toBeTruthy();
  });

  it('refuses a code issued without a challenge when a code_verifier is sent (no downgrade)', async () => {
    const { url, state } = await authorization(confidentialRp, {}, false);
    const callback = new URL(await signIn(url, USER, PASSWORD));
    const checks = { pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: state };
    expect(await oauthError(oidc.authorizationCodeGrant(confidentialRp, callback, checks))).toEqual({ status: 400, error: 'invalid_grant' });
  });

  it('redeems a code once: the second redemption fails and revokes the tokens of the first', async () => {
    for (const rp of [publicRp, confidentialRp]) {
      const { url, verifier, state } = await authorization(rp);
      const callback = new URL(await signIn(url, USER, PASSWORD));
      const checks = { pkceCodeVerifier: verifier, expectedState: state };
      const tokens = await oidc.authorizationCodeGrant(rp, callback, checks);
      expect((await oidc.tokenIntrospection(rp, tokens.access_token)).active).toBe(true);
      expect(await oauthError(oidc.authorizationCodeGrant(rp, callback, checks))).toEqual({ status: 400, error: 'invalid_grant' });
      expect((await oidc.tokenIntrospection(rp, tokens.access_token)).active).toBe(false);
      expect((await oidc.tokenIntrospection(rp, tokens.refresh_token!)).active).toBe(false);
      await expect(oidc.fetchUserInfo(rp, tokens.access_token, tokens.claims()!.sub)).rejects.toMatchObject({ status: 401 });
    }
  });
});
