import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, ServiceSchema } from 'moleculer';
import ApiGateway from 'moleculer-web';
import type { ModelInfo } from '../../schemas/types.ts';
import { IdpError } from '../kernel/errors.ts';
import { modelName, type ModelDefinition } from '../kernel/model-definition.ts';
import { assertValid, compile, ref, refRequiring } from '../kernel/validator.ts';
import { buildOpenApi } from './openapi.ts';
import { toProblem } from './problem.ts';
import { clientIpResolver, proxyTrust } from './client-ip.ts';
import { coerceQuery } from './query.ts';
import type { CallInput, RouteSpec } from './route-spec.ts';
import { ROUTES } from './routes.ts';
import { mountedRoute, MOUNTS } from './mounted-route.ts';
import { sourceRoute } from './source-gateway.ts';

type Req = IncomingMessage & {
  $ctx: Context<unknown, { user?: CallInput['caller'] | null; actor?: unknown }>;
  $params: { body: unknown; query: Record<string, unknown>; params: Record<string, string> };
  body?: unknown;
  originalUrl?: string;
};

export interface ApiOptions {
  host: string;
  port: number;
  version: string;
  models: ModelDefinition[];
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges). */
  trustedProxies: string[];
  /** Readiness of this process: database, migrations, and the services the gateway calls. */
  ready(): Promise<{ ok: boolean; checks: Record<string, string> }>;
}

const JSON_TYPE = /^application\/([a-z.+-]*\+)?json\b/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sendJson(res: ServerResponse, status: number, data: unknown, type = 'application/json; charset=utf-8'): void {
  if (status === 204) {
    res.writeHead(204).end();
    return;
  }
  const text = JSON.stringify(data);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) }).end(text);
}

function hasBody(req: IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

/** Path parameters that cannot name an object get the same 404 as an unknown id. */
function pathValues(spec: RouteSpec, raw: Record<string, string>): Record<string, string> {
  for (const [name, schema] of Object.entries(spec.pathParams ?? {})) {
    const v = raw[name] ?? '';
    const valid = schema.type === 'integer' ? /^\d{1,9}$/.test(v) : schema.format === 'uuid' ? UUID.test(v) : v.length > 0;
    if (!valid) throw new IdpError('not_found', { detail: `No object has the id ${JSON.stringify(v)}.` });
  }
  return raw;
}

function aliasFor(spec: RouteSpec) {
  const bodySchema = spec.body ? refRequiring(spec.body.schema, spec.body.required ?? []) : null;
  if (bodySchema) compile(bodySchema);
  const querySchema = spec.query ? ref(spec.query) : null;
  return async function handle(this: { sendError(req: Req, res: ServerResponse, err: unknown): void }, req: Req, res: ServerResponse) {
    try {
      const caller = req.$ctx.meta.user;
      if (!caller) throw new IdpError('unauthenticated');
      if (spec.access === 'superuser' && !caller.is_superuser) throw new IdpError('forbidden');
      const path = pathValues(spec, req.$params.params ?? {});
      let body: unknown;
      if (bodySchema) {
        if (hasBody(req) && !JSON_TYPE.test(req.headers['content-type'] ?? '')) throw new IdpError('unsupported_media_type');
        body = req.body;
        assertValid(bodySchema, body);
      }
      let query: Record<string, unknown> = {};
      if (querySchema) {
        query = coerceQuery(spec.query!, req.$params.query ?? {});
        assertValid(querySchema, query);
      }
      const result = await req.$ctx.call(spec.action, spec.params({ path, query, body, caller }));
      sendJson(res, spec.status, result);
    } catch (err) {
      this.sendError(req, res, err);
    }
  };
}

/** Every route under both its documented path (trailing slash) and the same path without it. */
export function buildAliases(routes: RouteSpec[]): Record<string, unknown> {
  const aliases: Record<string, unknown> = {};
  for (const spec of routes) {
    const path = spec.path.replace(/\{(\w+)\}/g, ':$1');
    const handler = aliasFor(spec);
    aliases[`${spec.method} ${path}`] = handler;
    aliases[`${spec.method} ${path.replace(/\/$/, '')}`] = handler;
  }
  return aliases;
}

/** The REST gateway (moleculer-web): /api/v3 from the route table, /openapi.json, /health/live and /health/ready. */
export function apiService(opts: ApiOptions): ServiceSchema {
  const openapi = buildOpenApi(ROUTES, opts.version);
  const models: ModelInfo[] = [...new Map(opts.models.map((m) => [modelName(m), { name: modelName(m), app: m.app, model_name: m.model_name, label: m.label }])).values()];
  const serveOpenApi = (_req: Req, res: ServerResponse) => sendJson(res, 200, openapi);
  const clientIp = clientIpResolver(opts.trustedProxies);
  const trustedPeer = proxyTrust(opts.trustedProxies);
  return {
    name: 'api',
    mixins: [ApiGateway as unknown as ServiceSchema],
    settings: ({
      host: opts.host,
      port: opts.port,
      logRequest: 'debug',
      logRequestParams: null,
      logResponseData: null,
      log4XXResponses: false,
      routes: [
        {
          path: '/health',
          mappingPolicy: 'restrict',
          bodyParsers: false,
          aliases: {
            'GET live': (_req: Req, res: ServerResponse) => sendJson(res, 200, { status: 'ok' }),
            async 'GET ready'(_req: Req, res: ServerResponse) {
              const ready = await opts.ready();
              sendJson(res, ready.ok ? 200 : 503, { status: ready.ok ? 'ok' : 'unavailable', checks: ready.checks });
            },
          },
        },
        { path: '/', mappingPolicy: 'restrict', bodyParsers: false, aliases: { 'GET openapi.json': serveOpenApi, 'GET api/v3/schema': serveOpenApi, 'GET api/v3/schema/': serveOpenApi } },
        {
          path: '/api/v3',
          mappingPolicy: 'restrict',
          mergeParams: false,
          authentication: true,
          bodyParsers: { json: { limit: '1mb', strict: false, type: ['application/json', 'application/*+json'] } },
          aliases: buildAliases(ROUTES),
        },
        sourceRoute(clientIp, (req) => trustedPeer(req.socket.remoteAddress)),
        ...Object.entries(MOUNTS).map(([mount, server]) => mountedRoute(mount, server, clientIp, (req) => trustedPeer(req.socket.remoteAddress))),
      ],
      onError(this: { logger: { error(...a: unknown[]): void } }, req: Req, res: ServerResponse, err: unknown) {
        const problem = toProblem(err, req.originalUrl ?? req.url ?? '', req.$ctx?.requestID ?? null);
        if (problem.status >= 500 && problem.code === 'internal') this.logger.error({ err, url: req.url }, 'Request failed');
        if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
        sendJson(res, problem.status, problem, 'application/problem+json');
      },
    }) as ServiceSchema['settings'],
    actions: {
      models: { visibility: 'public', handler: () => models },
    },
    methods: {
      async authenticate(ctx: Req['$ctx'], _route: unknown, req: Req) {
        const header = req.headers.authorization;
        const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
        if (!match) return null;
        const principal = (await ctx.call('users.authenticate', { key: match[1] })) as CallInput['caller'];
        ctx.meta.actor = { kind: 'user', id: String(principal.pk), username: principal.username, email: principal.email, ip: clientIp(req) };
        return principal;
      },
    },
  };
}
