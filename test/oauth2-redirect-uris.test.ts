import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './support/browser.ts';
import { origin } from './support/http.ts';
import { makeUser } from './support/ldap.ts';
import { authorization, basicAuth, makeOAuth2App, postForm, relyingParty, signIn, type OAuth2App } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

const USER = 'redirect-user';
const PASSWORD = 'redirect-password-1';
const WEB_URIS = ['http://127.0.0.1:9/callback', 'https://rp.example.com/cb?tenant=1', 'http://localhost:8080/oidc/return'];
const NATIVE_URIS = ['com.example.app:/oauth2redirect', 'http://127.0.0.1/native'];

describe('OAuth2 redirect URIs', () => {
  const ctx = usePlatform();
  let webApp: OAuth2App;
  let web: oidc.Configuration;
  let native: oidc.Configuration;

  /** The authorization endpoint's answer for a redirect URI that is not registered: an error page, no redirect. */
  async function expectRefused(rp: oidc.Configuration, redirectUri: string) {
    const { url } = await authorization(rp, { redirect_uri: redirectUri });
    const reply = await new Browser().request(url);
    expect({ redirectUri, status: reply.status, location: reply.location }).toEqual({ redirectUri, status: 400, location: null });
    expect(reply.body).toContain('invalid_redirect_uri');
  }

  /**
   * Signs in with a registered redirect URI and redeems the code the browser is sent back with: by openid-client, or,
   * for a URI with a query of its own (which openid-client strips from the redirect_uri it sends), by a raw request.
   */
  async function expectWorks(rp: oidc.Configuration, redirectUri: string) {
    const { url, verifier, state } = await authorization(rp, { redirect_uri: redirectUri });
    const callback = new URL(await signIn(url, USER, PASSWORD, redirectUri));
    const code = callback.searchParams.get('code');
    expect(code).toBeTruthy();
    if (!new URL(redirectUri).search) {
      const tokens = await oidc.authorizationCodeGrant(rp, callback, { pkceCodeVerifier: verifier, expectedState: state });
      expect(tokens.claims()!.preferred_username).toBe(USER);
      return;
    }
    const form = { grant_type: 'authorization_code', code: code!, redirect_uri: redirectUri, code_verifier: verifier };
    const tokens = await postForm(rp.serverMetadata().token_endpoint!, form, basicAuth(webApp.clientId, webApp.clientSecret!));
    expect([tokens.status, tokens.body.token_type]).toEqual([200, 'Bearer']);
  }

  /** The problems the admin API gives for a provider with these URIs. */
  async function configProblems(config: Record<string, string>) {
    const res = await ctx.admin.post('/providers/oauth2/', { name: 'Bad URIs', ...config });
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    return res.body.errors as { pointer: string; message: string }[];
  }

  beforeAll(async () => {
    const base = origin(ctx.platform.baseUrl);
    webApp = await makeOAuth2App(ctx.admin, base, 'Redirect Web', { redirect_uris: WEB_URIS.join('\n') });
    web = await relyingParty(webApp);
    native = await relyingParty(await makeOAuth2App(ctx.admin, base, 'Redirect Native', { client_type: 'public', redirect_uris: NATIVE_URIS.join('\r\n') }));
    await makeUser(ctx.admin, USER, PASSWORD);
  });

  it('refuses near misses of a registered URI with an error page, never redirecting to them', async () => {
    const nearMisses = [
      'http://127.0.0.1:9/callback/',
      'http://127.0.0.1:9/Callback',
      'http://127.0.0.1:9/callback?next=1',
      'http://127.0.0.1:10/callback',
      'http://127.0.0.1:9/callback/sub',
      'http://127.0.0.1:9/',
      'https://rp.example.com/cb',
      'https://rp.example.com/cb?tenant=1&extra=2',
      'http://rp.example.com/cb?tenant=1',
      'http://localhost:8080/oidc/return/../evil',
      'http://localhost:8081/oidc/return',
    ];
    for (const uri of nearMisses) await expectRefused(web, uri);
  });

  it('accepts each of several newline-separated URIs, a query in a registered one included', async () => {
    for (const uri of WEB_URIS) await expectWorks(web, uri);
  });

  it('accepts a native app\'s private-use scheme URI exactly, and its loopback URI on any port (RFC 8252 §7.3)', async () => {
    await expectWorks(native, NATIVE_URIS[0]);
    await expectWorks(native, NATIVE_URIS[1]);
    await expectWorks(native, 'http://127.0.0.1:53127/native');
    for (const uri of ['com.example.app:/oauth2redirect/', 'com.example.evil:/oauth2redirect', 'http://127.0.0.1:53127/other']) await expectRefused(native, uri);
  });

  it('refuses relative, fragment and javascript: URIs in the config, naming the field and line', async () => {
    expect(await configProblems({ redirect_uris: '/callback' })).toEqual([{ pointer: '/redirect_uris', message: expect.stringMatching(/^line 1 \("\/callback"\) is not an absolute URI/) }]);
    expect(await configProblems({ redirect_uris: 'https://rp.example.com/a\nhttps://rp.example.com/cb#done' })).toEqual([{ pointer: '/redirect_uris', message: expect.stringMatching(/^line 2 .*fragment/) }]);
    expect(await configProblems({ redirect_uris: 'https://rp.example.com/a\n\njavascript:alert(1)' })).toEqual([{ pointer: '/redirect_uris', message: expect.stringMatching(/^line 2 \("javascript:alert\(1\)"\)/) }]);
    expect(await configProblems({ post_logout_redirect_uris: 'javascript://rp.example.com/%0aalert(1)' })).toEqual([{ pointer: '/post_logout_redirect_uris', message: expect.stringMatching(/^line 1 /) }]);
  });

  it('refuses a native app\'s http URI that is not loopback, which oidc-provider would reject', async () => {
    const problems = await configProblems({ redirect_uris: 'com.example.app:/cb\nhttp://rp.example.com/cb' });
    expect(problems).toEqual([{ pointer: '/redirect_uris', message: expect.stringMatching(/^line 2 .*loopback/) }]);
  });
});
