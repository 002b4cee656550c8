import { crud } from './crud-routes.ts';
import type { RouteSpec } from './route-spec.ts';

const TYPE = { type: { type: 'string' as const } };
const PROVIDER = { ...TYPE, pk: { type: 'integer' as const } };
const MAPPING = { ...TYPE, pk: { type: 'string' as const, format: 'uuid' } };
const provider = (path: Record<string, string>) => ({ type: path.type, pk: Number(path.pk) });

/** Provider instances and property mappings of every loaded plugin type, full syncs, sync status and links. */
export const PROVIDERS_ROUTES: RouteSpec[] = [
  { method: 'GET', path: '/providers/types/', action: 'providers.types', summary: 'Provider, source, mapping and policy types the loaded plugins contribute', tag: 'providers', access: 'superuser', response: { schema: 'provider-type', array: true }, status: 200, params: () => ({}) },
  { method: 'POST', path: '/providers/{type}/{pk}/sync/', action: 'providers.sync', summary: 'Start a full sync (or return the one running)', tag: 'providers', access: 'superuser', pathParams: PROVIDER, response: { schema: 'sync-started' }, status: 200, params: ({ path }) => provider(path) },
  { method: 'GET', path: '/providers/{type}/{pk}/sync_status/', action: 'providers.syncStatus', summary: 'Full sync progress, last run, queue and failed objects', tag: 'providers', access: 'superuser', pathParams: PROVIDER, response: { schema: 'sync-status' }, status: 200, params: ({ path }) => provider(path) },
  { method: 'GET', path: '/providers/{type}/{pk}/objects/', action: 'providers.objects', summary: 'Links between local objects and their remote copies', tag: 'providers', access: 'superuser', pathParams: PROVIDER, query: 'provider-object-list-query', response: { schema: 'provider-object', list: true }, status: 200, params: ({ path, query }) => ({ ...provider(path), query }) },
  ...crud({ base: '/providers/{type}', scope: 'type', service: 'providers', tag: 'providers', key: 'pk', keyType: PROVIDER.pk, model: 'provider', request: 'provider-request', required: ['name'], listQuery: 'named-list-query' }),
  { method: 'POST', path: '/propertymappings/{type}/{pk}/test/', action: 'propertymappings.test', summary: 'Render the defaults and this mapping for a user or group', tag: 'propertymappings', access: 'superuser', pathParams: MAPPING, body: { schema: 'property-mapping-test-request' }, response: { schema: 'property-mapping-test-result' }, status: 200, params: ({ path, body }) => ({ type: path.type, pk: path.pk, data: body }) },
  ...crud({ base: '/propertymappings/{type}', scope: 'type', service: 'propertymappings', tag: 'propertymappings', key: 'pk', keyType: MAPPING.pk, model: 'property-mapping', request: 'property-mapping-request', required: ['name', 'expression'], listQuery: 'named-list-query' }),
];
