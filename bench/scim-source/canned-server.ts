/**
 * The ceiling: a bare `node:http` handler, run as a child process, that checks the bearer token, reads the body and
 * answers every request with the platform's own answer to a request of the same kind (same status, headers and
 * size), chosen by method and path alone. Takes `{ token, canned }` over IPC and answers with its port.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Canned, CannedSet } from './canned-responses.ts';

const UNAUTHORIZED: Canned = { status: 401, headers: {}, body: '' };
const NOT_FOUND: Canned = { status: 404, headers: {}, body: '' };

function answerFor(canned: CannedSet, req: IncomingMessage, body: string): Canned {
  const url = req.url ?? '';
  if (req.method === 'GET' && /\/Users\?/.test(url)) return decodeURIComponent(url).includes('"miss-') ? canned['lookup miss'] : canned.lookup;
  if (req.method === 'POST' && /\/Users$/.test(url)) return canned.create;
  if (req.method === 'PATCH' && /\/Users\//.test(url)) return canned['patch user'];
  if (req.method === 'PATCH' && /\/Groups\//.test(url)) return body.includes('"op":"remove"') ? canned['member remove'] : canned['member add'];
  if (req.method === 'GET' && /\/Groups\//.test(url)) return canned['group get'];
  return NOT_FOUND;
}

process.once('message', ({ token, canned }: { token: string; canned: CannedSet }) => {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = req.headers.authorization === `Bearer ${token}` ? answerFor(canned, req, Buffer.concat(chunks).toString('utf8')) : UNAUTHORIZED;
    res.writeHead(answer.status, { ...answer.headers, ...(answer.body ? { 'content-length': Buffer.byteLength(answer.body) } : {}) }).end(answer.body || undefined);
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
});
process.on('disconnect', () => process.exit(0));
