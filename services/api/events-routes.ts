import { crud, UUID } from './crud-routes.ts';
import type { RouteSpec } from './route-spec.ts';

/** The event log, notification rules, transports and notifications, event-matcher policies and bindings. */
export const EVENTS_ROUTES: RouteSpec[] = [
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
  ...crud({ base: '/policies/bindings', service: 'policies.bindings', tag: 'policies', key: 'pk', keyType: UUID.pk, model: 'binding', request: 'binding-request', required: ['target'], listQuery: 'binding-list-query' }),
];
