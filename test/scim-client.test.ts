import { describe, expect, it } from 'vitest';
import { ERR, TOKEN, client, failure, reply, serve, timed } from './support/scim-client-harness.ts';

describe('ScimClient', () => {
  it('sends bearer auth, SCIM media types and the user agent; 201 returns the body, 204 null', async () => {
    const s = await serve((res, n) => (n === 1 ? reply(res, 201, { id: 'u1' }) : reply(res, 204)));
    const { c, metrics } = client(s.url);
    expect(await c.request('POST', '/Users', { userName: 'ann' })).toEqual({ status: 201, body: { id: 'u1' } });
    expect(await c.request('DELETE', '/Users/u1')).toEqual({ status: 204, body: null });
    expect(s.hits[0]).toMatchObject({ method: 'POST', url: '/scim/v2/Users', body: '{"userName":"ann"}' });
    expect(s.hits[0].headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json', accept: 'application/scim+json', 'user-agent': 'idp-core/test' });
    expect(s.hits[1]).toMatchObject({ method: 'DELETE', url: '/scim/v2/Users/u1' });
    expect(metrics).toEqual([{ name: 'requests_total', labels: { method: 'POST', status: 201 } }, { name: 'requests_total', labels: { method: 'DELETE', status: 204 } }]);
  });

  it('throws 404, 409 and other 4xx at once with the parsed SCIM error', async () => {
    const s = await serve((res, _n, hit) => {
      if (hit.url.endsWith('/a')) reply(res, 404, { schemas: [ERR], status: '404', detail: 'no such user' });
      else if (hit.url.endsWith('/b')) reply(res, 409, { schemas: [ERR], status: '409', scimType: 'uniqueness', detail: 'userName taken' });
      else reply(res, 400, '<html>\n  bad   request</html>', { 'content-type': 'text/html' });
    });
    const { c, statuses } = client(s.url);
    const [a, b, x] = await Promise.all(['/a', '/b', '/Users?filter=x'].map((p) => failure(c.request('GET', p))));
    expect(a).toMatchObject({ code: 'scim.remote_not_found', retryable: false, remote: { status: 404, detail: 'no such user' } });
    expect(b).toMatchObject({ code: 'scim.remote_conflict', retryable: false, remote: { status: 409, scimType: 'uniqueness', detail: 'userName taken' } });
    expect(x).toMatchObject({ code: 'scim.remote_error', retryable: false, remote: { status: 400, detail: '<html> bad request</html>' } });
    expect(s.hits).toHaveLength(3);
    expect(statuses().sort()).toEqual([400, 404, 409]);
  });

  it('waits out a short Retry-After on 429, then succeeds', async () => {
    const s = await serve((res, n) => (n === 1 ? reply(res, 429, { detail: 'slow down' }, { 'retry-after': '1' }) : reply(res, 200, { ok: true })));
    const { c, statuses } = client(s.url);
    const { value, ms } = await timed(c.request('GET', '/Users'));
    expect(value.body).toEqual({ ok: true });
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(statuses()).toEqual([429, 200]);
  });

  it('hands a long Retry-After to the caller at once', async () => {
    const s = await serve((res) => reply(res, 429, '', { 'retry-after': '120' }));
    const { value: err, ms } = await timed(failure(client(s.url).c.request('GET', '/Users')));
    expect(ms).toBeLessThan(500);
    expect(err).toMatchObject({ code: 'scim.remote_unavailable', retryable: true, retryAfterMs: 120_000, remote: { status: 429 } });
    expect(s.hits).toHaveLength(1);
  });

  it('retries 503 and fails retryably after the last try', async () => {
    const s = await serve((res) => reply(res, 503, 'maintenance'));
    const { c, statuses } = client(s.url);
    expect(await failure(c.request('PUT', '/Users/u1', {}))).toMatchObject({ code: 'scim.remote_unavailable', retryable: true, retryAfterMs: undefined, remote: { status: 503, detail: 'maintenance' } });
    expect(statuses()).toEqual([503, 503, 503]);
  });

  it('retries a refused connection and fails retryably', async () => {
    const { url, close } = await serve(() => undefined);
    close();
    const { c, statuses } = client(url, { retry: { attempts: 2, backoffMs: 10 } });
    const err = await failure(c.request('GET', '/Users'));
    expect(err).toMatchObject({ code: 'scim.remote_unavailable', retryable: true, remote: { status: null } });
    expect(err.remote?.detail).toContain('ECONNREFUSED');
    expect(statuses()).toEqual(['error', 'error']);
  });

  it('times out a server that never answers', async () => {
    const s = await serve(() => undefined);
    const { c, statuses } = client(s.url, { timeoutMs: 300, retry: { attempts: 1 } });
    const { value: err, ms } = await timed(failure(c.request('GET', '/Users')));
    expect(err).toMatchObject({ code: 'scim.remote_timeout', retryable: true, remote: { status: null } });
    expect(ms).toBeGreaterThanOrEqual(280);
    expect(ms).toBeLessThan(1500);
    expect(statuses()).toEqual(['timeout']);
  });
});
