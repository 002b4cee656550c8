import { beforeAll, describe, expect, it } from 'vitest';
import { Browser, formAction } from './support/browser.ts';
import { eventually } from './support/bus.ts';
import { origin } from './support/http.ts';
import { makeUser } from './support/ldap.ts';
import { atClient, bindUser, enrollTotp, eventsOf, redeem, submitPassword, totpCode } from './support/oidc-login.ts';
import { authorization, makeOAuth2App, REDIRECT, relyingParty, type OAuth2App } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

describe('OAuth2 login page', () => {
  const ctx = usePlatform();
  let app: OAuth2App;
  const start = async (a = app) => (await authorization(await relyingParty(a), { scope: 'openid profile' })).url;
  const code = (browser: Browser, page: { body: string; url: string }, value: string) => browser.follow(formAction(page), REDIRECT, { form: { code: value } });

  beforeAll(async () => {
    app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Login Page App', { consent: 'implicit' });
  });

  it('answers a wrong password and an unknown user alike and records login_failed without the password', async () => {
    await makeUser(ctx.admin, 'lp-alice', 'alice-password-1');
    const browser = new Browser();
    const wrong = await submitPassword(browser, await start(), 'lp-alice', 'wrong-password-1');
    const unknown = await browser.follow(formAction(wrong), REDIRECT, { form: { username: 'lp-nobody', password: 'other-password-2' } });
    for (const page of [wrong, unknown]) {
      expect(page.status).toBe(400);
      expect(page.body).toContain('Invalid username or password.');
      expect(page.body).toContain('name="password"');
    }
    expect(unknown.body.replace('lp-nobody', 'X')).toBe(wrong.body.replace('lp-alice', 'X'));
    for (const [username, password] of [['lp-alice', 'wrong-password-1'], ['lp-nobody', 'other-password-2']]) {
      const events = await eventually(() => eventsOf(ctx.admin, 'login_failed', username), (e) => e.length === 1);
      expect(events[0].context).toMatchObject({ application: app.slug, method: 'password' });
      expect(JSON.stringify(events)).not.toContain(password);
    }
  });

  it('asks a user with a confirmed TOTP device for a code, refuses wrong and replayed ones and takes a recovery code once', async () => {
    const pk = await makeUser(ctx.admin, 'lp-totp', 'totp-password-1');
    const secret = await enrollTotp(ctx.admin, pk);
    const [recovery] = (await ctx.admin.post(`/core/users/${pk}/static_tokens/`, { count: 1 })).body.tokens as string[];
    const config = await relyingParty(app);
    const auth = await authorization(config, { scope: 'openid profile' });
    const browser = new Browser();
    const asked = await submitPassword(browser, auth.url, 'lp-totp', 'totp-password-1');
    expect(asked.status).toBe(200);
    expect(asked.body).toContain('name="code"');
    expect(asked.body).not.toContain('name="password"');
    const again = await browser.follow(asked.url, REDIRECT);
    expect(again.body).toContain('name="code"');
    const good = totpCode(secret);
    const bad = await code(browser, asked, good === '000000' ? '111111' : '000000');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('That code is not valid.');
    const done = await code(browser, bad, good);
    expect(atClient(done)?.get('code')).toBeTruthy();
    expect((await redeem(config, done.location!, auth)).claims()!.preferred_username).toBe('lp-totp');

    const replay = new Browser();
    const second = await submitPassword(replay, await start(), 'lp-totp', 'totp-password-1');
    const replayed = await code(replay, second, good);
    expect(replayed.status).toBe(400);
    expect(atClient(replayed)).toBeNull();
    expect(atClient(await code(replay, replayed, recovery))?.get('code')).toBeTruthy();
    const third = new Browser();
    const reused = await code(third, await submitPassword(third, await start(), 'lp-totp', 'totp-password-1'), recovery);
    expect(reused.status).toBe(400);
    const failed = await eventually(() => eventsOf(ctx.admin, 'login_failed', 'lp-totp'), (e) => e.length === 3);
    expect(failed.every((e) => e.context.method === 'totp')).toBe(true);
  });

  it('records login and authorize_application with the application on success', async () => {
    await makeUser(ctx.admin, 'lp-bob', 'bob-password-1');
    const done = await submitPassword(new Browser(), await start(), 'lp-bob', 'bob-password-1');
    expect(atClient(done)?.get('code')).toBeTruthy();
    const [login] = await eventually(() => eventsOf(ctx.admin, 'login', 'lp-bob'), (e) => e.length === 1);
    expect(login.context).toMatchObject({ provider: 'Login Page App', application: app.slug, method: 'password' });
    const [authorized] = await eventually(() => eventsOf(ctx.admin, 'authorize_application', 'lp-bob'), (e) => e.length === 1);
    expect(authorized.context.authorized_application).toEqual({ slug: app.slug, name: 'Login Page App' });
    expect(JSON.stringify([login, authorized])).not.toContain('bob-password-1');
  });

  it('does not sign an inactive user in, and asks one deactivated while signed in to sign in again', async () => {
    const pk = await makeUser(ctx.admin, 'lp-gone', 'gone-password-1');
    const browser = new Browser();
    expect(atClient(await submitPassword(browser, await start(), 'lp-gone', 'gone-password-1'))?.get('code')).toBeTruthy();
    expect((await ctx.admin.patch(`/core/users/${pk}/`, { is_active: false })).status).toBe(200);
    const again = await browser.follow(await start(), REDIRECT);
    expect(again.status).toBe(200);
    expect(again.body).toContain('name="password"');
    const silent = await browser.follow((await authorization(await relyingParty(app), { scope: 'openid', prompt: 'none' })).url, REDIRECT);
    expect(atClient(silent)?.get('error')).toBe('login_required');
    const page = await submitPassword(new Browser(), await start(), 'lp-gone', 'gone-password-1');
    expect(page.status).toBe(400);
    expect(page.body).toContain('Invalid username or password.');
  });

  it("sends a user the application's policies refuse back with access_denied and no code, also one already signed in", async () => {
    const guarded = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Guarded OIDC', { consent: 'implicit' });
    const ann = await makeUser(ctx.admin, 'lp-ann', 'ann-password-1');
    await makeUser(ctx.admin, 'lp-gus', 'gus-password-1');
    const gusBrowser = new Browser();
    expect(atClient(await submitPassword(gusBrowser, await start(guarded), 'lp-gus', 'gus-password-1'))?.get('code')).toBeTruthy();
    await bindUser(ctx.admin, guarded.slug, ann);
    const refused = await eventually(async () => atClient(await submitPassword(new Browser(), await start(guarded), 'lp-gus', 'gus-password-1')), (q) => q?.get('error') === 'access_denied');
    expect(refused!.get('code')).toBeNull();
    const again = atClient(await gusBrowser.follow(await start(guarded), REDIRECT));
    expect(again?.get('error')).toBe('access_denied');
    expect(again!.get('code')).toBeNull();
    expect(atClient(await submitPassword(new Browser(), await start(guarded), 'lp-ann', 'ann-password-1'))?.get('code')).toBeTruthy();
  });

  it('sends its pages with CSP, X-Frame-Options DENY and no-store, and escapes HTML in a username', async () => {
    const browser = new Browser();
    const login = await browser.follow(await start(), REDIRECT);
    const shown = await browser.follow(formAction(login), REDIRECT, { form: { username: '<script>alert(1)</script>"', password: 'x' } });
    expect(shown.status).toBe(400);
    for (const page of [login, shown]) {
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('cache-control')).toBe('no-store');
    }
    expect(shown.body).not.toContain('<script>');
    expect(shown.body).toContain('value="&#60;script&#62;alert(1)&#60;/script&#62;&#34;"');
  });
});
