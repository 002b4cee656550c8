import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { Labels, Logger, PluginError } from '../../plugins/sdk/index.ts';
import { ScimClient, type ScimClientOptions } from '../../plugins/scim/client/scim-client.ts';

export const TOKEN = 'tok-5f1c9a-secret';
export const ERR = 'urn:ietf:params:scim:api:messages:2.0:Error';
type Hit = { method: string; url: string; headers: IncomingHttpHeaders; body: string };
const cleanup: (() => unknown)[] = [];
afterEach(async () => { await Promise.all(cleanup.splice(0).map((f) => f())); });

export function reply(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/scim+json', ...headers });
  res.end(body === undefined || typeof body === 'string' ? body : JSON.stringify(body));
}

/** A local HTTP server, closed after the test; `handle` gets each request with its 1-based number. Requests it never answers hang. */
export async function serve(handle: (res: ServerResponse, n: number, hit: Hit) => void) {
  const hits: Hit[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const hit = { method: req.method!, url: req.url!, headers: req.headers, body };
    hits.push(hit);
    handle(res, hits.length, hit);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const close = () => { server.closeAllConnections(); server.close(); };
  cleanup.push(close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2/`, hits, close };
}

export const logger = (logs: string[]): Logger => { const log = (msg: string) => { logs.push(msg); }; return { debug: log, info: log, warn: log, error: log }; };

/** A client of the server at `url` that records its metrics and logs, closed after the test. */
export function client(url: string, over: Partial<ScimClientOptions> = {}) {
  const metrics: { name: string; labels?: Labels }[] = [];
  const logs: string[] = [];
  const c = new ScimClient({
    url, token: TOKEN, timeoutMs: 2000, concurrency: 4, ratePerSecond: null, userAgent: 'idp-core/test', signal: new AbortController().signal, logger: logger(logs),
    metrics: { increment: (name, labels) => { metrics.push({ name, labels }); }, set: () => undefined }, retry: { attempts: 3, backoffMs: 20, maxWaitMs: 5000 }, ...over,
  });
  cleanup.push(() => c.close());
  return { c, metrics, logs, statuses: () => metrics.map((m) => m.labels?.status) };
}

export const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (err: PluginError) => err);
export const timed = async <T>(p: Promise<T>) => { const t0 = performance.now(); const value = await p; return { value, ms: performance.now() - t0 }; };
