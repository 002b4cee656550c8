import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPlugin } from '../plugins/sdk/conformance.ts';
import { definePlugin } from '../plugins/sdk/index.ts';
import scimPlugin from '../plugins/scim/index.ts';
import { loadPlugins } from '../services/providers/plugin-loader.ts';
import { startPlatform } from '../services/platform.ts';
import { eventually } from './support/bus.ts';
import { createTestDatabase } from './support/database.ts';
import { writeExternalPlugins, type ExternalPlugins } from './support/external-plugin.ts';
import { client } from './support/http.ts';
import { ADMIN_TOKEN, gatewayUrl, testConfig } from './support/platform.ts';

const quiet = { warn: () => undefined };
let plugins: ExternalPlugins;
beforeAll(() => { plugins = writeExternalPlugins(); });
afterAll(() => plugins.remove());

describe('the plugin SDK conformance suite', () => {
  it('passes the built-in SCIM plugin', async () => {
    const problems = await checkPlugin(scimPlugin, { configs: { scim: { url: 'http://127.0.0.1:9/v2', token: 't', exclude_users_service_account: true, filter_group: null, property_mappings: [], property_mappings_group: [], deprovision: 'delete', concurrency: 2, rate_limit: null, timeout_ms: 1000, max_attempts: 3, membership_chunk_size: 100, sync_interval_minutes: 60 } } });
    expect(problems).toEqual([]);
  });

  it('names every way a plugin breaks the contract', async () => {
    const broken = definePlugin({
      id: 'Bad_Id', version: 'one', sdk: '^2.0.0',
      errors: { 'other.code': { status: 200, message: '' } },
      providers: [{ id: 'x', name: 'X', description: '', configSchema: { type: 'object', properties: { a: { type: 'nope' } } }, create: () => ({}) as never }],
    });
    const problems = await checkPlugin(broken);
    expect(problems).toEqual(expect.arrayContaining([
      'id must be kebab-case',
      'version must be a semver version',
      'sdk must be a range that includes 1.3.0',
      'error other.code must start with "Bad_Id."',
      'error other.code needs a 4xx/5xx status and a message',
      'x: give a sample config in options.configs to check its instances',
    ]));
    expect(problems.some((p) => p.startsWith('x: the config schema does not compile'))).toBe(true);
  });
});

describe('loading plugins', () => {
  it('loads a third-party plugin from outside the source tree with its provider and policy types', async () => {
    const registry = await loadPlugins([plugins.echo], quiet);
    expect(registry.failures).toEqual([]);
    expect(registry.types().map((t) => `${t.kind}:${t.id}:${t.plugin}`)).toEqual(['provider:scim:scim', 'provider:ldap:ldap', 'provider:oauth2:oauth2', 'provider:echo:echo', 'source:scim:scim', 'mapping:scim:scim', 'mapping:scim-source:scim', 'mapping:oauth2-scope:oauth2', 'policy:action_prefix:echo']);
  });

  it('refuses a duplicate plugin id, an sdk range this host does not implement, and a module that does not load', async () => {
    const wrongSdk = plugins.write('future', `export default { id: 'future', version: '1.0.0', sdk: '^2.0.0' };`);
    const registry = await loadPlugins([plugins.echo, plugins.echo, wrongSdk, path.join(plugins.dir, 'missing.ts')], quiet);
    expect(registry.failures.map((f) => f.error)).toEqual([
      'plugin "echo": plugin echo is taken by plugin echo',
      'plugin "future": was built for plugin SDK ^2.0.0; this host implements 1.3.0',
      expect.stringMatching(/^cannot load: /),
    ]);
    expect(registry.plugins.map((p) => p.plugin.id)).toEqual(['scim', 'ldap', 'oauth2', 'echo']);
  });

  it('refuses a plugin whose type id another plugin took', async () => {
    const clash = plugins.write('clash', `export default { id: 'clash', version: '1.0.0', sdk: '^1.0.0', mappings: [{ id: 'scim', description: '', check() {}, async render() { return {}; } }] };`);
    const registry = await loadPlugins([clash], quiet);
    expect(registry.failures[0].error).toBe('plugin "clash": mapping scim is taken by plugin scim');
  });
});

describe('a third-party provider end to end', () => {
  it('is listed, configured with a write-only secret, receives changes, and is required at the next start', async () => {
    const db = await createTestDatabase();
    const config = testConfig({ database: { kind: 'postgres', url: db.url } });
    const platform = await startPlatform({ ...config, providers: { ...config.providers, plugins: [plugins.echo, path.join(plugins.dir, 'broken-but-unused.ts')] } });
    try {
      const admin = client(gatewayUrl(platform), ADMIN_TOKEN);
      const types = await admin.get('/providers/types/');
      expect(types.body.map((t: { id: string }) => t.id)).toEqual(['scim', 'ldap', 'oauth2', 'echo', 'scim', 'scim', 'scim-source', 'oauth2-scope', 'action_prefix']);
      expect((await admin.get('/providers/nothing/')).body.code).toBe('unknown_type');

      const target = path.join(plugins.dir, 'echo.jsonl');
      const created = await admin.post('/providers/echo/', { name: 'echo one', target_file: target, secret: 's3cret-value' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ pk: expect.any(Number), name: 'echo one', type: 'echo', target_file: target, sync_interval_minutes: 0, created: expect.any(String), updated: expect.any(String) });
      expect(JSON.stringify((await admin.get(`/providers/echo/${created.body.pk}/`)).body)).not.toContain('s3cret');
      const missingSecret = await admin.post('/providers/echo/', { name: 'echo two', target_file: target });
      expect(missingSecret.body.errors).toEqual([{ pointer: '/secret', message: 'is required' }]);

      const user = await admin.post('/core/users/', { username: 'echoed', name: 'Echoed User' });
      const lines = await eventually(
        async () => (existsSync(target) ? readFileSync(target, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : []),
        (rows) => rows.some((r: { username: string }) => r.username === 'echoed'),
      );
      expect(lines.find((r: { username: string }) => r.username === 'echoed')).toEqual({ pk: user.body.pk, username: 'echoed', secretLength: 12 });
    } finally {
      await platform.stop();
    }
    await expect(startPlatform(config)).rejects.toThrow('configured providers use types no loaded plugin provides: echo');
    await db.drop();
  });
});
