import { setTimeout as sleep } from 'node:timers/promises';
import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { timeStep } from '../services/users/totp.ts';
import { Browser, formAction } from './support/browser.ts';
import { eventually } from './support/bus.ts';
import { origin } from './support/http.ts';
import { makeUser } from './support/ldap.ts';
import { enrollTotp, totpCode } from './support/oidc-login.ts';
import { authorization, makeOAuth2App, REDIRECT, relyingParty } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';


describe('OAuth2 login page throttling', () => {
  const ctx = usePlatform();

  it('refuses even the right password while a username is locked after repeated failures, then lets it in', async () => {
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Throttle App', { consent: 'implicit' });
    await makeUser(ctx.admin, 'tom', 'tom-password-1');
    const config = await oidc.discovery(new URL(app.issuer), app.clientId, undefined, oidc.ClientSecretBasic(app.clientSecret), { execute: [oidc.allowInsecureRequests] });
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const browser = new Browser();
    const page = await browser.follow(url.href, REDIRECT);
    const action = formAction(page);
    for (let i = 0; i < 6; i++) {
      const failed = await browser.request(action, { form: { username: 'tom', password: `wrong-${i}` } });
      expect(failed.status).toBe(400);
    }
    const locked = await browser.request(action, { form: { username: 'tom', password: 'tom-password-1' } });
    expect(locked.status).toBe(400);
    expect(locked.body).toContain('Invalid username or password.');
    await sleep(1100);
    const done = await browser.follow(action, REDIRECT, { form: { username: 'tom', password: 'tom-password-1' } });
    expect(done.location).toMatch(/^http:\/\/127\.0\.0\.1:9\/callback\?code=/);
    const failures = async () => (await ctx.admin.get('/events/events/?action=login_failed&page_size=50')).body.results.filter((e: { user: { username?: string } }) => e.user?.username === 'tom');
    expect(await eventually(failures, (found) => found.length >= 7)).toHaveLength(7);
  });

  it('locks a username after repeated wrong codes too, so TOTP codes cannot be guessed behind a right password', async () => {
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Code Throttle', { consent: 'implicit' });
    const pk = await makeUser(ctx.admin, 'tia', 'tia-password-1');
    const secret = await enrollTotp(ctx.admin, pk);
    const config = await relyingParty(app);
    const browser = new Browser();
    const login = await browser.follow((await authorization(config, { scope: 'openid' })).url, REDIRECT);
    const codePage = await browser.request(formAction(login), { form: { username: 'tia', password: 'tia-password-1' } });
    expect(codePage.body).toContain('name="code"');
    const valid = new Set([-1, 0, 1].map((d) => totpCode(secret, timeStep(Date.now(), 30) + d)));
    const wrong = Array.from({ length: 20 }, (_, i) => String(100000 + i * 37)).filter((c) => !valid.has(c)).slice(0, 6);
    for (const code of wrong) expect((await browser.request(formAction(codePage), { form: { code } })).status).toBe(400);
    const locked = await browser.request(formAction(codePage), { form: { code: totpCode(secret) } });
    expect(locked.status).toBe(400);
    expect(locked.body).toContain('That code is not valid.');
    await sleep(1100);
    const done = await browser.follow(formAction(codePage), REDIRECT, { form: { code: totpCode(secret) } });
    expect(done.location).toMatch(/^http:\/\/127\.0\.0\.1:9\/callback\?code=/);
  });
});
