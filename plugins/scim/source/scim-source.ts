import type { SourceContext, SourceInstance, SourceRequest, SourceResponse } from '../../sdk/index.ts';
import { bulk } from './bulk.ts';
import { discovery } from './discovery.ts';
import { groupAdapter } from './group-adapter.ts';
import { resourceEndpoint } from './resource-endpoint.ts';
import { scimErrorResponse } from './responses.ts';
import { badRequest, ScimError } from './scim-error.ts';
import type { ScimSourceConfig } from './source-config.ts';
import { SourceMappings } from './source-mappings.ts';
import { userAdapter } from './user-adapter.ts';

const ADAPTERS = { users: userAdapter, groups: groupAdapter };

const ENDPOINTS = ['Users', 'Groups', 'Bulk', 'ServiceProviderConfig', 'ResourceTypes', 'Schemas'];

/** The endpoint a path names, for metric labels: one of the served ones, or `other` (so labels stay few). */
function endpointOf(path: string): string {
  const name = path.split('/').filter(Boolean)[1]?.toLowerCase();
  return ENDPOINTS.find((e) => e.toLowerCase() === name) ?? 'other';
}

function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ScimError(404, 'The path is not valid.');
  }
}

/**
 * A SCIM 2.0 service provider (RFC 7644) at `/source/scim/<slug>/v2/`: Users and Groups backed by the host's
 * users and groups, and the discovery endpoints. Every SCIM error is answered in the SCIM error form.
 */
export class ScimSource implements SourceInstance {
  readonly #ctx: SourceContext<ScimSourceConfig>;
  readonly #mappings: SourceMappings;

  constructor(ctx: SourceContext<ScimSourceConfig>) {
    this.#ctx = ctx;
    // Sources stored before property mappings existed have no such fields until they are written again.
    this.#mappings = new SourceMappings(ctx.directory, { user: ctx.config.user_property_mappings ?? [], group: ctx.config.group_property_mappings ?? [] });
  }

  async health() {
    return { ok: true };
  }

  /** Answers a request; counts it as `idp_source_requests_total{source, method, endpoint, status}`. */
  async handle(req: SourceRequest): Promise<SourceResponse> {
    const response = await this.#respond(req);
    this.#ctx.metrics.increment('requests_total', { method: req.method.toUpperCase(), endpoint: endpointOf(req.path), status: response.status });
    return response;
  }

  /** The answer to a request, SCIM errors included (what each operation of a Bulk request gets too). */
  async #respond(req: SourceRequest): Promise<SourceResponse> {
    try {
      return await this.#route(req);
    } catch (err) {
      if (!(err instanceof ScimError)) throw err;
      return scimErrorResponse(err);
    }
  }

  async #route(req: SourceRequest): Promise<SourceResponse> {
    const segments = req.path.split('/').filter(Boolean).map(segment);
    if (/^v\d+$/i.test(segments[0] ?? '') && segments[0] !== 'v2') throw badRequest('invalidVers', `SCIM ${segments[0]} is not supported; this server speaks SCIM 2.0 at /v2/.`);
    if (segments[0] !== 'v2') throw new ScimError(404, 'SCIM endpoints are under /v2/.');
    const [endpoint, ...rest] = segments.slice(1);
    const found = discovery(req.method.toUpperCase(), segments.slice(1), req.baseUrl);
    if (found) return found;
    const adapter = ADAPTERS[endpoint?.toLowerCase() as keyof typeof ADAPTERS];
    if (!adapter) {
      if (endpoint?.toLowerCase() === 'bulk' && rest.length === 0) return bulk(req, (op) => this.#respond(op));
      if (endpoint?.toLowerCase() === 'me') throw new ScimError(501, '/Me is not supported.');
      throw new ScimError(404, `No SCIM endpoint is named ${JSON.stringify(endpoint ?? '')}.`);
    }
    return resourceEndpoint({ objects: this.#ctx.objects, config: this.#ctx.config, base: req.baseUrl, mappings: this.#mappings }, adapter, req, rest);
  }
}
