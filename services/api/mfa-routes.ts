import type { RouteSpec } from './route-spec.ts';

const USER = { pk: { type: 'integer' as const } };
const DEVICE = { ...USER, device: { type: 'string' as const, format: 'uuid' } };
const user = (path: Record<string, string>) => ({ pk: Number(path.pk) });
const device = (path: Record<string, string>) => ({ pk: Number(path.pk), device: path.device });

/** A user's second factors, for admins: TOTP devices and single-use recovery codes (authentik's static tokens). */
export const MFA_ROUTES: RouteSpec[] = [
  { method: 'GET', path: '/core/users/{pk}/totp/', action: 'users.listTotp', summary: "A user's TOTP devices (without their secrets)", tag: 'users', access: 'superuser', pathParams: USER, response: { schema: 'totp-device', array: true }, status: 200, params: ({ path }) => user(path) },
  { method: 'POST', path: '/core/users/{pk}/totp/', action: 'users.enrolTotp', summary: 'Enrol a TOTP device: its secret and otpauth URL are shown once; it counts once confirmed', tag: 'users', access: 'superuser', pathParams: USER, body: { schema: 'totp-device-request' }, response: { schema: 'totp-device' }, status: 201, params: ({ path, body }) => ({ ...user(path), data: body }) },
  { method: 'POST', path: '/core/users/{pk}/totp/{device}/confirm/', action: 'users.confirmTotp', summary: 'Confirm a TOTP device with a current code', tag: 'users', access: 'superuser', pathParams: DEVICE, body: { schema: 'totp-confirm-request' }, response: { schema: 'totp-device' }, status: 200, params: ({ path, body }) => ({ ...device(path), data: body }) },
  { method: 'DELETE', path: '/core/users/{pk}/totp/{device}/', action: 'users.removeTotp', summary: 'Delete a TOTP device', tag: 'users', access: 'superuser', pathParams: DEVICE, status: 204, params: ({ path }) => device(path) },
  { method: 'GET', path: '/core/users/{pk}/static_tokens/', action: 'users.staticTokenStatus', summary: "How many of a user's recovery codes are unused", tag: 'users', access: 'superuser', pathParams: USER, response: { schema: 'static-token-status' }, status: 200, params: ({ path }) => user(path) },
  { method: 'POST', path: '/core/users/{pk}/static_tokens/', action: 'users.createStaticTokens', summary: "Replace a user's unused recovery codes with new ones (shown once)", tag: 'users', access: 'superuser', pathParams: USER, body: { schema: 'static-tokens-request' }, response: { schema: 'static-tokens' }, status: 201, params: ({ path, body }) => ({ ...user(path), data: body }) },
];
