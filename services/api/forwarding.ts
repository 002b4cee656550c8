import type { IncomingMessage } from 'node:http';

/** The body as text; null once it grows past the limit (the rest is read and dropped, so the reply still reaches the client). */
export function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
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

export const firstValue = (v: unknown) => (Array.isArray(v) ? String(v[0]) : String(v));

/** The request's headers, one value each. */
export const headersOf = (req: IncomingMessage) =>
  Object.fromEntries(Object.entries(req.headers).filter(([, v]) => v !== undefined).map(([k, v]) => [k, firstValue(v)]));

/** The origin the client used: the request's own, or what a trusted proxy says it was (X-Forwarded-Proto and -Host). */
export function requestOrigin(req: IncomingMessage, fromTrustedProxy: (req: IncomingMessage) => boolean): string {
  const proxied = fromTrustedProxy(req);
  const proto = proxied ? firstValue(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim().toLowerCase() : '';
  const host = (proxied ? req.headers['x-forwarded-host'] : undefined) ?? req.headers.host ?? '127.0.0.1';
  return `${proto === 'https' ? 'https' : 'http'}://${firstValue(host).split(',')[0].trim()}`;
}
