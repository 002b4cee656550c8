import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMemoryScimServer, type MemoryScimServer } from './support/memory-scim-server.ts';
import { BULK_REQUEST, patchOp, scimCaller, scimUser } from './support/scim-call.ts';

const bulk = (Operations: object[]) => ({ schemas: [BULK_REQUEST], Operations });

describe('memory SCIM server', () => {
  let server: MemoryScimServer;
  let call: ReturnType<typeof scimCaller>;
  beforeAll(async () => {
    server = await startMemoryScimServer({ token: 'mem', bulk: { maxOperations: 3, maxPayloadSize: 2_000 } });
    call = scimCaller(server.url, 'mem');
  });
  beforeEach(() => { server.reset(); server.requests.length = 0; });
  afterAll(() => server.close());

  it('answers an injected 429 with Retry-After once, to matching requests only', async () => {
    server.inject({ status: 429, retryAfter: '7', scimType: 'tooMany', detail: 'slow down', match: (r) => r.method === 'POST' && r.path === '/Users' });
    expect((await call('GET', '/Users')).status).toBe(200);
    const limited = await call('POST', '/Users', scimUser('a'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429', scimType: 'tooMany', detail: 'slow down' });
    expect(server.users()).toEqual([]);
    expect((await call('POST', '/Users', scimUser('a'))).status).toBe(201);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /Users', 'POST /Users', 'POST /Users']);
    expect(server.requests[1].body).toMatchObject({ userName: 'a' });
  });

  it('answers 503 as many times as asked, then handles requests again', async () => {
    server.inject({ status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call('POST', '/Users', scimUser(`u${i}`))).status);
    expect(statuses).toEqual([503, 503, 201]);
    expect(server.users().map((u) => u.userName)).toEqual(['u2']);
  });

  it('delays requests, handling them afterwards unless a status is given too', async () => {
    server.inject({ delayMs: 300 });
    let started = Date.now();
    expect((await call('POST', '/Users', scimUser('late'))).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    server.inject({ delayMs: 200, status: 502 });
    started = Date.now();
    expect((await call('GET', '/Users')).status).toBe(502);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(server.users().map((u) => u.userName)).toEqual(['late']);
  });

  it('goes down (connections refused) and comes up on the same port with its store', async () => {
    const id = (await call('POST', '/Users', scimUser('kept'))).body.id;
    await server.down();
    const failure = () => call('GET', `/Users/${id}`).then(() => null, (e: Error & { cause?: { code?: string } }) => e.cause?.code);
    // A request already on a pooled connection may see it dropped; a new connection is refused.
    expect(['ECONNREFUSED', 'UND_ERR_SOCKET', 'ECONNRESET']).toContain(await failure());
    expect(await failure()).toBe('ECONNREFUSED');
    await server.up();
    expect((await call('GET', `/Users/${id}`)).body).toMatchObject({ id, userName: 'kept' });
  });

  it('reset forgets pending faults and resources', async () => {
    await call('POST', '/Users', scimUser('x'));
    server.inject({ status: 500, times: 5 });
    server.reset();
    expect((await call('GET', '/Users')).body).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('patches sub-attributes, refuses unknown filters, enforces Bulk limits and reports bulk locations', async () => {
    const id = (await call('POST', '/Users', scimUser('p'))).body.id;
    expect((await call('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'name.givenName', value: 'Grace' }, { op: 'remove', path: 'emails' }))).status).toBe(200);
    expect(server.users()[0]).toMatchObject({ name: { givenName: 'Grace', familyName: 'p' } });
    expect(server.users()[0].emails).toBeUndefined();
    expect((await call('PATCH', `/Users/${id}`, patchOp({ op: 'replace', value: { userName: 'p' } }, { op: 'replace', path: 'userName', value: 'q' }))).body.userName).toBe('q');
    expect((await call('GET', `/Users?filter=${encodeURIComponent('userName sw "q"')}`)).body).toMatchObject({ status: '400', scimType: 'invalidFilter' });

    expect((await call('POST', '/Bulk', bulk(Array.from({ length: 4 }, (_, i) => ({ method: 'DELETE', path: `/Users/${i}` }))))).body).toMatchObject({ status: '413' });
    expect((await call('POST', '/Bulk', bulk([{ method: 'POST', path: '/Users', bulkId: 'big', data: scimUser('big', { title: 'x'.repeat(2_000) }) }]))).body).toMatchObject({ status: '413' });
    const done = await call('POST', '/Bulk', bulk([
      { method: 'PATCH', path: `/Users/${id}`, bulkId: 'p1', data: patchOp({ op: 'replace', value: { active: false } }) },
      { method: 'POST', path: '/Groups', bulkId: 'g', data: { displayName: 'g', members: [{ value: 'bulkId:missing' }] } },
      { method: 'DELETE', path: `/Users/${id}` },
    ]));
    expect(done.body.Operations).toEqual([
      { method: 'PATCH', bulkId: 'p1', status: '200', location: `${server.url}/Users/${id}` },
      expect.objectContaining({ method: 'POST', bulkId: 'g', status: '409', response: expect.objectContaining({ scimType: 'invalidValue' }) }),
      { method: 'DELETE', status: '204', location: `${server.url}/Users/${id}` },
    ]);
    expect([server.users(), server.groups()]).toEqual([[], []]);
  });
});
