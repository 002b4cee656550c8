import { parseFilter } from './filter/parse.ts';
import { toDocumentFilter } from './filter/resolve.ts';
import { sortKey } from './filter/sort-key.ts';
import { listRequest } from './list-request.ts';
import { project, projects } from './projection.ts';
import { metaOf, type ResourceAdapter } from './resource-adapter.ts';
import type { EndpointEnv } from './resource-endpoint.ts';

export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/**
 * One page of a list or search (RFC 7644 §3.4.2): the filter and order run as SQL in the host; `startIndex` and
 * `count` are exact across pages (`count=0` gives only `totalResults`); the relation is loaded only when returned.
 */
export async function listResources(env: EndpointEnv, adapter: ResourceAdapter, params: Record<string, unknown>) {
  const request = listRequest(params);
  const filter = request.filter === undefined ? undefined : toDocumentFilter(adapter.type, parseFilter(request.filter), { sentInDocument: env.mappings.configured(adapter.kind) });
  const sort = request.sortBy === undefined ? undefined : sortKey(adapter.type, request.sortBy, request.descending);
  const include = projects(adapter.type, request, [adapter.relation]) ? { [adapter.relation]: true } : {};
  const { total, objects } = await env.objects.query(adapter.kind, { filter, sort, offset: request.startIndex - 1, limit: request.count, include });
  const resources = objects.map((object) => {
    const location = `${env.base}/v2${adapter.type.endpoint}/${object.id}`;
    const resource = { ...adapter.render(object, env.base), meta: metaOf(object, adapter.type.name, location) };
    return project(adapter.type, resource, request);
  });
  return { schemas: [LIST_RESPONSE], totalResults: total, itemsPerPage: resources.length, startIndex: request.startIndex, Resources: resources };
}
