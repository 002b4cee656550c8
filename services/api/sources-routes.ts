import { crud } from './crud-routes.ts';
import type { RouteSpec } from './route-spec.ts';

const SOURCE = { type: { type: 'string' as const }, slug: { type: 'string' as const } };

/** Source instances of every loaded source type, addressed by slug, and their tokens. */
export const SOURCES_ROUTES: RouteSpec[] = [
  { method: 'POST', path: '/sources/{type}/{slug}/token/', action: 'sources.rotateToken', summary: "Replace the source's bearer token (shown once)", tag: 'sources', access: 'superuser', pathParams: SOURCE, response: { schema: 'source-token' }, status: 200, params: ({ path }) => ({ type: path.type, slug: path.slug }) },
  ...crud({ base: '/sources/{type}', scope: 'type', service: 'sources', tag: 'sources', key: 'slug', keyType: SOURCE.slug, model: 'source', request: 'source-request', required: ['name', 'slug'], listQuery: 'named-list-query' }),
];
