import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { origin } from './support/http.ts';
import { makeUser } from './support/ldap.ts';
import { codeFlowTokens, makeOAuth2App, oauthError, relyingParty } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

const USER = 'refresh-user';
const PASSWORD = 'refresh-password-1';
const refused = { status: 400, error: 'invalid_grant' };

describe('OAuth2 refresh tokens', () => {
  const ctx = usePlatform();
  let rp: oidc.Configuration;
  let publicRp: oidc.Configuration;

  const active = async (token: string) => (await oidc.tokenIntrospection(rp, token)).active;

  beforeAll(async () => {
    const base = origin(ctx.platform.baseUrl);
    rp = await relyingParty(await makeOAuth2App(ctx.admin, base, 'Refresh Confidential'));
    publicRp = await relyingParty(await makeOAuth2App(ctx.admin, base, 'Refresh Public', { client_type: 'public' }));
    await makeUser(ctx.admin, USER, PASSWORD);
  });

  it('rotates: a refresh returns new tokens and a new refresh token, and the old refresh token is then refused', async () => {
    const first = await codeFlowTokens(rp, USER, PASSWORD);
    const second = await oidc.refreshTokenGrant(rp, first.refresh_token!);
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.claims()!.sub).toBe(first.claims()!.sub);
    expect(await active(first.refresh_token!)).toBe(false);
    const third = await oidc.refreshTokenGrant(rp, second.refresh_token!);
    expect(third.refresh_token).not.toBe(second.refresh_token);
    expect(await oauthError(oidc.refreshTokenGrant(rp, first.refresh_token!))).toEqual(refused);
  });

  it('revokes the whole grant when an already rotated refresh token is presented again, and only that grant', async () => {
    const otherDevice = await codeFlowTokens(rp, USER, PASSWORD);
    const first = await codeFlowTokens(rp, USER, PASSWORD);
    const second = await oidc.refreshTokenGrant(rp, first.refresh_token!);
    expect(await active(second.refresh_token!)).toBe(true);
    expect(await active(second.access_token)).toBe(true);
    expect(await oauthError(oidc.refreshTokenGrant(rp, first.refresh_token!))).toEqual(refused);
    expect(await active(second.refresh_token!)).toBe(false);
    expect(await active(second.access_token)).toBe(false);
    expect(await oauthError(oidc.refreshTokenGrant(rp, second.refresh_token!))).toEqual(refused);
    await expect(oidc.fetchUserInfo(rp, second.access_token, second.claims()!.sub)).rejects.toMatchObject({ status: 401 });
    expect(await active(otherDevice.access_token)).toBe(true);
    expect(await active(otherDevice.refresh_token!)).toBe(true);
  });

  it('issues no refresh token without offline_access', async () => {
    const tokens = await codeFlowTokens(rp, USER, PASSWORD, { scope: 'openid profile email' });
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.scope!.split(' ')).not.toContain('offline_access');
  });

  it('lets a public client (no client authentication) refresh, with rotation too', async () => {
    const first = await codeFlowTokens(publicRp, USER, PASSWORD);
    expect(first.refresh_token).toBeTruthy();
    const second = await oidc.refreshTokenGrant(publicRp, first.refresh_token!);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const info = await oidc.fetchUserInfo(publicRp, second.access_token, first.claims()!.sub);
    expect(info.preferred_username).toBe(USER);
    expect(await oauthError(oidc.refreshTokenGrant(publicRp, first.refresh_token!))).toEqual(refused);
  });
});
