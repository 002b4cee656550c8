import { describe, expect, it } from 'vitest';
import { CapabilitiesCache, parseServiceProviderConfig } from '../plugins/scim/client/service-provider-config.ts';
import { client, failure, logger, reply, serve } from './support/scim-client-harness.ts';

const SPC = { patch: { supported: true }, bulk: { supported: true, maxOperations: 100, maxPayloadSize: 1_048_576 }, filter: { supported: true, maxResults: 200 } };
const FALLBACK = { patch: false, bulk: null, filter: false, fallback: true };

describe('ServiceProviderConfig', () => {
  it('parses capabilities; bulk only when supported with positive limits; invalid bodies give null', () => {
    expect(parseServiceProviderConfig(SPC)).toEqual({ patch: true, bulk: { maxOperations: 100, maxPayloadSize: 1_048_576 }, filter: true, fallback: false });
    expect(parseServiceProviderConfig({ ...SPC, bulk: { supported: true, maxOperations: 0, maxPayloadSize: 10 } })?.bulk).toBeNull();
    expect(parseServiceProviderConfig({ patch: { supported: false }, bulk: { supported: false, maxOperations: 9, maxPayloadSize: 9 } })).toEqual({ patch: false, bulk: null, filter: false, fallback: false });
    expect([parseServiceProviderConfig({}), parseServiceProviderConfig({ patch: {} }), parseServiceProviderConfig('x')]).toEqual([null, null, null]);
  });

  it.each([['an invalid body', 200], ['a 404', 404]])('caches the fallback after %s and warns once', async (_what, status) => {
    const s = await serve((res) => reply(res, status, status === 404 ? { detail: 'nope' } : {}));
    const { c } = client(s.url);
    const logs: string[] = [];
    const cache = new CapabilitiesCache({ logger: logger(logs) });
    expect(await cache.get(c)).toEqual(FALLBACK);
    expect(await cache.get(c)).toEqual(FALLBACK);
    expect([s.hits.length, logs.length]).toEqual([1, 1]);
    cache.invalidate();
    await cache.get(c);
    expect(s.hits).toHaveLength(2);
  });

  it('shares one request between concurrent callers and does not cache a retryable failure', async () => {
    const s = await serve((res, n) => (n === 1 ? reply(res, 503, '') : setTimeout(() => reply(res, 200, SPC), 50)));
    const { c } = client(s.url, { retry: { attempts: 1 } });
    const logs: string[] = [];
    const cache = new CapabilitiesCache({ logger: logger(logs) });
    expect(await failure(cache.get(c))).toMatchObject({ code: 'scim.remote_unavailable', retryable: true });
    const all = await Promise.all(Array.from({ length: 5 }, () => cache.get(c)));
    expect(all.every((caps) => caps.patch && caps.bulk?.maxOperations === 100 && !caps.fallback)).toBe(true);
    expect([s.hits.length, logs.length]).toEqual([2, 0]);
  });
});
