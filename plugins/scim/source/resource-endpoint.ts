import type { SourceObject, SourceObjects, SourceQuery, SourceRequest, SourceResponse } from '../../sdk/index.ts';
import { isPluginError, isSourceStoreError } from '../../sdk/index.ts';
import { listResources } from './list-resources.ts';
import { mappedWrite } from './local-mapping.ts';
import { normalizeResource, parseBody } from './normalize.ts';
import { applyPatch } from './patch/apply-patch.ts';
import type { RelationDelta } from './patch/members-delta.ts';
import { project, projects } from './projection.ts';
import { etagOf, metaOf, type ResourceAdapter } from './resource-adapter.ts';
import { scimJson } from './responses.ts';
import { badRequest, methodNotAllowed, ScimError } from './scim-error.ts';
import type { ScimSourceConfig } from './source-config.ts';
import type { SourceMappings } from './source-mappings.ts';
import { fromStoreError } from './store-errors.ts';
import { listRequest } from './list-request.ts';

/** What an endpoint works with: the source's objects, its configuration, the base URL clients use and its property mappings. */
export interface EndpointEnv {
  objects: SourceObjects;
  config: ScimSourceConfig;
  base: string;
  mappings: SourceMappings;
}

const PATCH_TRIES = 5;

type Projection = { attributes: string[]; excludedAttributes: string[] };

function projectionOf(req: SourceRequest): Projection {
  const { attributes, excludedAttributes } = listRequest(req.query);
  return { attributes, excludedAttributes };
}

/** The resource as served: rendered, with `meta`, cut to the requested attributes. */
function present(env: EndpointEnv, adapter: ResourceAdapter, object: SourceObject, projection: Projection) {
  const location = `${env.base}/v2${adapter.type.endpoint}/${object.id}`;
  const resource = { ...adapter.render(object, env.base), meta: metaOf(object, adapter.type.name, location) };
  return project(adapter.type, resource, projection);
}

function answer(env: EndpointEnv, adapter: ResourceAdapter, object: SourceObject, status: number, projection: Projection): SourceResponse {
  const location = `${env.base}/v2${adapter.type.endpoint}/${object.id}`;
  return scimJson(status, present(env, adapter, object, projection), { etag: etagOf(object), ...(status === 201 ? { location } : {}) });
}

/** What the host stores for a resource, the source's property mappings applied; a failing mapping is a 400 invalidValue naming it. */
async function writeOf(env: EndpointEnv, adapter: ResourceAdapter, resource: Record<string, unknown>) {
  try {
    return await mappedWrite(adapter, resource, await env.mappings.of(adapter.kind));
  } catch (err) {
    if (!isPluginError(err)) throw err;
    throw badRequest('invalidValue', `A property mapping failed: ${err.message}.`);
  }
}

/** The membership change a PATCH, POST or PUT makes, as the host store takes it. */
const membersOf = (relation: RelationDelta | undefined) => (relation ? { members: relation.set ? { set: relation.set } : { add: relation.add, remove: relation.remove } } : {});

const includeFor = (adapter: ResourceAdapter, projection: Projection): SourceQuery['include'] =>
  projects(adapter.type, projection, [adapter.relation]) ? { [adapter.relation]: true } : {};

/** The object, or 404; with `If-Match`, 412 unless it names the current version. */
async function current(env: EndpointEnv, adapter: ResourceAdapter, id: string, req: SourceRequest, include: SourceQuery['include'] = {}): Promise<SourceObject> {
  const object = await env.objects.get(adapter.kind, id, include);
  if (!object) throw new ScimError(404, `No ${adapter.type.name} has the id ${JSON.stringify(id)}.`);
  const ifMatch = req.headers['if-match'];
  if (ifMatch !== undefined && ifMatch.trim() !== '*' && !ifMatch.split(',').map((t) => t.trim()).includes(etagOf(object))) {
    throw new ScimError(412, `The ${adapter.type.name} has changed: its version is ${etagOf(object)}.`);
  }
  return object;
}

async function patch(env: EndpointEnv, adapter: ResourceAdapter, id: string, req: SourceRequest, projection: Projection): Promise<SourceResponse> {
  const body = parseBody(req.body);
  for (let attempt = 1; ; attempt++) {
    const object = await current(env, adapter, id, req);
    const result = applyPatch(adapter.type, adapter.writable(object), body, adapter.patchesRelation ? { relation: adapter.relation } : {});
    const quiet = adapter.patchesRelation && !projection.attributes.length && !projection.excludedAttributes.length;
    try {
      const write = { ...(await writeOf(env, adapter, result.resource)), ...membersOf(result.relation), ifVersion: object.version };
      const written = await env.objects.update(adapter.kind, id, write, quiet ? {} : includeFor(adapter, projection));
      return quiet ? { status: 204, headers: { etag: etagOf(written) } } : answer(env, adapter, written, 200, projection);
    } catch (err) {
      const raced = isSourceStoreError(err) && err.reason === 'version_mismatch' && req.headers['if-match'] === undefined && attempt < PATCH_TRIES;
      if (!raced) throw fromStoreError(err);
    }
  }
}

/** `/Users` or `/Groups` and what is below them (RFC 7644 §3.2–3.6). */
export async function resourceEndpoint(env: EndpointEnv, adapter: ResourceAdapter, req: SourceRequest, rest: string[]): Promise<SourceResponse> {
  const method = req.method.toUpperCase();
  const [id, ...more] = rest;
  if (more.length) throw new ScimError(404, 'No such resource.');
  if (id === undefined) {
    if (method === 'GET') return scimJson(200, await listResources(env, adapter, req.query));
    if (method !== 'POST') throw methodNotAllowed('GET, POST', `${method} is not allowed on ${adapter.type.endpoint}.`);
    const projection = projectionOf(req);
    const { resource, relation } = normalizeResource(adapter, parseBody(req.body));
    const write = { ...(await writeOf(env, adapter, resource)), ...membersOf(relation), adopt: env.config.adopt_existing };
    const created = await env.objects.create(adapter.kind, write, includeFor(adapter, projection)).catch((err) => { throw fromStoreError(err); });
    return answer(env, adapter, created, 201, projection);
  }
  if (id === '.search') {
    if (method !== 'POST') throw methodNotAllowed('POST', `${method} is not allowed on ${adapter.type.endpoint}/.search.`);
    return scimJson(200, await listResources(env, adapter, parseBody(req.body) as Record<string, unknown>));
  }
  const projection = projectionOf(req);
  switch (method) {
    case 'GET': {
      const object = await current(env, adapter, id, req, includeFor(adapter, projection));
      if (req.headers['if-none-match']?.split(',').map((t) => t.trim()).includes(etagOf(object))) return { status: 304, headers: { etag: etagOf(object) } };
      return answer(env, adapter, object, 200, projection);
    }
    case 'PUT': {
      const object = await current(env, adapter, id, req);
      const { resource, relation } = normalizeResource(adapter, parseBody(req.body));
      const conditional = req.headers['if-match'] !== undefined ? { ifVersion: object.version } : {};
      const write = { ...(await writeOf(env, adapter, resource)), ...membersOf(relation), ...conditional };
      const written = await env.objects.update(adapter.kind, id, write, includeFor(adapter, projection)).catch((err) => { throw fromStoreError(err); });
      return answer(env, adapter, written, 200, projection);
    }
    case 'PATCH':
      return patch(env, adapter, id, req, projection);
    case 'DELETE': {
      await current(env, adapter, id, req);
      const removed = await env.objects.remove(adapter.kind, id, env.config.on_delete).catch((err) => { throw fromStoreError(err); });
      if (!removed) throw new ScimError(404, `No ${adapter.type.name} has the id ${JSON.stringify(id)}.`);
      return { status: 204 };
    }
    default:
      throw methodNotAllowed('GET, PUT, PATCH, DELETE', `${method} is not allowed on a ${adapter.type.name}.`);
  }
}
