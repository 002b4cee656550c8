import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './support/browser.ts';
import { origin } from './support/http.ts';
import { makeUser } from './support/ldap.ts';
import { atClient, decide, isConsent, logoutForm, redeem, submitPassword } from './support/oidc-login.ts';
import { authorization, makeOAuth2App, REDIRECT, relyingParty, type OAuth2App } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

const LOGGED_OUT = 'http://127.0.0.1:9/logged-out';

describe('OAuth2 RP-initiated logout', () => {
  const ctx = usePlatform();
  let app: OAuth2App;
  let config: oidc.Configuration;

  beforeAll(async () => {
    app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Logout App', { consent: 'implicit', post_logout_redirect_uris: LOGGED_OUT });
    config = await relyingParty(app);
  });

  /** A browser with a session for a new user, and the ID token its sign-in gave the client. */
  async function signedIn(username: string): Promise<{ browser: Browser; idToken: string }> {
    await makeUser(ctx.admin, username, `${username}-password-1`);
    const browser = new Browser();
    const auth = await authorization(config, { scope: 'openid profile' });
    const done = await submitPassword(browser, auth.url, username, `${username}-password-1`);
    expect(atClient(done)?.get('code')).toBeTruthy();
    const tokens = await redeem(config, done.location!, auth);
    return { browser, idToken: tokens.id_token! };
  }

  /** What a new authorization in this browser gets: the login page or a code at the client. */
  async function authorizeAgain(browser: Browser): Promise<'login page' | 'code'> {
    const reply = await browser.follow((await authorization(config, { scope: 'openid profile' })).url, REDIRECT);
    if (reply.status === 200 && reply.body.includes('name="password"')) return 'login page';
    if (atClient(reply)?.get('code')) return 'code';
    throw new Error(`unexpected reply ${reply.status} ${reply.location} ${reply.body.slice(0, 200)}`);
  }

  /** RP-initiated logout: the end-session URL, its confirmation form submitted with "yes"; the final redirect. */
  async function logout(browser: Browser, idToken: string, rp = config, state = 'bye-1'): Promise<string | null> {
    const end = oidc.buildEndSessionUrl(rp, { id_token_hint: idToken, post_logout_redirect_uri: LOGGED_OUT, state });
    const confirm = await browser.follow(end.href, LOGGED_OUT);
    expect(confirm.status).toBe(200);
    const form = logoutForm(confirm);
    expect(form.fields.xsrf).toBeTruthy();
    return (await browser.follow(form.action, LOGGED_OUT, { form: { ...form.fields, logout: 'yes' } })).location;
  }

  it('ends the session after the confirmation form and redirects to the registered post_logout_redirect_uri', async () => {
    const { browser, idToken } = await signedIn('es-alice');
    expect(await authorizeAgain(browser)).toBe('code');
    const landed = new URL((await logout(browser, idToken))!);
    expect(`${landed.origin}${landed.pathname}`).toBe(LOGGED_OUT);
    expect(landed.searchParams.get('state')).toBe('bye-1');
    expect(await authorizeAgain(browser)).toBe('login page');
  });

  it('refuses an unregistered post_logout_redirect_uri and keeps the session', async () => {
    const { browser, idToken } = await signedIn('es-bob');
    const end = oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: 'http://127.0.0.1:9/elsewhere' });
    const refused = await browser.request(end.href);
    expect(refused.status).toBe(400);
    expect(refused.location).toBeNull();
    expect(refused.body).toContain('post_logout_redirect_uri');
    expect(refused.body).not.toContain('op.logoutForm');
    expect(await authorizeAgain(browser)).toBe('code');
  });

  it('revokes the tokens at sign-out but keeps a remembered consent', async () => {
    const app2 = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Logout Remembered', { post_logout_redirect_uris: LOGGED_OUT });
    const rp = await relyingParty(app2);
    await makeUser(ctx.admin, 'es-carol', 'es-carol-password-1');
    const browser = new Browser();
    const auth = await authorization(rp, { scope: 'openid profile' });
    const asked = await submitPassword(browser, auth.url, 'es-carol', 'es-carol-password-1');
    expect(isConsent(asked)).toBe(true);
    const tokens = await redeem(rp, (await decide(browser, asked, 'allow')).location!, auth);
    expect(await logout(browser, tokens.id_token!, rp)).toMatch(/^http:\/\/127\.0\.0\.1:9\/logged-out\?/);
    expect(await oidc.fetchUserInfo(rp, tokens.access_token, tokens.claims()!.sub).then(() => 'answered', () => 'refused')).toBe('refused');
    const again = await authorization(rp, { scope: 'openid profile' });
    const page = await submitPassword(browser, again.url, 'es-carol', 'es-carol-password-1');
    expect(isConsent(page)).toBe(false);
    expect((await redeem(rp, page.location!, again)).claims()!.preferred_username).toBe('es-carol');
  });
});
