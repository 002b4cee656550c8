import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { origin } from './support/http.ts';
import { makeUser } from './support/ldap.ts';
import { codeFlowTokens, makeOAuth2App, relyingParty } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

describe('OAuth2 subject modes', () => {
  const ctx = usePlatform();

  it('gives the hashed user id by default: the SCIM provider\'s default externalId for the user, the same at every sign-in', async () => {
    const pk = await makeUser(ctx.admin, 'sam', 'sam-password-1', { email: 'sam@example.com' });
    const user = (await ctx.admin.get(`/core/users/${pk}/`)).body;
    const scimMapping = await ctx.admin.post('/propertymappings/scim/', { name: 'Nothing extra', expression: '{}' });
    const scimBody = (await ctx.admin.post(`/propertymappings/scim/${scimMapping.body.pk}/test/`, { user: pk })).body.result;
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Hashed Subject', { consent: 'implicit' });
    const config = await relyingParty(app);
    const first = await codeFlowTokens(config, 'sam', 'sam-password-1', { scope: 'openid' });
    const second = await codeFlowTokens(config, 'sam', 'sam-password-1', { scope: 'openid' });
    expect(first.claims()!.sub).toBe(scimBody.externalId);
    expect(first.claims()!.sub).toBe(user.uid);
    expect(second.claims()!.sub).toBe(first.claims()!.sub);
    expect((await oidc.tokenIntrospection(config, first.access_token)).sub).toBe(user.uid);
  });

  it('gives the numeric id, the UUID, the username or the email when the provider says so, in every token and at userinfo', async () => {
    const pk = await makeUser(ctx.admin, 'sue', 'sue-password-1', { email: 'sue@example.com' });
    const user = (await ctx.admin.get(`/core/users/${pk}/`)).body;
    const expected = { user_id: String(pk), user_uuid: user.uuid, user_username: 'sue', user_email: 'sue@example.com' };
    for (const [mode, sub] of Object.entries(expected)) {
      const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), `Subject ${mode}`, { consent: 'implicit', sub_mode: mode });
      const config = await relyingParty(app);
      const tokens = await codeFlowTokens(config, 'sue', 'sue-password-1', { scope: 'openid email offline_access' });
      expect(tokens.claims()!.sub, mode).toBe(sub);
      expect((await oidc.fetchUserInfo(config, tokens.access_token, sub)).email).toBe('sue@example.com');
      expect((await oidc.tokenIntrospection(config, tokens.access_token)).sub).toBe(sub);
      expect((await oidc.refreshTokenGrant(config, tokens.refresh_token!)).claims()!.sub).toBe(sub);
    }
  });
});
