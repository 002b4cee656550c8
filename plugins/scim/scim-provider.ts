import type { ChangeEvent, HealthResult, ObjectRef, ProviderContext, ProviderInstance, SyncResult } from '../sdk/index.ts';
import { ScimClient } from './client/scim-client.ts';
import { CapabilitiesCache } from './client/service-provider-config.ts';
import type { ScimConfig } from './config.ts';
import { interestIn } from './event-interest.ts';
import { syncGroups } from './group-sync.ts';
import { failed } from './sync-env.ts';
import { syncUsers } from './user-sync.ts';

/** One SCIM provider: a pooled client for its target, the target's cached capabilities, and reconcile by batch. */
export class ScimProvider implements ProviderInstance {
  readonly #ctx: ProviderContext<ScimConfig>;
  readonly #client: ScimClient;
  readonly #caps: CapabilitiesCache;

  constructor(ctx: ProviderContext<ScimConfig>) {
    this.#ctx = ctx;
    const { config } = ctx;
    this.#client = new ScimClient({
      url: config.url, token: config.token, timeoutMs: config.timeout_ms, concurrency: config.concurrency, ratePerSecond: config.rate_limit,
      userAgent: `idp-core/${ctx.hostVersion}`, metrics: ctx.metrics, logger: ctx.logger, signal: ctx.signal,
    });
    this.#caps = new CapabilitiesCache({ logger: ctx.logger });
  }

  async stop(): Promise<void> {
    await this.#client.close();
  }

  async health(): Promise<HealthResult> {
    return { ok: !this.#ctx.signal.aborted };
  }

  async testConnection(): Promise<HealthResult> {
    try {
      await this.#client.request('GET', '/ServiceProviderConfig');
      return { ok: true };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }

  onEvent(event: ChangeEvent) {
    return interestIn(event, this.#ctx.config);
  }

  /** Users first (groups reference them), then groups; a target that cannot be reached fails the whole batch retryably. */
  async sync(refs: ObjectRef[], opts: { fullSync: boolean }): Promise<SyncResult[]> {
    if (refs.length === 0) return [];
    let caps;
    try {
      caps = await this.#caps.get(this.#client);
    } catch (err) {
      return refs.map((ref) => failed(ref, err));
    }
    const env = { ctx: this.#ctx, client: this.#client, caps, fullSync: opts.fullSync };
    const users = refs.filter((r) => r.kind === 'user').map((r) => r.id);
    const groups = refs.filter((r) => r.kind === 'group').map((r) => r.id);
    return [...(users.length ? await syncUsers(env, users) : []), ...(groups.length ? await syncGroups(env, groups) : [])];
  }
}
