import { describe, expect, it } from 'vitest';
import { Browser } from './support/browser.ts';
import { origin } from './support/http.ts';
import { makeUser } from './support/ldap.ts';
import { atClient, decide, isConsent, redeem, submitPassword } from './support/oidc-login.ts';
import { authorization, makeOAuth2App, REDIRECT, relyingParty } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

describe('OAuth2 consent', () => {
  const ctx = usePlatform();

  /** An app with this consent mode, a user, and a sign-in that gives the page or redirect after the password. */
  async function setUp(consent: string, username: string) {
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), `Consent ${username}`, { consent });
    await makeUser(ctx.admin, username, `${username}-password-1`);
    const config = await relyingParty(app);
    const login = async (browser: Browser, scope = 'openid profile') => {
      const auth = await authorization(config, { scope });
      return { auth, page: await submitPassword(browser, auth.url, username, `${username}-password-1`) };
    };
    /** A new authorization in a browser that already has a session (no password asked). */
    const reauthorize = async (browser: Browser, scope = 'openid profile') => {
      const auth = await authorization(config, { scope });
      return { auth, page: await browser.follow(auth.url, REDIRECT) };
    };
    return { config, login, reauthorize };
  }

  it('remembered: asks once, not again in a new browser session for the same scopes, and again for a new scope', async () => {
    const { config, login, reauthorize } = await setUp('remembered', 'cs-remy');
    const browser = new Browser();
    const asked = await login(browser);
    expect(isConsent(asked.page)).toBe(true);
    expect(asked.page.body).toContain('See your name, username and groups');
    const granted = await decide(browser, asked.page, 'allow');
    expect(atClient(granted)?.get('code')).toBeTruthy();
    expect((await redeem(config, granted.location!, asked.auth)).claims()!.preferred_username).toBe('cs-remy');

    const fresh = new Browser();
    const second = await login(fresh);
    expect(atClient(second.page)?.get('code')).toBeTruthy();
    const tokens = await redeem(config, second.page.location!, second.auth);
    expect(tokens.scope?.split(' ').sort()).toEqual(['openid', 'profile']);

    const wider = await reauthorize(fresh, 'openid profile email');
    expect(isConsent(wider.page)).toBe(true);
    expect(wider.page.body).toContain('See your email address');
    const done = await decide(fresh, wider.page, 'allow');
    expect((await redeem(config, done.location!, wider.auth)).scope?.split(' ').sort()).toEqual(['email', 'openid', 'profile']);
    expect(atClient((await login(new Browser(), 'openid email')).page)?.get('code')).toBeTruthy();
  });

  it('always: asks at every authorization, in the same browser too', async () => {
    const { login, reauthorize } = await setUp('always', 'cs-alma');
    const browser = new Browser();
    const first = await login(browser);
    expect(isConsent(first.page)).toBe(true);
    expect(atClient(await decide(browser, first.page, 'allow'))?.get('code')).toBeTruthy();
    const second = await reauthorize(browser);
    expect(isConsent(second.page)).toBe(true);
    expect(atClient(await decide(browser, second.page, 'allow'))?.get('code')).toBeTruthy();
    expect(isConsent((await login(new Browser())).page)).toBe(true);
  });

  it('implicit: never asks, not even when the client asks for the consent prompt, and grants offline_access without it', async () => {
    const { config, login, reauthorize } = await setUp('implicit', 'cs-imre');
    const browser = new Browser();
    const first = await login(browser);
    expect(atClient(first.page)?.get('code')).toBeTruthy();
    expect((await redeem(config, first.page.location!, first.auth)).claims()!.preferred_username).toBe('cs-imre');
    const wider = await reauthorize(browser, 'openid profile email');
    expect(atClient(wider.page)?.get('code')).toBeTruthy();
    expect((await redeem(config, wider.page.location!, wider.auth)).scope?.split(' ').sort()).toEqual(['email', 'openid', 'profile']);
    const offline = await reauthorize(browser, 'openid offline_access');
    expect(new URL(offline.auth.url).searchParams.get('prompt')).toBe('consent');
    expect(atClient(offline.page)?.get('code')).toBeTruthy();
    expect((await redeem(config, offline.page.location!, offline.auth)).refresh_token).toBeTruthy();
    const unprompted = await authorization(config, { scope: 'openid offline_access' });
    const withoutPrompt = new URL(unprompted.url);
    withoutPrompt.searchParams.delete('prompt');
    const silent = await browser.follow(withoutPrompt.href, REDIRECT);
    expect(atClient(silent)?.get('code')).toBeTruthy();
    const tokens = await redeem(config, silent.location!, unprompted);
    expect(tokens.scope?.split(' ')).toContain('offline_access');
    expect(tokens.refresh_token).toBeTruthy();
  });

  it('remembered: without prompt=consent, offline_access is dropped as OpenID Connect §11 says', async () => {
    const { config, login } = await setUp('remembered', 'cs-offline');
    const browser = new Browser();
    const asked = await login(browser);
    await decide(browser, asked.page, 'allow');
    const unprompted = await authorization(config, { scope: 'openid offline_access' });
    const withoutPrompt = new URL(unprompted.url);
    withoutPrompt.searchParams.delete('prompt');
    const page = await browser.follow(withoutPrompt.href, REDIRECT);
    const tokens = await redeem(config, page.location!, unprompted);
    expect(tokens.scope?.split(' ')).not.toContain('offline_access');
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('sends a denied consent back to the client with access_denied and no code', async () => {
    const { login } = await setUp('remembered', 'cs-dora');
    const browser = new Browser();
    const asked = await login(browser);
    expect(isConsent(asked.page)).toBe(true);
    const denied = atClient(await decide(browser, asked.page, 'deny'));
    expect(denied?.get('error')).toBe('access_denied');
    expect(denied!.get('code')).toBeNull();
    expect(denied!.get('state')).toBe(asked.auth.state);
    expect(isConsent((await login(new Browser())).page)).toBe(true);
  });
});
