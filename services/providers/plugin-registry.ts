import semver from 'semver';
import type { ErrorDefinition, MappingType, Plugin, PolicyType, ProviderType, ServerType, SourceType } from '../../plugins/sdk/index.ts';
import { SDK_VERSION } from '../../plugins/sdk/index.ts';
import { IdpError } from '../kernel/errors.ts';
import { compile } from '../kernel/validator.ts';
import { hasPolicyType, registerPolicyType, type CompiledPolicy } from '../policies/policy-types.ts';

export class PluginLoadError extends Error {}

/** The types a registry holds, by the map they are kept in. */
interface TypesByKind {
  providers: ProviderType;
  sources: SourceType;
  mappings: MappingType;
  servers: ServerType;
}

const NOUNS: Record<keyof TypesByKind, string> = { providers: 'provider', sources: 'source', mappings: 'mapping', servers: 'server' };

export interface LoadedPlugin {
  plugin: Plugin;
  /** `builtin` or the IDP_PLUGINS entry it came from. */
  source: string;
}

export type TypeKind = 'provider' | 'source' | 'mapping' | 'policy';

export interface TypeInfo {
  kind: TypeKind;
  id: string;
  name: string;
  description: string;
  plugin: string;
  plugin_version: string;
  config_schema: Record<string, unknown> | null;
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const POLICY_ID = /^[a-z][a-z0-9_]*$/;
const compiledPolicies = new WeakMap<PolicyType, (config: Record<string, unknown>) => CompiledPolicy>();

/** A plugin's policy type as the policy registry sees it; one wrapper per type object, so registering twice is a no-op. */
function policyTypeOf(type: PolicyType) {
  let wrapped = compiledPolicies.get(type);
  if (!wrapped) {
    wrapped = (config) => {
      const passes = type.compile(config);
      return { kind: 'predicate', passes: (f) => passes({ action: f.action, app: f.app, model: f.model, clientIp: f.clientIp?.toString() ?? null }) };
    };
    compiledPolicies.set(type, wrapped);
  }
  return { type: type.id, compile: wrapped };
}

/**
 * The plugins this process loaded and the types they contribute. Registration checks a plugin's metadata (ids,
 * version, the `sdk` range against this host's contract, prefixed error codes, config schemas that compile) and
 * refuses any id another plugin took; nothing of a refused plugin is registered.
 */
export class PluginRegistry {
  readonly plugins: LoadedPlugin[] = [];
  readonly providers = new Map<string, ProviderType>();
  readonly sources = new Map<string, SourceType>();
  readonly mappings = new Map<string, MappingType>();
  readonly policies = new Map<string, PolicyType>();
  readonly servers = new Map<string, ServerType>();
  readonly errors = new Map<string, ErrorDefinition>();
  /** IDP_PLUGINS entries that failed to load, with why. */
  readonly failures: { source: string; error: string }[] = [];
  readonly #owner = new Map<string, string>();

  register(plugin: Plugin, source: string): void {
    this.#check(plugin);
    this.plugins.push({ plugin, source });
    for (const t of plugin.providers ?? []) this.providers.set(t.id, t);
    for (const t of plugin.sources ?? []) this.sources.set(t.id, t);
    for (const t of plugin.mappings ?? []) this.mappings.set(t.id, t);
    for (const t of plugin.servers ?? []) this.servers.set(t.id, t);
    for (const t of plugin.policies ?? []) {
      this.policies.set(t.id, t);
      registerPolicyType(policyTypeOf(t));
    }
    for (const [code, def] of Object.entries(plugin.errors ?? {})) this.errors.set(code, def);
    for (const key of this.#keys(plugin)) this.#owner.set(key, plugin.id);
  }

  /** The loaded type of this kind with this id; `unknown_type` (404) when no loaded plugin provides it. */
  typeOf<K extends keyof TypesByKind>(kind: K, id: string): TypesByKind[K] {
    const type = (this[kind] as Map<string, TypesByKind[K]>).get(id);
    if (!type) throw new IdpError('unknown_type', { detail: `No loaded plugin provides the ${NOUNS[kind]} type ${JSON.stringify(id)}.` });
    return type;
  }

  pluginOf(kind: TypeKind, id: string): Plugin | undefined {
    const owner = this.#owner.get(`${kind}:${id}`);
    return this.plugins.find((p) => p.plugin.id === owner)?.plugin;
  }

  /** Every loaded type, for `GET /providers/types/`. */
  types(): TypeInfo[] {
    const info = (kind: TypeKind, t: { id: string; name?: string; description: string; configSchema?: Record<string, unknown> }): TypeInfo => {
      const plugin = this.pluginOf(kind, t.id)!;
      return { kind, id: t.id, name: t.name ?? t.id, description: t.description, plugin: plugin.id, plugin_version: plugin.version, config_schema: t.configSchema ?? null };
    };
    return [
      ...[...this.providers.values()].map((t) => info('provider', t)),
      ...[...this.sources.values()].map((t) => info('source', t)),
      ...[...this.mappings.values()].map((t) => info('mapping', t)),
      ...[...this.policies.values()].map((t) => info('policy', { ...t, name: t.id })),
    ];
  }

  #keys(plugin: Plugin): string[] {
    return [
      `plugin:${plugin.id}`,
      ...(plugin.providers ?? []).map((t) => `provider:${t.id}`),
      ...(plugin.sources ?? []).map((t) => `source:${t.id}`),
      ...(plugin.mappings ?? []).map((t) => `mapping:${t.id}`),
      ...(plugin.policies ?? []).map((t) => `policy:${t.id}`),
      ...(plugin.servers ?? []).map((t) => `server:${t.id}`),
    ];
  }

  #check(plugin: Plugin): void {
    const fail = (why: string) => { throw new PluginLoadError(`plugin ${JSON.stringify(plugin?.id)}: ${why}`); };
    if (!plugin || typeof plugin !== 'object') throw new PluginLoadError('the module does not default-export definePlugin({...})');
    if (typeof plugin.id !== 'string' || !KEBAB.test(plugin.id)) fail('id must be kebab-case');
    if (typeof plugin.version !== 'string' || !semver.valid(plugin.version)) fail('version must be a semver version');
    if (typeof plugin.sdk !== 'string' || !semver.validRange(plugin.sdk)) fail('sdk must be a semver range');
    if (!semver.satisfies(SDK_VERSION, plugin.sdk)) fail(`was built for plugin SDK ${plugin.sdk}; this host implements ${SDK_VERSION}`);
    for (const code of Object.keys(plugin.errors ?? {})) if (!code.startsWith(`${plugin.id}.`)) fail(`error code ${code} must start with "${plugin.id}."`);
    for (const key of this.#keys(plugin)) {
      const owner = this.#owner.get(key);
      if (owner !== undefined) fail(`${key.replace(':', ' ')} is taken by plugin ${owner}`);
    }
    const typed = [...(plugin.providers ?? []), ...(plugin.sources ?? [])];
    for (const t of [...typed, ...(plugin.mappings ?? [])]) if (typeof t.id !== 'string' || !KEBAB.test(t.id)) fail(`type id ${JSON.stringify(t.id)} must be kebab-case`);
    for (const t of plugin.sources ?? []) if (typeof t.create !== 'function') fail(`type ${t.id} has no create()`);
    const served = new Set((plugin.servers ?? []).map((s) => s.providerType));
    for (const t of plugin.providers ?? []) if (typeof t.create !== 'function' && !served.has(t.id)) fail(`provider type ${t.id} has no create() and no server serves it`);
    for (const s of plugin.servers ?? []) {
      if (typeof s.id !== 'string' || !KEBAB.test(s.id)) fail(`server id ${JSON.stringify(s.id)} must be kebab-case`);
      if (!(plugin.providers ?? []).some((t) => t.id === s.providerType)) fail(`server ${s.id} serves ${s.providerType}, which is not one of its provider types`);
      if (typeof s.create !== 'function') fail(`server ${s.id} has no create()`);
    }
    for (const t of plugin.policies ?? []) {
      if (typeof t.id !== 'string' || !POLICY_ID.test(t.id)) fail(`policy type ${JSON.stringify(t.id)} must be snake_case`);
      if (hasPolicyType(t.id) && !compiledPolicies.has(t)) fail(`policy type ${t.id} is built in`);
      if (typeof t.compile !== 'function') fail(`policy type ${t.id} has no compile()`);
    }
    for (const t of [...typed, ...(plugin.policies ?? [])]) {
      try {
        compile(t.configSchema);
      } catch (err) {
        fail(`the config schema of ${t.id} does not compile: ${(err as Error).message}`);
      }
    }
  }
}
