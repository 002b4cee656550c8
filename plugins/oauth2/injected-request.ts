import type { IncomingMessage, ServerResponse } from 'node:http';
import inject from 'light-my-request';
import type { MountedRequest, MountedResponse } from '../sdk/index.ts';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

type Handler = (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) => void;

/**
 * Runs a node request handler (oidc-provider's, behind `proxy = true`) on a request the gateway passed on, as an
 * HTTP request injected in-process (light-my-request): the host and scheme are the client's origin, the forwarded
 * address is the client's as the gateway determined it (whatever forwarding headers the client sent itself).
 */
export async function injected(handler: Handler, request: MountedRequest, url: string): Promise<MountedResponse> {
  const origin = new URL(request.origin);
  const headers: Record<string, string> = { ...request.headers, host: origin.host, 'x-forwarded-proto': origin.protocol.slice(0, -1) };
  delete headers['x-forwarded-host'];
  if (request.clientIp) headers['x-forwarded-for'] = request.clientIp;
  else delete headers['x-forwarded-for'];
  const out = await inject(handler as never, { method: request.method as never, url, headers, payload: request.body || undefined, remoteAddress: '127.0.0.1' });
  const responseHeaders: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(out.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) responseHeaders[name] = Array.isArray(value) ? value : String(value);
  return { status: out.statusCode, headers: responseHeaders, body: out.payload };
}
