import type { ConfigProblem, Directory } from '../sdk/index.ts';

/** A SCIM provider's configuration (config.schema.json), with its defaults filled in by the host. */
export interface ScimConfig {
  url: string;
  token: string;
  exclude_users_service_account: boolean;
  filter_group: string | null;
  property_mappings: string[];
  property_mappings_group: string[];
  deprovision: 'delete' | 'deactivate';
  concurrency: number;
  rate_limit: number | null;
  timeout_ms: number;
  max_attempts: number;
  membership_chunk_size: number;
  sync_interval_minutes: number;
}

/** The filter group and every mapping the configuration names must exist (mappings of the scim type). */
export async function checkConfig(config: ScimConfig, directory: Directory): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  if (config.filter_group && (await directory.groups([config.filter_group])).length === 0) {
    problems.push({ pointer: '/filter_group', message: 'is not a group' });
  }
  for (const field of ['property_mappings', 'property_mappings_group'] as const) {
    const found = new Set((await directory.mappings(config[field], 'scim')).map((m) => m.pk));
    config[field].forEach((pk, i) => {
      if (!found.has(pk)) problems.push({ pointer: `/${field}/${i}`, message: 'is not a scim property mapping' });
    });
  }
  return problems;
}
