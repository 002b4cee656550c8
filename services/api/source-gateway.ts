import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'moleculer';
import type { SourceResponse } from '../../plugins/sdk/index.ts';
import { MAX_BODY_BYTES } from '../sources/source-request.ts';

type Req = IncomingMessage & { $ctx: Context; $params: { params: Record<string, string | string[]>; query: Record<string, unknown> } };

/** The body as text; null once it grows past the limit (the rest is read and dropped, so the reply still reaches the client). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const firstValue = (v: unknown) => (Array.isArray(v) ? String(v[0]) : String(v));

/** Requests under `/source/<type>/<slug>/…`, passed whole to the sources service, which authenticates them and asks the source's plugin. */
export function sourceRoute(clientIp: (req: IncomingMessage) => string | null) {
  async function forward(req: Req, res: ServerResponse) {
    const { type, slug, rest } = req.$params.params;
    const body = await readBody(req, MAX_BODY_BYTES);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([, v]) => v !== undefined).map(([k, v]) => [k, firstValue(v)]));
    const query = Object.fromEntries(Object.entries(req.$params.query ?? {}).map(([k, v]) => [k, firstValue(v)]));
    const path = `/${Array.isArray(rest) ? rest.join('/') : (rest ?? '')}`;
    const answer = await req.$ctx.call<SourceResponse, object>('sources.handle', {
      type: String(type), slug: String(slug), method: req.method ?? 'GET', path, headers, query, body,
      baseUrl: `http://${req.headers.host ?? '127.0.0.1'}/source/${type}/${slug}`, clientIp: clientIp(req),
    });
    const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status, { ...answer.headers, ...(text ? { 'content-length': Buffer.byteLength(text) } : {}) }).end(text || undefined);
  }
  return {
    path: '/source',
    mappingPolicy: 'restrict',
    mergeParams: false,
    bodyParsers: false,
    aliases: { '* :type/:slug/*rest': forward, '* :type/:slug': forward },
  };
}
