import type { Directory, ProviderType, SourceType } from '../../plugins/sdk/index.ts';
import { IdpError } from '../kernel/errors.ts';
import { compile, toProblems } from '../kernel/validator.ts';
import type { WriteMode } from '../kernel/crud-actions.ts';

interface ObjectSchema {
  properties?: Record<string, { default?: unknown; writeOnly?: boolean }>;
  required?: string[];
}

type ConfiguredType = ProviderType | SourceType;

const schemaOf = (type: ConfiguredType) => type.configSchema as ObjectSchema;

/** The type's write-only (secret) fields. */
export function secretFields(type: ConfiguredType): string[] {
  return Object.entries(schemaOf(type).properties ?? {}).filter(([, p]) => p.writeOnly).map(([k]) => k);
}

/**
 * Turns a request into a provider's or source's stored configuration: fields an update leaves out keep their values, write-only
 * fields (secrets) are kept unless given, defaults fill the rest; the result must match the type's config schema
 * and pass its own checks, then the type's `prepareConfig` (generated values, hashed secrets). Returns the
 * configuration split into what may be returned and the secrets, and what this write's response shows once.
 */
export async function buildConfig(
  type: ConfiguredType,
  request: Record<string, unknown>,
  mode: WriteMode,
  current: { config: Record<string, unknown>; secrets: Record<string, unknown> } | null,
  directory: Directory,
): Promise<{ config: Record<string, unknown>; secrets: Record<string, unknown>; shown: Record<string, unknown> }> {
  const { name: _name, ...fields } = request;
  const base = mode === 'update' ? { ...current?.config, ...current?.secrets } : { ...current?.secrets };
  const merged: Record<string, unknown> = { ...base, ...fields };
  for (const [key, prop] of Object.entries(schemaOf(type).properties ?? {})) {
    if (merged[key] === undefined && prop.default !== undefined) merged[key] = structuredClone(prop.default);
  }
  const validate = compile(type.configSchema);
  if (!validate(merged)) throw new IdpError('invalid_request', { detail: `The configuration does not match the ${type.id} type's schema.`, errors: toProblems(validate.errors) });
  const problems = (await type.checkConfig?.(merged, directory)) ?? [];
  if (problems.length) throw new IdpError('invalid_request', { detail: `The ${type.id} configuration is not valid: see errors.`, errors: problems });
  const previous = current && mode !== 'create' ? { ...current.config, ...current.secrets } : null;
  const prepared = 'prepareConfig' in type && type.prepareConfig ? await type.prepareConfig(merged, previous) : { config: merged };
  const secrets = new Set(secretFields(type));
  const config: Record<string, unknown> = {};
  const hidden: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(prepared.config)) (secrets.has(key) ? hidden : config)[key] = value;
  return { config, secrets: hidden, shown: prepared.shown ?? {} };
}
