import { describe, expect, it } from 'vitest';
import { Browser, formAction } from './support/browser.ts';
import { freePort } from './support/child.ts';
import { origin } from './support/http.ts';
import { makeUser } from './support/ldap.ts';
import { authorization, codeFlowTokens, makeOAuth2App, REDIRECT, relyingParty } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

describe('OAuth2 metrics', async () => {
  const metricsPort = await freePort();
  const ctx = usePlatform({ metricsPort });

  it('counts requests by provider, endpoint and status, and sign-ins by method and result, never with a secret', async () => {
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Metered', { consent: 'implicit' });
    await makeUser(ctx.admin, 'meg', 'meg-password-1');
    const config = await relyingParty(app);
    const { url } = await authorization(config, { scope: 'openid' });
    const browser = new Browser();
    const login = await browser.follow(url, REDIRECT);
    expect((await browser.request(formAction(login), { form: { username: 'meg', password: 'not-megs-password' } })).status).toBe(400);
    await codeFlowTokens(config, 'meg', 'meg-password-1', { scope: 'openid' });
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(text).toMatch(/^idp_oauth2_requests_total\{[^}]*provider="Metered",endpoint="\.well-known\/openid-configuration",status="200"\} [1-9]/m);
    expect(text).toMatch(/^idp_oauth2_requests_total\{[^}]*provider="Metered",endpoint="auth",status="303"\} [1-9]/m);
    expect(text).toMatch(/^idp_oauth2_requests_total\{[^}]*provider="Metered",endpoint="token",status="200"\} [1-9]/m);
    expect(text).toMatch(/^idp_oauth2_requests_total\{[^}]*provider="Metered",endpoint="interaction",status="400"\} 1$/m);
    expect(text).toMatch(/^idp_oauth2_sign_ins_total\{[^}]*provider="Metered",method="password",result="failed"\} 1$/m);
    expect(text).toMatch(/^idp_oauth2_sign_ins_total\{[^}]*provider="Metered",method="password",result="succeeded"\} 1$/m);
    expect(text).not.toContain('meg-password-1');
    expect(text).not.toContain(app.clientSecret!);
  });
});
