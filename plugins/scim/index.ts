import { readFileSync } from 'node:fs';
import { definePlugin, defineProviderType, type JsonSchema } from '../sdk/index.ts';
import { checkConfig, type ScimConfig } from './config.ts';
import { scimErrors } from './errors.ts';
import { scimMappingType } from './mapping-type.ts';
import { ScimProvider } from './scim-provider.ts';

const configSchema: JsonSchema = JSON.parse(readFileSync(new URL('./config.schema.json', import.meta.url), 'utf8'));

/** The built-in SCIM plugin: the `scim` provider type (outbound provisioning) and the `scim` mapping language. */
export default definePlugin({
  id: 'scim',
  version: '1.0.0',
  sdk: '^1.0.0',
  description: 'Provisions users, groups and memberships to SCIM 2.0 servers (RFC 7643/7644).',
  errors: scimErrors.catalogue,
  providers: [
    defineProviderType<ScimConfig>({
      id: 'scim',
      name: 'SCIM',
      description: 'Pushes every user, group and membership change to a SCIM 2.0 server, with full syncs on a schedule and on demand.',
      configSchema,
      checkConfig,
      create: (ctx) => new ScimProvider(ctx),
    }),
  ],
  mappings: [scimMappingType],
});
