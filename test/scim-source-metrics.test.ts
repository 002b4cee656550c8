import { describe, expect, it } from 'vitest';
import { eventually } from './support/bus.ts';
import { freePort } from './support/child.ts';
import { usePlatform } from './support/platform.ts';
import { createScimSource, USER } from './support/scim-source.ts';

const metricsPort = await freePort();

describe('SCIM source metrics', () => {
  const ctx = usePlatform({ metricsPort });

  it('counts requests by source, method, endpoint and status', async () => {
    const source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'metered');
    expect((await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'counted' } })).status).toBe(201);
    expect((await source.call('GET', '/Users/not-an-id')).status).toBe(404);
    expect((await source.call('GET', '/Nowhere/at/all')).status).toBe(404);
    const text = await eventually(async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text(), (t) => t.includes('idp_source_requests_total'));
    expect(text).toMatch(/idp_source_requests_total\{[^}]*source="Source metered",method="POST",endpoint="Users",status="201"\} 1/);
    expect(text).toMatch(/idp_source_requests_total\{[^}]*source="Source metered",method="GET",endpoint="Users",status="404"\} 1/);
    expect(text).toMatch(/idp_source_requests_total\{[^}]*source="Source metered",method="GET",endpoint="other",status="404"\} 1/);
    expect(text).not.toContain(source.token);
  });
});
