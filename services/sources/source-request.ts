import type { EntityManager } from '@mikro-orm/sql';
import type { SourceResponse, SourceType } from '../../plugins/sdk/index.ts';
import { runInScope } from '../kernel/request-context.ts';
import { bearerToken, type TokenCache } from './source-auth.ts';
import type { SourceInstances } from './source-instances.ts';

/** A request to `/source/<type>/<slug>/<path>` as the gateway forwards it. */
export interface HandleParams {
  type: string;
  slug: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: string;
  /** What the gateway refused about the request itself (a body over the limit, NUL characters), answered after authentication. */
  refusal: { status: number; detail: string } | null;
  baseUrl: string;
  clientIp: string | null;
}

const STRINGS = { type: 'object', additionalProperties: { type: 'string' } };

export const HANDLE_PARAMS = {
  type: 'object',
  properties: {
    type: { type: 'string' }, slug: { type: 'string' }, method: { type: 'string' }, path: { type: 'string' },
    headers: STRINGS, query: STRINGS, body: { type: 'string' }, baseUrl: { type: 'string' }, clientIp: { type: ['string', 'null'] },
    refusal: {
      type: ['object', 'null'],
      properties: { status: { type: 'integer', minimum: 400, maximum: 499 }, detail: { type: 'string' } },
      required: ['status', 'detail'],
      additionalProperties: false,
    },
  },
  required: ['type', 'slug', 'method', 'path', 'headers', 'query', 'body', 'baseUrl', 'clientIp', 'refusal'],
  additionalProperties: false,
};

export interface HandleEnv {
  type: SourceType;
  instances: SourceInstances;
  tokens: TokenCache;
  fork: () => EntityManager;
  requestId: string | null;
  logger: { error(...args: unknown[]): void };
}

/**
 * Finds the source, checks it is enabled and that the bearer token belongs to its own service account (any other
 * token, a user's or another source's, gets 401), then lets the plugin instance answer, acting as that account.
 */
export async function handleSourceRequest(env: HandleEnv, p: HandleParams): Promise<SourceResponse> {
  const { type } = env;
  const found = await env.instances.get(type, p.slug);
  if (!found) return type.reject(404, `No ${type.id} source has the slug ${JSON.stringify(p.slug)}.`);
  const key = bearerToken(p.headers.authorization);
  const user = key ? await env.tokens.user(env.fork, key) : null;
  if (!user || user.pk !== found.row.user_pk) {
    const refused = type.reject(401, 'A valid bearer token of this source is required.');
    return { ...refused, headers: { ...refused.headers, 'www-authenticate': `Bearer realm="${p.slug}"` } };
  }
  if (!found.row.enabled) return type.reject(403, 'This source is disabled.');
  if (p.refusal) return type.reject(p.refusal.status, p.refusal.detail);
  const actor = { kind: 'user' as const, id: String(user.pk), username: user.username, email: user.email, ip: p.clientIp };
  try {
    return await runInScope({ actor, requestId: env.requestId }, () => found.instance.handle({
      method: p.method, path: p.path, headers: p.headers, query: p.query, body: p.body, baseUrl: p.baseUrl,
    }));
  } catch (err) {
    env.logger.error({ err, source: p.slug, method: p.method, path: p.path }, 'Source request failed');
    return type.reject(500, 'The server failed to handle the request.');
  }
}
