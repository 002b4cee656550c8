import { Ajv2020 } from 'ajv/dist/2020.js';
import semver from 'semver';
import type { ChangeEvent, Plugin } from './plugin.ts';
import { createTestContext } from './test-context.ts';
import { SDK_VERSION } from './version.ts';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const SAMPLE_EVENT: ChangeEvent = {
  id: '01900000-0000-7000-8000-000000000001', type: 'user.updated', occurredAt: new Date(0).toISOString(),
  model: { app: 'core', name: 'user', pk: '1', label: 'conformance' }, changes: { name: { before: 'a', after: 'b' } },
};

export interface ConformanceOptions {
  /** A valid configuration per provider and source type id, to create an instance with. */
  configs?: Record<string, unknown>;
}

function checkInstanceShape(problems: string[], typeId: string, instance: Record<string, unknown>, methods: string[]): void {
  for (const m of methods) if (typeof instance[m] !== 'function') problems.push(`${typeId}: the instance has no ${m}()`);
}

/**
 * Checks a plugin against the contract the host enforces and relies on, without a host: metadata, the `sdk` range,
 * prefixed error codes, config schemas that compile, and, for each provider type given a sample config, an instance
 * (in a memory-backed context) that answers health, onEvent and an empty sync, and stops. Returns the problems
 * found; an empty list means the plugin conforms.
 */
export async function checkPlugin(plugin: Plugin, opts: ConformanceOptions = {}): Promise<string[]> {
  const problems: string[] = [];
  if (!plugin || typeof plugin !== 'object') return ['the module must default-export definePlugin({...})'];
  if (!KEBAB.test(plugin.id ?? '')) problems.push('id must be kebab-case');
  if (!semver.valid(plugin.version)) problems.push('version must be a semver version');
  if (!semver.validRange(plugin.sdk) || !semver.satisfies(SDK_VERSION, plugin.sdk)) problems.push(`sdk must be a range that includes ${SDK_VERSION}`);
  for (const [code, def] of Object.entries(plugin.errors ?? {})) {
    if (!code.startsWith(`${plugin.id}.`)) problems.push(`error ${code} must start with "${plugin.id}."`);
    if (!(def.status >= 400 && def.status <= 599) || !def.message) problems.push(`error ${code} needs a 4xx/5xx status and a message`);
  }
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, validateFormats: false });
  for (const type of [...(plugin.providers ?? []), ...(plugin.sources ?? []), ...(plugin.policies ?? [])]) {
    try {
      ajv.compile(type.configSchema);
    } catch (err) {
      problems.push(`${type.id}: the config schema does not compile: ${(err as Error).message}`);
    }
  }
  for (const type of plugin.providers ?? []) {
    if (!KEBAB.test(type.id)) problems.push(`provider type ${type.id} must be kebab-case`);
    if (!type.create) {
      if (!(plugin.servers ?? []).some((s) => s.providerType === type.id)) problems.push(`${type.id}: has no create() and no server serves it`);
      continue;
    }
    if (!(type.id in (opts.configs ?? {}))) {
      problems.push(`${type.id}: give a sample config in options.configs to check its instances`);
      continue;
    }
    const { ctx, abort } = createTestContext(opts.configs![type.id]);
    const instance = await type.create(ctx as never);
    checkInstanceShape(problems, type.id, instance as never, ['health', 'testConnection', 'onEvent', 'sync']);
    const interest = await instance.onEvent(SAMPLE_EVENT);
    if (!Array.isArray(interest?.refs)) problems.push(`${type.id}: onEvent must return { refs: [...] }`);
    const none = await instance.sync([], { fullSync: false });
    if (!Array.isArray(none) || none.length !== 0) problems.push(`${type.id}: sync([]) must return []`);
    if (typeof (await instance.health())?.ok !== 'boolean') problems.push(`${type.id}: health() must return { ok }`);
    abort();
    await instance.stop?.();
  }
  for (const type of plugin.mappings ?? []) {
    if (typeof type.check !== 'function' || typeof type.render !== 'function') problems.push(`mapping type ${type.id} needs check() and render()`);
  }
  for (const type of plugin.policies ?? []) {
    if (typeof type.compile !== 'function') problems.push(`policy type ${type.id} needs compile()`);
  }
  return problems;
}
