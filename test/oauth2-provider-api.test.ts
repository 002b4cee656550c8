import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { eventually } from './support/bus.ts';
import { query } from './support/database.ts';
import { origin } from './support/http.ts';
import { codeFlowTokens, makeOAuth2App, relyingParty, type OAuth2App } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

const BASE = '/providers/oauth2/';

describe('OAuth2 providers over REST', () => {
  const ctx = usePlatform();

  const stored = async (pk: number) => (await query<{ config: Record<string, unknown>; secrets: Record<string, unknown> }>(ctx.platform.databaseUrl, 'select config, secrets from providers_provider where pk = $1', [pk]))[0];

  /** What a client_credentials token request with this secret gets: 'ok' or the OAuth error code. */
  async function tokenWith(app: OAuth2App, secret: string): Promise<string> {
    try {
      await oidc.clientCredentialsGrant(await relyingParty(app, oidc.ClientSecretBasic(secret)));
      return 'ok';
    } catch (err) {
      // A 401 comes as a WWW-Authenticate challenge, with the OAuth error in its unread body.
      const { error, response } = err as { error?: string; response?: Response };
      return error ?? (response ? ((await response.json()) as { error: string }).error : String(err));
    }
  }

  function expectProblem(res: { status: number; type: string; body: any }, pointer: string) {
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  }

  it('generates a 40-character client id and a secret that only the create response shows and that is stored hashed', async () => {
    const created = await ctx.admin.post(BASE, { name: 'api-generated' });
    expect(created.status).toBe(201);
    const { pk, client_id: clientId, client_secret: secret } = created.body;
    expect(clientId).toMatch(/^[\w-]{40}$/);
    expect(secret).toMatch(/^[\w-]{96}$/);
    const got = await ctx.admin.get(`${BASE}${pk}/`);
    expect(got.status).toBe(200);
    expect(got.body.client_id).toBe(clientId);
    const list = await ctx.admin.get(BASE);
    expect(list.body.results.some((p: { pk: number }) => p.pk === pk)).toBe(true);
    const patched = await ctx.admin.patch(`${BASE}${pk}/`, { redirect_uris: 'https://rp.example/cb' });
    expect(patched.status).toBe(200);
    for (const res of [got, list, patched]) {
      expect(JSON.stringify(res.body)).not.toContain('client_secret');
      expect(JSON.stringify(res.body)).not.toContain(secret);
      expect(JSON.stringify(res.body)).not.toContain('$sha256$');
    }
    const row = await stored(pk);
    expect(String(row.secrets.client_secret)).toMatch(/^\$sha256\$/);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.config.client_secret).toBeUndefined();

    const named = await ctx.admin.post(BASE, { name: 'api-named', client_id: 'my-client', client_secret: 's'.repeat(32) });
    expect(named.status).toBe(201);
    expect(named.body.client_id).toBe('my-client');
    expect(named.body.client_secret).toBeUndefined();
    expect(JSON.stringify(await stored(named.body.pk))).not.toContain('s'.repeat(32));
  });

  it('refuses a given secret shorter than 32 characters', async () => {
    expectProblem(await ctx.admin.post(BASE, { name: 'api-short', client_secret: 's'.repeat(31) }), '/client_secret');
    expect((await ctx.admin.get(`${BASE}?search=api-short`)).body.results).toEqual([]);
  });

  it('keeps the secret through a PATCH without one and replaces it through a PATCH with one', async () => {
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'API Secret App', { client_credentials: true });
    const first = app.clientSecret!;
    expect(await tokenWith(app, first)).toBe('ok');
    expect(await tokenWith(app, 'w'.repeat(40))).toBe('invalid_client');
    const kept = await ctx.admin.patch(`${BASE}${app.pk}/`, { redirect_uris: 'http://127.0.0.1:9/callback\nhttp://127.0.0.1:9/other' });
    expect(kept.status).toBe(200);
    await eventually(() => ctx.admin.get(`${BASE}${app.pk}/`), (r) => r.body.redirect_uris.includes('other'));
    expect(await tokenWith(app, first)).toBe('ok');
    const second = 'n'.repeat(48);
    const replaced = await ctx.admin.patch(`${BASE}${app.pk}/`, { client_secret: second });
    expect(replaced.status).toBe(200);
    expect(JSON.stringify(replaced.body)).not.toContain(second);
    await eventually(() => tokenWith(app, first), (r) => r === 'invalid_client');
    expect(await tokenWith(app, second)).toBe('ok');
  });

  it('refuses a public client with a secret and drops the secret of a client made public', async () => {
    expectProblem(await ctx.admin.post(BASE, { name: 'api-public', client_type: 'public', client_secret: 'p'.repeat(40) }), '/client_secret');
    const created = await ctx.admin.post(BASE, { name: 'api-public' });
    expect(created.status).toBe(201);
    expect((await stored(created.body.pk)).secrets.client_secret).toBeTruthy();
    const made = await ctx.admin.patch(`${BASE}${created.body.pk}/`, { client_type: 'public' });
    expect(made.status).toBe(200);
    expect(made.body.client_type).toBe('public');
    expect(made.body.client_id).toBe(created.body.client_id);
    expect((await stored(created.body.pk)).secrets.client_secret).toBeUndefined();
    expectProblem(await ctx.admin.patch(`${BASE}${created.body.pk}/`, { client_secret: 'p'.repeat(40) }), '/client_secret');
  });

  it('refuses unknown scopes and a signing key rotation not longer than the access token validity', async () => {
    const scopes = await ctx.admin.post(BASE, { name: 'api-scopes', scopes: ['openid', 'admin'] });
    expect(scopes.status).toBe(400);
    expect(scopes.type).toContain('application/problem+json');
    expect(scopes.body.errors[0].pointer).toMatch(/^\/scopes/);
    expectProblem(await ctx.admin.post(BASE, { name: 'api-no-openid', scopes: ['profile'] }), '/scopes');
    expectProblem(await ctx.admin.post(BASE, { name: 'api-keys', access_token_validity: 'minutes=5', signing_key_rotation: 'seconds=300' }), '/signing_key_rotation');
    expectProblem(await ctx.admin.post(BASE, { name: 'api-keys', access_token_validity: 'hours=1', signing_key_rotation: 'minutes=30' }), '/signing_key_rotation');
    const created = await ctx.admin.post(BASE, { name: 'api-keys', access_token_validity: 'minutes=5', signing_key_rotation: 'minutes=5;seconds=1' });
    expect(created.status).toBe(201);
    expectProblem(await ctx.admin.patch(`${BASE}${created.body.pk}/`, { access_token_validity: 'hours=1' }), '/signing_key_rotation');
    expect((await ctx.admin.delete(`${BASE}${created.body.pk}/`)).status).toBe(204);
    expect((await ctx.admin.get(`${BASE}${created.body.pk}/`)).status).toBe(404);
  });

  it('removes a deleted provider\'s sessions, tokens, consents and keys, and its issuer', async () => {
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Deleted Issuer', { consent: 'implicit' });
    expect((await ctx.admin.post('/core/users/', { username: 'del-user', name: 'D' })).status).toBe(201);
    const user = (await ctx.admin.get('/core/users/?username=del-user')).body.results[0].pk;
    expect((await ctx.admin.post(`/core/users/${user}/set_password/`, { password: 'del-password-1' })).status).toBe(204);
    await codeFlowTokens(await relyingParty(app), 'del-user', 'del-password-1');
    const records = async () => Number((await query<{ n: string }>(ctx.platform.databaseUrl, `select count(*) as n from servers_record where server = 'oauth2' and id like $1`, [`${app.pk}:%`]))[0].n);
    expect(await records()).toBeGreaterThan(3);
    expect((await ctx.admin.delete(`${BASE}${app.pk}/`)).status).toBe(204);
    expect(await eventually(records, (n) => n === 0)).toBe(0);
    expect((await fetch(`${app.issuer}.well-known/openid-configuration`)).status).toBe(404);
  });
});
