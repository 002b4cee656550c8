import { readFileSync } from 'node:fs';
import { definePlugin, defineProviderType, defineSourceType, type JsonSchema } from '../sdk/index.ts';
import { checkConfig, type ScimConfig } from './config.ts';
import { scimErrors } from './errors.ts';
import { scimMappingType } from './mapping-type.ts';
import { ScimProvider } from './scim-provider.ts';
import { scimSourceMappingType } from './source-mapping-type.ts';
import { reject } from './source/responses.ts';
import { ScimSource } from './source/scim-source.ts';
import { checkSourceConfig, type ScimSourceConfig } from './source/source-config.ts';

const readSchema = (file: string): JsonSchema => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));

/**
 * The built-in SCIM plugin: the `scim` provider type (outbound provisioning), the `scim` source type (an RFC 7644
 * server identity providers provision into), and the `scim` and `scim-source` mapping languages for them.
 */
export default definePlugin({
  id: 'scim',
  version: '1.1.0',
  sdk: '^1.1.0',
  description: 'Provisions users, groups and memberships to SCIM 2.0 servers (RFC 7643/7644), and receives them as a SCIM 2.0 server.',
  errors: scimErrors.catalogue,
  providers: [
    defineProviderType<ScimConfig>({
      id: 'scim',
      name: 'SCIM',
      description: 'Pushes every user, group and membership change to a SCIM 2.0 server, with full syncs on a schedule and on demand.',
      configSchema: readSchema('./config.schema.json'),
      checkConfig,
      create: (ctx) => new ScimProvider(ctx),
    }),
  ],
  sources: [
    defineSourceType<ScimSourceConfig>({
      id: 'scim',
      name: 'SCIM',
      description: 'A SCIM 2.0 server at /source/scim/<slug>/v2/ that Entra, Okta or Google provision users and groups into.',
      configSchema: readSchema('./source/source-config.schema.json'),
      checkConfig: checkSourceConfig,
      create: (ctx) => new ScimSource(ctx),
      reject,
    }),
  ],
  mappings: [scimMappingType, scimSourceMappingType],
});
