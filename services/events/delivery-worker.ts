import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { backoffDelay } from '../kernel/backoff.ts';
import { withRetry } from '../kernel/bus/handle-once.ts';
import { placeholders } from '../kernel/sql.ts';
import { recordEvent } from './event.repository.ts';
import { summary } from './notifier.ts';
import type { Severity } from './notification-rule.entity.ts';
import { webhookBody } from './webhook-body.ts';

interface Logger {
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface DeliveryOptions {
  timeoutMs: number;
  maxAttempts: number;
  /** First retry delay; each later one doubles, capped at 10 minutes, with ±50 % jitter. */
  backoffMs: number;
  retentionDays: number;
  userAgent: string;
  pollMs?: number;
}

interface Claimed {
  pk: string;
  attempts: number;
  rule_pk: string;
  transport_pk: string;
  transport_name: string;
  mode: 'webhook' | 'webhook_slack';
  webhook_url: string;
  webhook_mapping: Record<string, unknown> | null;
  action: string;
  app: string;
  context: Record<string, unknown>;
  event_user: { username?: string | null; email?: string | null };
  created: Date;
  username: string;
  email: string;
  severity: Severity | null;
}

type Outcome = { ok: true } | { ok: false; retry: boolean; error: string; retryAfterMs?: number };

const BATCH = 20;

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * Sends pending webhook deliveries: claims due rows with a lease (so a worker that dies mid-send leaves them to be
 * retried), POSTs with a timeout, retries network errors, timeouts, 408, 429 and 5xx with backoff and jitter
 * (honouring Retry-After), and after the last try marks the delivery failed and records a configuration_error
 * event naming the rule, which that rule will not fire for (the loop guard).
 */
export class DeliveryWorker {
  readonly #controller = new AbortController();
  #loop: Promise<void> | undefined;
  readonly orm: MikroORM;
  readonly logger: Logger;
  readonly opts: DeliveryOptions;

  constructor(orm: MikroORM, logger: Logger, opts: DeliveryOptions) {
    this.orm = orm;
    this.logger = logger;
    this.opts = opts;
  }

  start(): void {
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#controller.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const signal = this.#controller.signal;
    while (!signal.aborted) {
      const n = await withRetry(() => this.runOnce(), { signal, onError: (err) => this.logger.error('delivery worker: a round failed', err) });
      if ((n ?? 0) < BATCH) await new Promise((r) => setTimeout(r, this.opts.pollMs ?? 200));
    }
  }

  /** Sends one batch of due deliveries; returns how many it tried. */
  async runOnce(): Promise<number> {
    const em = this.orm.em.fork() as EntityManager;
    const lease = Math.ceil(this.opts.timeoutMs / 1000) + 30;
    const claimed = await em.execute<{ pk: string }[]>(
      `update events_delivery set next_attempt_at = now() + interval '${lease} seconds', attempts = attempts + 1
        where pk in (select pk from events_delivery where status = 'pending' and next_attempt_at <= now()
                      order by next_attempt_at limit ${BATCH} for update skip locked)
        returning pk`,
    );
    if (claimed.length === 0) return 0;
    const rows = await em.execute<Claimed[]>(
      `select d.pk, d.attempts, d.rule_pk, d.transport_pk, t.name transport_name, t.mode, t.webhook_url, t.webhook_mapping, e.action, e.app, e.context,
              e."user" event_user, e.created, u.username, u.email, r.severity
         from events_delivery d join events_transport t on t.pk = d.transport_pk join events_event e on e.pk = d.event_pk
         join core_user u on u.pk = d.user_pk left join events_rule r on r.pk = d.rule_pk
        where d.pk in (${placeholders(claimed.length)})`,
      claimed.map((c) => c.pk),
    );
    await Promise.all(rows.map(async (row) => this.#settle(row, await this.#send(row))));
    return claimed.length;
  }

  async #send(row: Claimed): Promise<Outcome> {
    const severity = row.severity ?? 'notice';
    const body = webhookBody(row.mode, {
      body: summary(row),
      severity, user: { username: row.username, email: row.email },
      event: { action: row.action, app: row.app, context: row.context, user: row.event_user, created: new Date(row.created).toISOString() },
    }, row.webhook_mapping);
    try {
      const res = await fetch(row.webhook_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': this.opts.userAgent, 'idempotency-key': row.pk },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
        redirect: 'error',
      });
      await res.body?.cancel();
      if (res.ok) return { ok: true };
      const retry = res.status === 408 || res.status === 429 || res.status >= 500;
      return { ok: false, retry, error: `HTTP ${res.status}`, retryAfterMs: retryAfter(res.headers.get('retry-after')) };
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${this.opts.timeoutMs} ms` : String((err as Error).cause ?? (err as Error).message);
      return { ok: false, retry: true, error: reason };
    }
  }

  async #settle(row: Claimed, outcome: Outcome): Promise<void> {
    await (this.orm.em.fork() as EntityManager).transactional(async (em) => {
      if (outcome.ok) {
        await em.execute(`update events_delivery set status = 'delivered', delivered_at = now(), last_error = '' where pk = ?`, [row.pk]);
        return;
      }
      if (outcome.retry && row.attempts < this.opts.maxAttempts) {
        const delay = Math.max(backoffDelay(row.attempts, this.opts.backoffMs), outcome.retryAfterMs ?? 0);
        await em.execute(`update events_delivery set next_attempt_at = now() + (? || ' milliseconds')::interval, last_error = ? where pk = ?`, [String(Math.round(delay)), outcome.error, row.pk]);
        return;
      }
      await em.execute(`update events_delivery set status = 'failed', last_error = ? where pk = ?`, [outcome.error, row.pk]);
      this.logger.warn(`notification transport ${row.transport_name} failed for good after ${row.attempts} tries: ${outcome.error}`);
      recordEvent(em, {
        action: 'configuration_error', app: 'events', client_ip: null, user: { pk: null, username: 'system' },
        context: { message: `Notification transport ${row.transport_name} failed after ${row.attempts} tries: ${outcome.error}`, notification_rule: row.rule_pk, notification_transport: row.transport_pk, delivery: row.pk },
      }, this.opts.retentionDays);
      await em.flush();
    });
  }
}
