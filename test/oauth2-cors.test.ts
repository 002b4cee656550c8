import { describe, expect, it } from 'vitest';
import { origin } from './support/http.ts';
import { issuerReady, makeOAuth2App } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

const SPA = 'http://127.0.0.1:5173';

describe('OAuth2 CORS for browser apps', () => {
  const ctx = usePlatform();

  it('lets the origins of the client\'s redirect URIs call the token endpoint from a browser, and no other origin', async () => {
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Browser App', { client_type: 'public', redirect_uris: `${SPA}/callback` });
    await issuerReady(app.issuer);
    const token = (from: string) => fetch(`${app.issuer}token`, {
      method: 'POST', headers: { origin: from, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'not-a-code', client_id: app.clientId, redirect_uri: `${SPA}/callback`, code_verifier: 'v'.repeat(43) }),
    });
    const allowed = await token(SPA);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SPA);
    expect(((await allowed.json()) as { error: string }).error).toBe('invalid_grant');
    const other = await token('http://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect({ status: other.status, body: await other.json() }).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_request' }) });
    const preflight = await fetch(`${app.issuer}token`, { method: 'OPTIONS', headers: { origin: SPA, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SPA);
  });
});
