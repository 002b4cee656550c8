import { describe, expect, it } from 'vitest';
import { loadConfig } from '../services/kernel/config.ts';
import { origin } from './support/http.ts';
import { issuerReady, makeOAuth2App } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

const discovery = (issuer: string, headers: Record<string, string> = {}) => fetch(`${issuer}.well-known/openid-configuration`, { headers });

describe('OAuth2 issuers behind a trusted proxy', () => {
  const ctx = usePlatform({ events: { ...loadConfig({}).events, trustedProxies: ['127.0.0.1'] } });

  it('takes the issuer\'s scheme and host from the proxy\'s X-Forwarded-Proto and -Host', async () => {
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Proxied');
    await issuerReady(app.issuer);
    const proxied = (await (await discovery(app.issuer, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'id.example.com' })).json()) as { issuer: string; token_endpoint: string };
    expect(proxied.issuer).toBe('https://id.example.com/application/o/proxied/');
    expect(proxied.token_endpoint).toBe('https://id.example.com/application/o/proxied/token');
    expect(((await (await discovery(app.issuer)).json()) as { issuer: string }).issuer).toBe(app.issuer);
  });

  it('refuses a request body over 256 KiB with 413 problem JSON, before the issuer sees it', async () => {
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Big Bodies');
    const res = await fetch(`${app.issuer}token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=client_credentials&pad=${'x'.repeat(300 * 1024)}` });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { code: string }).code).toBe('payload_too_large');
  });
});
