import { describe, expect, it } from 'vitest';
import { Browser, formAction } from './support/browser.ts';
import { origin } from './support/http.ts';
import { makeUser } from './support/ldap.ts';
import { authorization, issuerReady, makeOAuth2App, REDIRECT, relyingParty } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

/** Every page the issuer renders: no framing, no caching, nothing loaded from elsewhere. */
function expectOwnPage(res: { headers: Headers }, body: string) {
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(body).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
  expect(body).not.toContain('<script');
}

describe('OAuth2 issuer pages', () => {
  const ctx = usePlatform();

  it('shows errors it cannot redirect on its own page, escaped', async () => {
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Pages App');
    await issuerReady(app.issuer);
    const url = `${app.issuer}auth?client_id=${app.clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/<b>elsewhere')}`;
    const res = await fetch(url, { redirect: 'manual' });
    const body = await res.text();
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expectOwnPage(res, body);
    expect(body).toContain('invalid_redirect_uri');
    expect(body).not.toContain('<b>');
  });

  it('ignores X-Forwarded-Proto and -Host from a client that is not a trusted proxy', async () => {
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Not Proxied');
    await issuerReady(app.issuer);
    const res = await fetch(`${app.issuer}.well-known/openid-configuration`, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' } });
    expect(((await res.json()) as { issuer: string }).issuer).toBe(app.issuer);
  });

  it('asks before signing out on its own page, with oidc-provider\'s form and nothing else', async () => {
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Logout Pages', { consent: 'implicit' });
    await issuerReady(app.issuer);
    await makeUser(ctx.admin, 'lou', 'lou-password-1');
    const browser = new Browser();
    const auth = await authorization(await relyingParty(app), { scope: 'openid' });
    const login = await browser.follow(auth.url, REDIRECT);
    const signedIn = await browser.follow(formAction(login), REDIRECT, { form: { username: 'lou', password: 'lou-password-1' } });
    expect(signedIn.status).toBe(303);
    const res = await browser.request(`${app.issuer}session/end?client_id=${app.clientId}`);
    const body = res.body;
    expect(res.status).toBe(200);
    expectOwnPage(res, body);
    expect(body).toContain('Sign out of Logout Pages?');
    expect(body).toMatch(/<form [^>]*id="op\.logoutForm"/);
  });
});
