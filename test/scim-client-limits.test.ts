import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../plugins/scim/client/backoff.ts';
import { retryAfterMs } from '../plugins/scim/client/retry-after.ts';
import { TOKEN, client, failure, reply, serve, timed } from './support/scim-client-harness.ts';

describe('ScimClient limits, cancellation and secrets', () => {
  it('keeps at most `concurrency` requests in flight', async () => {
    let now = 0;
    let max = 0;
    const s = await serve((res) => {
      max = Math.max(max, ++now);
      setTimeout(() => { now--; reply(res, 200, {}); }, 40);
    });
    const { c } = client(s.url, { concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => c.request('GET', '/Users')));
    expect(max).toBe(3);
  });

  it('starts at most `ratePerSecond` requests a second after a burst', async () => {
    const s = await serve((res) => reply(res, 200, {}));
    const { c } = client(s.url, { ratePerSecond: 10, concurrency: 20 });
    const { ms } = await timed(Promise.all(Array.from({ length: 20 }, () => c.request('GET', '/Users'))));
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(3000);
  });

  it('cancels requests in flight and queued when its signal aborts', async () => {
    const s = await serve(() => undefined);
    const stop = new AbortController();
    const { c } = client(s.url, { concurrency: 1, signal: stop.signal });
    const pending = [c.request('GET', '/a'), c.request('GET', '/b')].map((p) => p.catch((err: Error) => err));
    setTimeout(() => stop.abort(new Error('stopped')), 100);
    const { value, ms } = await timed(Promise.all(pending));
    expect(value.map((e) => (e as Error).message)).toEqual(['stopped', 'stopped']);
    expect(ms).toBeLessThan(1000);
    expect(s.hits.map((h) => h.url)).toEqual(['/scim/v2/a']);
  });

  it('never puts the token in errors, logs or metrics', async () => {
    const s = await serve((res, n, hit) => reply(res, n === 1 ? 503 : 400, { detail: `you sent ${hit.headers.authorization}` }));
    const { c, metrics, logs } = client(s.url);
    const err = await failure(c.request('GET', '/Users'));
    expect(err.remote?.detail).toBe('you sent Bearer [redacted]');
    expect(JSON.stringify({ message: err.message, remote: err.remote, logs, metrics })).not.toContain(TOKEN);
    expect(logs.length).toBe(1);
  });

  it('hands successful bodies over as the server sent them, even where they hold the token', async () => {
    const s = await serve((res) => reply(res, 200, { note: TOKEN }));
    const { c } = client(s.url);
    expect((await c.request('GET', '/Users')).body).toEqual({ note: TOKEN });
  });

  it('reads Retry-After as seconds or an HTTP date, and backs off exponentially with ±50 % jitter', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(61_000).toUTCString(), 1000)).toBe(60_000);
    expect([retryAfterMs(undefined), retryAfterMs('soon')]).toEqual([undefined, undefined]);
    expect([backoffDelay(1, 200, 0), backoffDelay(3, 200, 0.999), backoffDelay(2, 200, 0.5)]).toEqual([100, 1199, 400]);
  });
});
