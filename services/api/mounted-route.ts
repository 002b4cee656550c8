import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'moleculer';
import type { MountedResponse } from '../../plugins/sdk/index.ts';
import { IdpError } from '../kernel/errors.ts';
import { headersOf, readBody, requestOrigin } from './forwarding.ts';

type Req = IncomingMessage & { $ctx: Context; originalUrl?: string };

/** The largest request body passed to a mounted server (sign-in forms and token requests are small). */
export const MOUNTED_BODY_LIMIT = 256 * 1024;

/** The plugin servers that serve HTTP under the gateway, by path: the server's Moleculer service answers `handle`. */
export const MOUNTS: Record<string, string> = { '/application/o': 'oauth2' };

/**
 * Requests under a server's mount (`/application/o/<slug>/…`), passed whole to that server's `handle` action on
 * whichever node runs it, with the client's origin and address; the answer (status, headers with every
 * Set-Cookie, body) goes back as the server gave it.
 */
export function mountedRoute(mount: string, server: string, clientIp: (req: IncomingMessage) => string | null, fromTrustedProxy: (req: IncomingMessage) => boolean) {
  async function forward(this: { sendError(req: Req, res: ServerResponse, err: unknown): void }, req: Req, res: ServerResponse) {
    try {
      const full = req.originalUrl ?? req.url ?? '/';
      const body = await readBody(req, MOUNTED_BODY_LIMIT);
      if (body === null) throw new IdpError('payload_too_large', { detail: `The request body is larger than ${MOUNTED_BODY_LIMIT} bytes.` });
      const answer = await req.$ctx.call<MountedResponse, object>(`${server}.handle`, {
        method: req.method ?? 'GET', url: full.slice(mount.length) || '/', headers: headersOf(req), body,
        clientIp: clientIp(req), origin: requestOrigin(req, fromTrustedProxy),
      });
      res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) }).end(answer.body || undefined);
    } catch (err) {
      this.sendError(req, res, err);
    }
  }
  return { path: mount, mappingPolicy: 'restrict', bodyParsers: false, use: [forward] };
}
