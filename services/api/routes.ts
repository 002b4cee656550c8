import type { RouteSpec } from './route-spec.ts';

interface CrudSpec {
  base: string;
  service: string;
  tag: string;
  key: string;
  keyType: { type: 'integer' | 'string'; format?: string };
  model: string;
  request: string;
  required: string[];
  listQuery: string;
  access?: RouteSpec['access'];
}

/** List, create, get, replace (PUT), update (PATCH) and delete for one model, as authentik's viewsets route them. */
function crud(c: CrudSpec): RouteSpec[] {
  const one = `${c.base}/{${c.key}}/`;
  const access = c.access ?? 'superuser';
  const key = (path: Record<string, string>) => ({ [c.key]: c.keyType.type === 'integer' ? Number(path[c.key]) : path[c.key] });
  const pathParams = { [c.key]: c.keyType };
  return [
    { method: 'GET', path: `${c.base}/`, action: `${c.service}.list`, summary: `List ${c.tag}`, tag: c.tag, access, query: c.listQuery, response: { schema: c.model, list: true }, status: 200, params: ({ query }) => query },
    { method: 'POST', path: `${c.base}/`, action: `${c.service}.create`, summary: `Create a ${c.model}`, tag: c.tag, access, body: { schema: c.request, required: c.required }, response: { schema: c.model }, status: 201, params: ({ body }) => body as Record<string, unknown> },
    { method: 'GET', path: one, action: `${c.service}.get`, summary: `Get a ${c.model}`, tag: c.tag, access, pathParams, response: { schema: c.model }, status: 200, params: ({ path }) => key(path) },
    { method: 'PUT', path: one, action: `${c.service}.replace`, summary: `Replace a ${c.model}`, tag: c.tag, access, pathParams, body: { schema: c.request, required: c.required }, response: { schema: c.model }, status: 200, params: ({ path, body }) => ({ ...key(path), data: body }) },
    { method: 'PATCH', path: one, action: `${c.service}.update`, summary: `Update fields of a ${c.model}`, tag: c.tag, access, pathParams, body: { schema: c.request }, response: { schema: c.model }, status: 200, params: ({ path, body }) => ({ ...key(path), data: body }) },
    { method: 'DELETE', path: one, action: `${c.service}.remove`, summary: `Delete a ${c.model}`, tag: c.tag, access, pathParams, status: 204, params: ({ path }) => key(path) },
  ];
}

const USER_PK = { pk: { type: 'integer' as const } };
const GROUP_PK = { pk: { type: 'string' as const, format: 'uuid' } };
const UUID = GROUP_PK;

/** Every REST endpoint under /api/v3. Static paths come before parameterised ones so they match first. */
export const ROUTES: RouteSpec[] = [
  { method: 'GET', path: '/core/users/me/', action: 'users.get', summary: 'The calling user', tag: 'users', access: 'user', response: { schema: 'user' }, status: 200, params: ({ caller }) => ({ pk: caller.pk }) },
  { method: 'POST', path: '/core/users/service_account/', action: 'users.createServiceAccount', summary: 'Create a service account and its app password (shown once)', tag: 'users', access: 'superuser', body: { schema: 'service-account-request' }, response: { schema: 'service-account-response' }, status: 201, params: ({ body }) => body as Record<string, unknown> },
  { method: 'POST', path: '/core/users/{pk}/set_password/', action: 'users.setPassword', summary: "Set a user's password", tag: 'users', access: 'superuser', pathParams: USER_PK, body: { schema: 'set-password-request' }, status: 204, params: ({ path, body }) => ({ pk: Number(path.pk), ...(body as object) }) },
  ...crud({ base: '/core/users', service: 'users', tag: 'users', key: 'pk', keyType: USER_PK.pk, model: 'user', request: 'user-request', required: ['username', 'name'], listQuery: 'user-list-query' }),
  { method: 'POST', path: '/core/groups/{pk}/add_user/', action: 'groups.addMembers', summary: 'Add a user to a group', tag: 'groups', access: 'superuser', pathParams: GROUP_PK, body: { schema: 'user-reference' }, status: 204, params: ({ path, body }) => ({ pk: path.pk, users: [(body as { pk: number }).pk] }) },
  { method: 'POST', path: '/core/groups/{pk}/remove_user/', action: 'groups.removeMembers', summary: 'Remove a user from a group', tag: 'groups', access: 'superuser', pathParams: GROUP_PK, body: { schema: 'user-reference' }, status: 204, params: ({ path, body }) => ({ pk: path.pk, users: [(body as { pk: number }).pk] }) },
  ...crud({ base: '/core/groups', service: 'groups', tag: 'groups', key: 'pk', keyType: GROUP_PK.pk, model: 'group', request: 'group-request', required: ['name'], listQuery: 'group-list-query' }),
  ...crud({ base: '/core/tokens', service: 'tokens', tag: 'tokens', key: 'identifier', keyType: { type: 'string' }, model: 'token', request: 'token-request', required: ['identifier'], listQuery: 'token-list-query', access: 'user' })
    .filter((r) => r.method !== 'PUT'),
  ...crud({ base: '/core/applications', service: 'applications', tag: 'applications', key: 'slug', keyType: { type: 'string' }, model: 'application', request: 'application-request', required: ['name', 'slug'], listQuery: 'application-list-query' }),
  { method: 'GET', path: '/events/events/actions/', action: 'events.actions', summary: 'Event actions', tag: 'events', access: 'superuser', response: { schema: 'event-action', array: true }, status: 200, params: () => ({}) },
  { method: 'GET', path: '/events/events/', action: 'events.list', summary: 'List events', tag: 'events', access: 'superuser', query: 'event-list-query', response: { schema: 'event', list: true }, status: 200, params: ({ query }) => query },
  { method: 'POST', path: '/events/events/', action: 'events.record', summary: 'Record an event', tag: 'events', access: 'superuser', body: { schema: 'event-record-request' }, response: { schema: 'event' }, status: 201, params: ({ body }) => body as Record<string, unknown> },
  { method: 'GET', path: '/events/events/{pk}/', action: 'events.get', summary: 'Get an event', tag: 'events', access: 'superuser', pathParams: UUID, response: { schema: 'event' }, status: 200, params: ({ path }) => ({ pk: path.pk }) },
  ...crud({ base: '/events/rules', service: 'events.rules', tag: 'events', key: 'pk', keyType: UUID.pk, model: 'notification-rule', request: 'notification-rule-request', required: ['name'], listQuery: 'named-list-query' }),
  ...crud({ base: '/events/transports', service: 'events.transports', tag: 'events', key: 'pk', keyType: UUID.pk, model: 'notification-transport', request: 'notification-transport-request', required: ['name', 'mode'], listQuery: 'named-list-query' }),
  { method: 'GET', path: '/events/notifications/', action: 'events.notifications.list', summary: "The caller's notifications", tag: 'events', access: 'user', query: 'notification-list-query', response: { schema: 'notification', list: true }, status: 200, params: ({ query }) => query },
  { method: 'POST', path: '/events/notifications/mark_all_seen/', action: 'events.notifications.markAllSeen', summary: "Mark all the caller's notifications seen", tag: 'events', access: 'user', status: 204, params: () => ({}) },
  { method: 'PATCH', path: '/events/notifications/{pk}/', action: 'events.notifications.update', summary: 'Mark a notification seen or unseen', tag: 'events', access: 'user', pathParams: UUID, body: { schema: 'notification-update-request' }, response: { schema: 'notification' }, status: 200, params: ({ path, body }) => ({ pk: path.pk, data: body }) },
  { method: 'POST', path: '/policies/event_matcher/{pk}/test/', action: 'policies.eventMatcher.test', summary: 'Evaluate the policy against an event', tag: 'policies', access: 'superuser', pathParams: UUID, body: { schema: 'policy-test-request' }, response: { schema: 'policy-result' }, status: 200, params: ({ path, body }) => ({ pk: path.pk, data: body }) },
  ...crud({ base: '/policies/event_matcher', service: 'policies.eventMatcher', tag: 'policies', key: 'pk', keyType: UUID.pk, model: 'event-matcher', request: 'event-matcher-request', required: ['name'], listQuery: 'event-matcher-list-query' }),
  ...crud({ base: '/policies/bindings', service: 'policies.bindings', tag: 'policies', key: 'pk', keyType: UUID.pk, model: 'binding', request: 'binding-request', required: ['target', 'policy'], listQuery: 'binding-list-query' }),
  { method: 'GET', path: '/admin/models/', action: 'api.models', summary: 'Models the API writes, as app.model', tag: 'admin', access: 'superuser', response: { schema: 'model-info', array: true }, status: 200, params: () => ({}) },
];
