import type { ConfigProblem, Directory } from '../../sdk/index.ts';
import { SOURCE_MAPPING_TYPE } from './local-mapping.ts';

/** A SCIM source's configuration (source-config.schema.json), with its defaults filled in by the host. */
export interface ScimSourceConfig {
  on_delete: 'delete' | 'deactivate';
  adopt_existing: boolean;
  user_property_mappings: string[];
  group_property_mappings: string[];
}

/** Every mapping the configuration names must be a `scim-source` mapping. */
export async function checkSourceConfig(config: ScimSourceConfig, directory: Directory): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  for (const field of ['user_property_mappings', 'group_property_mappings'] as const) {
    const found = new Set((await directory.mappings(config[field], SOURCE_MAPPING_TYPE)).map((m) => m.pk));
    config[field].forEach((pk, i) => {
      if (!found.has(pk)) problems.push({ pointer: `/${field}/${i}`, message: `is not a ${SOURCE_MAPPING_TYPE} property mapping` });
    });
  }
  return problems;
}
