import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/bus.ts';
import { freePort, runIdp } from './support/child.ts';
import { startMemoryScimServer, type MemoryScimServer } from './support/memory-scim-server.ts';
import { testConfig, usePlatform } from './support/platform.ts';
import { createScimProvider } from './support/scim-provider.ts';

const metricsPort = await freePort();
const ctx = usePlatform({ metricsPort, providers: { ...testConfig().providers, backoffMs: 50 } });
let server: MemoryScimServer;
let provider: { pk: number; name: string };

beforeAll(async () => {
  server = await startMemoryScimServer({ token: 'cli' });
  provider = await createScimProvider(ctx.admin, { name: 'cli target', url: server.url, token: 'cli' }) as typeof provider;
});
afterAll(() => server?.close());

const cli = async (args: string[]) => {
  const child = runIdp(args, { DATABASE_URL: ctx.platform.databaseUrl, LOG_LEVEL: 'warn' });
  const code = await child.exited;
  return { code, output: child.output() };
};

describe('idp sync <provider>', () => {
  it('runs a full sync from the command line, reporting progress as JSON lines', async () => {
    await Promise.all([1, 2, 3].map((i) => ctx.admin.post('/core/users/', { username: `cli-${i}`, name: `Cli ${i}` })));
    server.reset();
    await ctx.admin.post('/core/users/', { username: 'cli-late', name: 'Late' });
    const { code, output } = await cli(['sync', 'cli target', '--json']);
    expect(code).toBe(0);
    const lines = output.trim().split('\n').map((l) => JSON.parse(l));
    const last = lines[lines.length - 1];
    expect(last).toMatchObject({ status: 'succeeded', failed: 0 });
    expect(last.done).toBe(last.total);
    expect(lines.every((l) => typeof l.done === 'number' && typeof l.total === 'number')).toBe(true);
    expect(server.users().map((u) => u.userName)).toContain('cli-late');
  });

  it('says how the run ended in words, and finds the provider by pk too', async () => {
    const { code, output } = await cli(['sync', String(provider.pk)]);
    expect(code).toBe(0);
    expect(output).toMatch(/^sync succeeded: (\d+) of \1 objects, 0 failed, 0 writes$/m);
  });

  it('fails with a message for a provider that does not exist', async () => {
    const { code, output } = await cli(['sync', 'no such provider']);
    expect(code).toBe(1);
    expect(output).toContain('no provider is named or numbered "no such provider"');
  });

  it('lists the loaded plugins and their types', async () => {
    const { code, output } = await cli(['plugins', 'list', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ plugins: [{ id: 'scim', version: '1.1.0', source: 'builtin' }, { id: 'ldap', version: '1.0.0', source: 'builtin' }, { id: 'oauth2', version: '1.0.0', source: 'builtin' }], failures: [] });
  });
});

describe('provider metrics', () => {
  it('count requests by method and status, full syncs by result, and report the lag', async () => {
    await ctx.admin.post(`/providers/scim/${provider.pk}/sync/`);
    const text = await eventually(async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text(), (t) => /idp_provider_sync_total\{[^}]*provider="cli target",result="succeeded"\} [1-9]/.test(t));
    expect(text).toMatch(/idp_provider_requests_total\{[^}]*provider="cli target",method="POST",status="201"\} [1-9]/);
    expect(text).toMatch(/idp_provider_lag_seconds\{[^}]*provider="cli target"\} \d/);
  });
});
