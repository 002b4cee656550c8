import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'moleculer';
import { SOURCE_BODY_LIMIT, type SourceResponse } from '../../plugins/sdk/index.ts';
import { headersOf, readBody, requestOrigin } from './forwarding.ts';

type Req = IncomingMessage & { $ctx: Context; originalUrl?: string };

const safeDecode = (v: string) => {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
};

const NUL = /\u0000/g;

/**
 * Requests under `/source/<type>/<slug>/…`, passed whole to the sources service, which authenticates them and asks
 * the source's plugin. A route middleware, not an alias: the path reaches the plugin as sent (still percent-encoded),
 * so a malformed one is the plugin's to refuse in its protocol, not the gateway's.
 */
export function sourceRoute(clientIp: (req: IncomingMessage) => string | null, fromTrustedProxy: (req: IncomingMessage) => boolean) {
  async function forward(this: { sendError(req: Req, res: ServerResponse, err: unknown): void }, req: Req, res: ServerResponse) {
    try {
      const url = new URL(req.originalUrl ?? req.url ?? '/', 'http://gateway');
      const [, type = '', slug = '', ...rest] = url.pathname.split('/').filter(Boolean);
      const raw = await readBody(req, SOURCE_BODY_LIMIT);
      const headers = headersOf(req);
      const query = Object.fromEntries(url.searchParams);
      const path = `/${rest.join('/')}`;
      const hasNul = [raw ?? '', path, ...Object.keys(query), ...Object.values(query)].some((v) => v.includes('\u0000'));
      const refusal = raw === null ? { status: 413, detail: `The request body is larger than ${SOURCE_BODY_LIMIT} bytes.` }
        : hasNul ? { status: 400, detail: 'The request must not contain NUL characters.' } : null;
      const clean = (v: string) => v.replace(NUL, '');
      const answer = await req.$ctx.call<SourceResponse, object>('sources.handle', {
        type: clean(safeDecode(type)), slug: clean(safeDecode(slug)), method: req.method ?? 'GET', path: clean(path), headers,
        query: Object.fromEntries(Object.entries(query).map(([k, v]) => [clean(k), clean(v)])), body: refusal ? '' : raw!,
        baseUrl: `${requestOrigin(req, fromTrustedProxy)}/source/${type}/${slug}`, clientIp: clientIp(req), refusal,
      });
      const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { ...answer.headers, ...(text ? { 'content-length': Buffer.byteLength(text) } : {}) }).end(text || undefined);
    } catch (err) {
      this.sendError(req, res, err);
    }
  }
  return { path: '/source', mappingPolicy: 'restrict', bodyParsers: false, use: [forward] };
}
