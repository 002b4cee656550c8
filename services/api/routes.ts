import { crud, UUID } from './crud-routes.ts';
import { EVENTS_ROUTES } from './events-routes.ts';
import { MFA_ROUTES } from './mfa-routes.ts';
import { PROVIDERS_ROUTES } from './providers-routes.ts';
import type { RouteSpec } from './route-spec.ts';
import { SOURCES_ROUTES } from './sources-routes.ts';

const USER_PK = { pk: { type: 'integer' as const } };
const GROUP_PK = UUID;

/** Every REST endpoint under /api/v3. Static paths come before parameterised ones so they match first. */
export const ROUTES: RouteSpec[] = [
  { method: 'GET', path: '/core/users/me/', action: 'users.get', summary: 'The calling user', tag: 'users', access: 'user', response: { schema: 'user' }, status: 200, params: ({ caller }) => ({ pk: caller.pk }) },
  { method: 'POST', path: '/core/users/service_account/', action: 'users.createServiceAccount', summary: 'Create a service account and its app password (shown once)', tag: 'users', access: 'superuser', body: { schema: 'service-account-request' }, response: { schema: 'service-account-response' }, status: 201, params: ({ body }) => body as Record<string, unknown> },
  { method: 'POST', path: '/core/users/{pk}/set_password/', action: 'users.setPassword', summary: "Set a user's password", tag: 'users', access: 'superuser', pathParams: USER_PK, body: { schema: 'set-password-request' }, status: 204, params: ({ path, body }) => ({ pk: Number(path.pk), ...(body as object) }) },
  ...MFA_ROUTES,
  ...crud({ base: '/core/users', service: 'users', tag: 'users', key: 'pk', keyType: USER_PK.pk, model: 'user', request: 'user-request', required: ['username', 'name'], listQuery: 'user-list-query' }),
  { method: 'POST', path: '/core/groups/{pk}/add_user/', action: 'groups.addMembers', summary: 'Add a user to a group', tag: 'groups', access: 'superuser', pathParams: GROUP_PK, body: { schema: 'user-reference' }, status: 204, params: ({ path, body }) => ({ pk: path.pk, users: [(body as { pk: number }).pk] }) },
  { method: 'POST', path: '/core/groups/{pk}/remove_user/', action: 'groups.removeMembers', summary: 'Remove a user from a group', tag: 'groups', access: 'superuser', pathParams: GROUP_PK, body: { schema: 'user-reference' }, status: 204, params: ({ path, body }) => ({ pk: path.pk, users: [(body as { pk: number }).pk] }) },
  ...crud({ base: '/core/groups', service: 'groups', tag: 'groups', key: 'pk', keyType: GROUP_PK.pk, model: 'group', request: 'group-request', required: ['name'], listQuery: 'group-list-query' }),
  ...crud({ base: '/core/tokens', service: 'tokens', tag: 'tokens', key: 'identifier', keyType: { type: 'string' }, model: 'token', request: 'token-request', required: ['identifier'], listQuery: 'token-list-query', access: 'user' })
    .filter((r) => r.method !== 'PUT'),
  { method: 'GET', path: '/core/applications/{slug}/check_access/', action: 'applications.testAccess', summary: "Whether the application's bindings let a user in", tag: 'applications', access: 'superuser', pathParams: { slug: { type: 'string' } }, query: 'application-check-access-query', response: { schema: 'policy-test-result' }, status: 200, params: ({ path, query, caller }) => ({ slug: path.slug, for_user: query.for_user ?? caller.pk }) },
  ...crud({ base: '/core/applications', service: 'applications', tag: 'applications', key: 'slug', keyType: { type: 'string' }, model: 'application', request: 'application-request', required: ['name', 'slug'], listQuery: 'application-list-query' }),
  ...EVENTS_ROUTES,
  ...PROVIDERS_ROUTES,
  ...SOURCES_ROUTES,
  { method: 'GET', path: '/admin/models/', action: 'api.models', summary: 'Models the API writes, as app.model', tag: 'admin', access: 'superuser', response: { schema: 'model-info', array: true }, status: 200, params: () => ({}) },
];
