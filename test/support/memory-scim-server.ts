import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { scimError, type Answer } from './memory-scim-answer.ts';
import { runBulk, type BulkLimits } from './memory-scim-bulk.ts';
import { MemoryScimStore, type ResourceType } from './memory-scim-store.ts';

export interface Fault {
  /** Answer this status with a SCIM error body instead of handling the request. */
  status?: number;
  retryAfter?: string;
  scimType?: string;
  detail?: string;
  /** Wait this long first; alone, the request is then handled normally. */
  delayMs?: number;
  /** How many matching requests get the fault (1 by default). */
  times?: number;
  match?: (req: { method: string; path: string; body: unknown }) => boolean;
}

export interface MemoryScimServer {
  /** Base URL, without a trailing slash. */
  url: string;
  /** Every request received, paths below the base URL; clear with `requests.length = 0`. */
  requests: { method: string; path: string; body: unknown; at: number }[];
  inject(fault: Fault): void;
  /** Stops listening and drops open connections; the store is kept. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  users(): any[];
  groups(): any[];
  /** Empties the store and forgets pending faults. */
  reset(): void;
  close(): Promise<void>;
}

export type MemoryScimOptions = { token?: string; patch?: boolean; bulk?: false | BulkLimits; spc?: 'ok' | '404' | 'invalid' };

const HEADERS = { 'content-type': 'application/scim+json' };
const RESOURCE_PATH = /^\/(Users|Groups)(?:\/([^/]+))?$/;

function serviceProviderConfig(opts: MemoryScimOptions): Answer {
  if (opts.spc === '404') return scimError(404, 'no ServiceProviderConfig');
  if (opts.spc === 'invalid') return { status: 200, body: {} };
  const bulk = opts.bulk ? { supported: true, ...opts.bulk } : { supported: false, maxOperations: 0, maxPayloadSize: 0 };
  return { status: 200, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'], patch: { supported: opts.patch !== false }, bulk, filter: { supported: true, maxResults: 1000 }, changePassword: { supported: false }, sort: { supported: false }, etag: { supported: false }, authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Bearer token in the Authorization header' }] } };
}

/**
 * A small, fast SCIM 2.0 server of our own on node:http: Users and Groups in memory, PATCH and /Bulk as configured
 * (PATCH on, Bulk off by default), bearer auth, and faults on demand (an error status with Retry-After, a delay, the
 * whole server down).
 */
export async function startMemoryScimServer(opts: MemoryScimOptions = {}): Promise<MemoryScimServer> {
  const token = opts.token ?? 'memory-secret';
  const authorization = `Bearer ${token}`;
  const store = new MemoryScimStore();
  const requests: MemoryScimServer['requests'] = [];
  let faults: Fault[] = [];
  const sockets = new Set<Socket>();
  let base = '';

  const route = (method: string, path: string, query: URLSearchParams, body: unknown): Answer => {
    const m = RESOURCE_PATH.exec(path);
    if (m) {
      if (method === 'PATCH' && opts.patch === false) return scimError(501, 'PATCH is not supported');
      return store.handle(method, m[1] as ResourceType, m[2] && decodeURIComponent(m[2]), query, body, base);
    }
    if (path === '/ServiceProviderConfig' && method === 'GET') return serviceProviderConfig(opts);
    if (path === '/Bulk') return !opts.bulk ? scimError(501, 'Bulk is not supported') : method === 'POST' ? runBulk(body, opts.bulk, route, base) : scimError(405, `${method} is not allowed on /Bulk`);
    return scimError(404, `no endpoint ${method} ${path}`);
  };

  const takeFault = (method: string, path: string, body: unknown): Fault | undefined => {
    if (!faults.length) return undefined;
    const fault = faults.find((f) => !f.match || f.match({ method, path, body }));
    if (fault && --fault.times! <= 0) faults = faults.filter((f) => f !== fault);
    return fault;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const path = (q < 0 ? target : target.slice(0, q)).replace(/^\/v2(?=\/|$)/, '');
    let body: unknown = null;
    if (raw.length) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = raw.toString('utf8');
      }
    }
    requests.push({ method, path, body, at: Date.now() });
    const send = (a: Answer) => {
      res.writeHead(a.status, a.headers ? { ...HEADERS, ...a.headers } : HEADERS);
      res.end(a.body === undefined ? undefined : JSON.stringify(a.body));
    };
    const fault = takeFault(method, path, body);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.status) return send({ ...scimError(fault.status, fault.detail ?? 'injected fault', fault.scimType), ...(fault.retryAfter ? { headers: { 'retry-after': fault.retryAfter } } : {}) });
    if (req.headers.authorization !== authorization) return send(scimError(401, 'a valid bearer token is required'));
    if (opts.bulk && path === '/Bulk' && raw.length > opts.bulk.maxPayloadSize) return send(scimError(413, `The payload (${raw.length} bytes) exceeds maxPayloadSize (${opts.bulk.maxPayloadSize})`));
    send(route(method, path, new URLSearchParams(q < 0 ? '' : target.slice(q + 1)), body));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}/v2`;
  const stop = () => new Promise<void>((r) => {
    if (!server.listening) return r();
    server.close(() => r());
    for (const s of sockets) s.destroy();
  });
  return {
    url: base,
    requests,
    inject: (fault) => { faults.push({ ...fault, times: fault.times ?? 1 }); },
    down: stop,
    up: () => new Promise<void>((resolve, reject) => {
      if (server.listening) return resolve();
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
    }),
    users: () => [...store.resources.Users.byId.values()],
    groups: () => [...store.resources.Groups.byId.values()],
    reset: () => {
      store.clear();
      faults = [];
    },
    close: stop,
  };
}
