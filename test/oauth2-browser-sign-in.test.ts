import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { origin } from './support/http.ts';
import { makeUser } from './support/ldap.ts';
import { makeOAuth2App, relyingParty } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A tiny relying party on 127.0.0.1: `/` links to `/login`, which starts an authorization (PKCE, state) at the
 * issuer; `/callback` redeems the code with openid-client and shows who signed in.
 */
async function startRelyingParty(issuerConfig: () => Promise<oidc.Configuration>): Promise<{ server: Server; url: string }> {
  const pending = new Map<string, string>();
  let url = '';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', url);
    const send = (status: number, body: string) => res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>RP</title>${body}`);
    void (async () => {
      const config = await issuerConfig();
      if (path.pathname === '/') return send(200, '<a id="login" href="/login">Log in with the platform</a>');
      if (path.pathname === '/login') {
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        pending.set(state, verifier);
        const to = oidc.buildAuthorizationUrl(config, { redirect_uri: `${url}/callback`, scope: 'openid profile', state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
        return res.writeHead(302, { location: to.href }).end();
      }
      if (path.pathname === '/callback') {
        const state = path.searchParams.get('state') ?? '';
        const tokens = await oidc.authorizationCodeGrant(config, path, { pkceCodeVerifier: pending.get(state), expectedState: state });
        pending.delete(state);
        return send(200, `<p id="user">Signed in as ${escape(String(tokens.claims()!.preferred_username))}</p>`);
      }
      return send(404, 'not found');
    })().catch((err: Error) => send(500, `<pre id="error">${escape(err.message)}</pre>`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url };
}

describe('OAuth2 sign-in in a real browser', () => {
  const ctx = usePlatform();
  let browser: Browser | undefined;
  let rp: Server | undefined;
  afterAll(async () => {
    await browser?.close();
    rp?.close();
  });

  it("goes from the relying party's login link through the login and consent pages back to the relying party, signed in", async () => {
    let config: Promise<oidc.Configuration> | undefined;
    const started = await startRelyingParty(() => config!);
    rp = started.server;
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Browser RP', { redirect_uris: `${started.url}/callback` });
    config = relyingParty(app);
    await makeUser(ctx.admin, 'br-alice', 'br-alice-password-1', { name: 'Alice Browser' });

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    const page = await browser.newPage();
    await page.goto(`${started.url}/`);
    await page.click('#login');
    await page.waitForURL(`${app.issuer}interaction/**`);
    expect(await page.title()).toBe('Sign in to Browser RP');
    await page.fill('#username', 'br-alice');
    await page.fill('#password', 'br-alice-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Allow Browser RP?' }).waitFor();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${started.url}/callback?**`);
    expect(await page.textContent('body')).not.toContain('error');
    expect(await page.textContent('#user')).toBe('Signed in as br-alice');
  });
});
