import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from '../../plugins/sdk/index.ts';
import ldapPlugin from '../../plugins/ldap/index.ts';
import oauth2Plugin from '../../plugins/oauth2/index.ts';
import scimPlugin from '../../plugins/scim/index.ts';
import { PluginLoadError, PluginRegistry } from './plugin-registry.ts';

/** The plugins every process loads. */
export const BUILTIN_PLUGINS: Plugin[] = [scimPlugin, ldapPlugin, oauth2Plugin];

interface Logger {
  warn(...args: unknown[]): void;
}

/** Where an IDP_PLUGINS entry lives: a path (absolute or starting with `.`) relative to `cwd`, or a package name. */
function resolveSpec(spec: string, cwd: string): string {
  if (path.isAbsolute(spec) || spec.startsWith('.')) return path.resolve(cwd, spec);
  return createRequire(path.join(cwd, 'package.json')).resolve(spec);
}

/**
 * Loads the built-ins and every IDP_PLUGINS entry. An entry that cannot be imported or is refused is recorded in
 * `failures` and logged; whether that stops start-up depends on whether configured instances use its types
 * (see `assertTypesLoaded`).
 */
export async function loadPlugins(specs: string[], logger: Logger, cwd = process.cwd()): Promise<PluginRegistry> {
  const registry = new PluginRegistry();
  for (const plugin of BUILTIN_PLUGINS) registry.register(plugin, 'builtin');
  for (const spec of specs) {
    try {
      const mod = (await import(pathToFileURL(resolveSpec(spec, cwd)).href)) as { default?: Plugin };
      registry.register(mod.default as Plugin, spec);
    } catch (err) {
      const error = err instanceof PluginLoadError ? err.message : `cannot load: ${(err as Error).message}`;
      registry.failures.push({ source: spec, error });
      logger.warn(`plugin ${spec} was not loaded: ${error}`);
    }
  }
  return registry;
}

/** Fails when stored instances use provider (or source) types no loaded plugin provides, naming the plugins that failed to load. */
export function assertTypesLoaded(registry: PluginRegistry, usedTypes: string[], kind: 'providers' | 'sources' = 'providers'): void {
  const missing = usedTypes.filter((t) => !registry[kind].has(t));
  if (missing.length === 0) return;
  const failures = registry.failures.map((f) => `${f.source}: ${f.error}`).join('; ');
  throw new PluginLoadError(`configured ${kind} use types no loaded plugin provides: ${missing.join(', ')}${failures ? ` (failed plugins: ${failures})` : ''}`);
}
