import type { IncomingMessage } from 'node:http';

/** Who may call a route: any authenticated user, or superusers only. */
export type Access = 'user' | 'superuser';

export interface CallInput {
  path: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  caller: { pk: number; username: string; email: string; is_superuser: boolean };
}

/**
 * One REST endpoint: the gateway's aliases and the OpenAPI document are both generated from these, so the
 * documentation cannot drift from what is served.
 */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Under /api/v3, with `{name}` path parameters, ending in `/` as authentik's do. */
  path: string;
  action: string;
  summary: string;
  tag: string;
  access: Access;
  pathParams?: Record<string, { type: 'integer' | 'string'; format?: string }>;
  /** Schema file (without .schema.json) the body must match; `required` lists fields this route needs. */
  body?: { schema: string; required?: string[] };
  query?: string;
  /** Schema of a 200/201 response; `list` wraps it in a paginated list, `array` in a plain array. */
  response?: { schema: string; list?: boolean; array?: boolean };
  status: 200 | 201 | 204;
  params(input: CallInput): Record<string, unknown>;
}

export type { IncomingMessage };
