import { Pool } from 'undici';
import type { Logger, Metrics, PluginError } from '../../sdk/index.ts';
import { scimErrors } from '../errors.ts';
import { backoffDelay } from './backoff.ts';
import { Semaphore } from './semaphore.ts';
import { RateLimiter } from './rate-limiter.ts';
import { retryAfterMs } from './retry-after.ts';
import { errorForStatus, excerpt } from './scim-error.ts';
import { sleep } from './sleep.ts';

/** The HTTP methods SCIM 2.0 uses (RFC 7644 §3). */
export type ScimMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An answer in 2xx; `body` is null for 204 or an empty body. */
export interface ScimResponse<T> {
  status: number;
  body: T | null;
}

/** How to reach a target and how hard to push it; see `ScimClient`. */
export interface ScimClientOptions {
  /** Base URL (usually ending in /v2); trailing slashes are ignored. */
  url: string;
  /** Bearer token; never put in errors, logs or metrics. */
  token: string;
  /** Timeout of each try, from sending to the end of the body. */
  timeoutMs: number;
  /** Requests in flight at most (and pooled keep-alive connections). */
  concurrency: number;
  /** Request starts per second (bursts of max(1, rate)); null for no limit. */
  ratePerSecond: number | null;
  userAgent: string;
  metrics: Metrics;
  logger: Logger;
  /** Aborts every request, queued or in flight, when the provider instance stops. */
  signal: AbortSignal;
  /**
   * Tries per request (default 3), the first retry delay (default 200 ms, doubled per try, ±50 % jitter), and the
   * longest Retry-After worth waiting for here (default 5000 ms) rather than in the caller's job queue.
   */
  retry?: { attempts?: number; backoffMs?: number; maxWaitMs?: number };
}

type Attempt<T> = { result: ScimResponse<T> } | { error: PluginError };

const TIMEOUT_CODE = /TIMEOUT/i;

/**
 * A SCIM 2.0 client over one keep-alive undici pool per target: bearer auth, SCIM media types, a timeout on every
 * try, limits on concurrency and rate, and retries of 408, 429, 5xx, network errors and timeouts with backoff and
 * jitter, honouring Retry-After on 429/503. A Retry-After longer than `maxWaitMs`, or the last try, ends in a
 * retryable error carrying `retryAfterMs`, so the job queue takes over instead of holding a worker. 404, 409 and
 * other 4xx are thrown at once. Every error carries `remote: { status, scimType, detail }`.
 */
export class ScimClient {
  readonly #opts: ScimClientOptions;
  readonly #pool: Pool;
  readonly #prefix: string;
  readonly #headers: Record<string, string>;
  readonly #slots: Semaphore;
  readonly #rate: RateLimiter | null;
  #closing: Promise<void> | null = null;

  constructor(opts: ScimClientOptions) {
    this.#opts = opts;
    const base = new URL(opts.url.replace(/\/+$/, ''));
    this.#prefix = base.pathname.replace(/\/+$/, '');
    this.#pool = new Pool(base.origin, { connections: opts.concurrency, headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs, keepAliveTimeout: 30_000 });
    this.#headers = { authorization: `Bearer ${opts.token}`, accept: 'application/scim+json', 'user-agent': opts.userAgent };
    this.#slots = new Semaphore(opts.concurrency);
    this.#rate = opts.ratePerSecond ? new RateLimiter(opts.ratePerSecond) : null;
  }

  /** Sends one request (`path` is relative to the base URL, query included), trying again as described above. */
  async request<T = any>(method: ScimMethod, path: string, body?: unknown): Promise<ScimResponse<T>> {
    const { attempts = 3, backoffMs = 200, maxWaitMs = 5000 } = this.#opts.retry ?? {};
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const target = `${this.#prefix}${path.startsWith('/') ? path : `/${path}`}`;
    for (let attempt = 1; ; attempt++) {
      if (this.#closing) throw scimErrors.remote_unavailable(`${method} ${path}: the SCIM client is closed`, { retryable: true, remote: { status: null } });
      const outcome = await this.#limited(() => this.#once<T>(method, path, target, payload));
      if ('result' in outcome) return outcome.result;
      const { error } = outcome;
      if (!error.retryable || attempt >= attempts || (error.retryAfterMs ?? 0) > maxWaitMs) throw error;
      const wait = Math.max(Math.min(backoffDelay(attempt, backoffMs), maxWaitMs), error.retryAfterMs ?? 0);
      this.#opts.logger.debug(`SCIM ${error.message}; trying again in ${wait} ms (try ${attempt + 1} of ${attempts})`);
      await sleep(wait, this.#opts.signal);
    }
  }

  /** Closes the pool once the requests in flight are done; later requests fail retryably. */
  close(): Promise<void> {
    this.#closing ??= this.#pool.close();
    return this.#closing;
  }

  async #limited<R>(fn: () => Promise<R>): Promise<R> {
    const release = await this.#slots.acquire(this.#opts.signal);
    try {
      await this.#rate?.take(this.#opts.signal);
      return await fn();
    } finally {
      release();
    }
  }

  /** One try: an answer, or the error it ends in; throws only when the client's signal aborted. */
  async #once<T>(method: ScimMethod, path: string, target: string, payload: string | undefined): Promise<Attempt<T>> {
    const { metrics, signal, timeoutMs } = this.#opts;
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const res = await this.#pool.request({
        path: target, method, body: payload, signal: AbortSignal.any([signal, timeout]),
        headers: payload === undefined ? this.#headers : { ...this.#headers, 'content-type': 'application/scim+json' },
      });
      const text = await res.body.text();
      const status = res.statusCode;
      metrics.increment('requests_total', { method, status });
      if (status < 200 || status >= 300) {
        const retryAfter = status === 429 || status === 503 ? retryAfterMs(res.headers['retry-after']) : undefined;
        return { error: errorForStatus(method, path, status, this.#redact(text), retryAfter) };
      }
      try {
        return { result: { status, body: text.trim() ? (JSON.parse(text) as T) : null } };
      } catch {
        return { error: scimErrors.remote_error(`${method} ${path} answered ${status} with a body that is not JSON`, { remote: { status, detail: excerpt(this.#redact(text)) } }) };
      }
    } catch (err) {
      const code = String((err as { code?: unknown }).code ?? '');
      const timedOut = !signal.aborted && (timeout.aborted || TIMEOUT_CODE.test(code));
      metrics.increment('requests_total', { method, status: timedOut ? 'timeout' : 'error' });
      if (signal.aborted) throw signal.reason;
      if (timedOut) return { error: scimErrors.remote_timeout(`${method} ${path} got no answer within ${timeoutMs} ms`, { retryable: true, remote: { status: null, detail: `no answer within ${timeoutMs} ms` } }) };
      const message = (err as Error)?.message ?? String(err);
      const detail = excerpt(this.#redact(code && !message.includes(code) ? `${code}: ${message}` : message));
      return { error: scimErrors.remote_unavailable(`${method} ${path} failed: ${detail}`, { retryable: true, remote: { status: null, detail } }) };
    }
  }

  /** Text for an error, with the token cut out, in case a server echoes the request's headers back. */
  #redact(text: string): string {
    return this.#opts.token ? text.replaceAll(this.#opts.token, '[redacted]') : text;
  }
}
