import { RESOURCE_TYPES, SCHEMAS } from './schema/catalogue.ts';
import { SOURCE_BODY_LIMIT, type SourceResponse } from '../../sdk/index.ts';
import { BULK_SUPPORT } from './bulk.ts';
import { MAX_RESULTS } from './limits.ts';
import { LIST_RESPONSE } from './list-resources.ts';
import { scimJson } from './responses.ts';
import { methodNotAllowed, ScimError } from './scim-error.ts';

const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RT_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

const list = (resources: unknown[]) => ({ schemas: [LIST_RESPONSE], totalResults: resources.length, itemsPerPage: resources.length, startIndex: 1, Resources: resources });

/** What this server supports, advertised exactly (clients skip what is not advertised). */
function serviceProviderConfig(base: string) {
  return {
    schemas: [SPC_SCHEMA],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: BULK_SUPPORT,
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: true },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: "Authentication with the source's bearer token.", primary: true }],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/v2/ServiceProviderConfig` },
    maxPayloadSize: SOURCE_BODY_LIMIT,
  };
}

function resourceType(base: string, name: keyof typeof RESOURCE_TYPES) {
  const t = RESOURCE_TYPES[name];
  return {
    schemas: [RT_SCHEMA], id: t.name, name: t.name, endpoint: t.endpoint, description: t.name === 'User' ? 'User Account' : 'Group',
    schema: t.schema, schemaExtensions: t.extensions.map((schema) => ({ schema, required: false })),
    meta: { resourceType: 'ResourceType', location: `${base}/v2/ResourceTypes/${t.name}` },
  };
}

function schema(base: string, s: (typeof SCHEMAS)[number]) {
  return { schemas: [SCHEMA_SCHEMA], ...s, meta: { resourceType: 'Schema', location: `${base}/v2/Schemas/${s.id}` } };
}

/** `/ServiceProviderConfig`, `/ResourceTypes[/<name>]`, `/Schemas[/<urn>]`: read-only, so any other method gets 405. */
export function discovery(method: string, segments: string[], base: string): SourceResponse | null {
  const [endpoint, id, ...more] = segments;
  const known = ['ServiceProviderConfig', 'ResourceTypes', 'Schemas'].find((e) => e.toLowerCase() === endpoint?.toLowerCase());
  if (!known) return null;
  if (method !== 'GET') throw methodNotAllowed('GET', `${known} is read-only.`);
  if (more.length || (known === 'ServiceProviderConfig' && id !== undefined)) throw new ScimError(404, 'No such resource.');
  if (known === 'ServiceProviderConfig') return scimJson(200, serviceProviderConfig(base));
  if (known === 'ResourceTypes') {
    const names = Object.keys(RESOURCE_TYPES) as (keyof typeof RESOURCE_TYPES)[];
    if (id === undefined) return scimJson(200, list(names.map((n) => resourceType(base, n))));
    const name = names.find((n) => n.toLowerCase() === id.toLowerCase());
    if (!name) throw new ScimError(404, `No resource type is named ${JSON.stringify(id)}.`);
    return scimJson(200, resourceType(base, name));
  }
  if (id === undefined) return scimJson(200, list(SCHEMAS.map((s) => schema(base, s))));
  const found = SCHEMAS.find((s) => s.id.toLowerCase() === id.toLowerCase());
  if (!found) throw new ScimError(404, `No schema has the id ${JSON.stringify(id)}.`);
  return scimJson(200, schema(base, found));
}
