import { describe, expect, it } from 'vitest';
import { testConfig, usePlatform } from './support/platform.ts';
import { createScimSource, USER } from './support/scim-source.ts';

describe('SCIM source behind a trusted proxy', () => {
  const ctx = usePlatform({ events: { ...testConfig().events, trustedProxies: ['127.0.0.1'] } });

  it('writes locations with the scheme and host the client used, as the proxy reports them', async () => {
    const source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'proxied');
    const proxied = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'idp.example.com' };
    const created = await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'behind.proxy' }, headers: proxied });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`https://idp.example.com/source/scim/proxied/v2/Users/${created.body.id}`);
    expect(created.body.meta.location).toBe(`https://idp.example.com/source/scim/proxied/v2/Users/${created.body.id}`);
    const direct = await source.call('GET', `/Users/${created.body.id}`);
    expect(direct.body.meta.location).toBe(`${source.base}/v2/Users/${created.body.id}`);
  });
});
