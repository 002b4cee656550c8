import { isPluginError, type Logger } from '../../sdk/index.ts';
import type { ScimClient } from './scim-client.ts';

/** What a target supports beyond the basics, from its /ServiceProviderConfig (RFC 7643 §5). */
export interface ScimCapabilities {
  patch: boolean;
  bulk: { maxOperations: number; maxPayloadSize: number } | null;
  filter: boolean;
  /** The configuration could not be read, so nothing optional is assumed. */
  fallback: boolean;
}

/** What a target that has no readable ServiceProviderConfig is assumed to support: nothing optional. */
export const FALLBACK_CAPABILITIES: Readonly<ScimCapabilities> = Object.freeze({ patch: false, bulk: null, filter: false, fallback: true });

const supported = (v: unknown) => typeof v === 'object' && v !== null && (v as { supported?: unknown }).supported === true;

/** A count of at least 1, as a number or a numeric string; null otherwise. */
function count(v: unknown): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 1 ? Math.floor(n) : null;
}

/**
 * Reads a ServiceProviderConfig body; null when it is not one (e.g. `{}`, or no boolean `patch.supported`). Bulk
 * counts only when `bulk.supported` is true with positive `maxOperations` and `maxPayloadSize`.
 */
export function parseServiceProviderConfig(body: unknown): ScimCapabilities | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const spc = body as { patch?: { supported?: unknown }; bulk?: { maxOperations?: unknown; maxPayloadSize?: unknown }; filter?: unknown };
  if (typeof spc.patch?.supported !== 'boolean') return null;
  const maxOperations = count(spc.bulk?.maxOperations);
  const maxPayloadSize = count(spc.bulk?.maxPayloadSize);
  const bulk = supported(spc.bulk) && maxOperations && maxPayloadSize ? { maxOperations, maxPayloadSize } : null;
  return { patch: spc.patch.supported, bulk, filter: supported(spc.filter), fallback: false };
}

/**
 * A target's capabilities, read once and kept for `ttlMs` (an hour by default). A 404, an invalid body or any other
 * permanent refusal means the fallback (nothing optional), which is cached too and logged once per read; a failure
 * that may pass (network, timeout, 5xx, 429) is thrown and not cached. Concurrent callers share one request.
 */
export class CapabilitiesCache {
  readonly #logger: Logger;
  readonly #ttlMs: number;
  #value: { caps: ScimCapabilities; at: number } | null = null;
  #inflight: Promise<ScimCapabilities> | null = null;
  #generation = 0;

  constructor(opts: { logger: Logger; ttlMs?: number }) {
    this.#logger = opts.logger;
    this.#ttlMs = opts.ttlMs ?? 3_600_000;
  }

  /** The cached capabilities, or those read now with one GET /ServiceProviderConfig shared by concurrent callers. */
  get(client: ScimClient): Promise<ScimCapabilities> {
    if (this.#value && performance.now() - this.#value.at < this.#ttlMs) return Promise.resolve(this.#value.caps);
    if (!this.#inflight) {
      const read = this.#read(client, this.#generation).finally(() => {
        if (this.#inflight === read) this.#inflight = null;
      });
      this.#inflight = read;
    }
    return this.#inflight;
  }

  /** Forgets what was read (a read under way is not kept), so the next `get` asks the target again. */
  invalidate(): void {
    this.#value = null;
    this.#inflight = null;
    this.#generation++;
  }

  async #read(client: ScimClient, generation: number): Promise<ScimCapabilities> {
    let caps: ScimCapabilities | null;
    try {
      caps = parseServiceProviderConfig((await client.request('GET', '/ServiceProviderConfig')).body);
      if (!caps) this.#logger.warn('the SCIM server returned an invalid ServiceProviderConfig; assuming no PATCH, Bulk or filtering');
    } catch (err) {
      if (!isPluginError(err) || err.retryable) throw err;
      this.#logger.warn(`the SCIM server's ServiceProviderConfig could not be read (${err.message}); assuming no PATCH, Bulk or filtering`);
      caps = null;
    }
    const value = caps ?? { ...FALLBACK_CAPABILITIES };
    if (generation === this.#generation) this.#value = { caps: value, at: performance.now() };
    return value;
  }
}
