import Provider from 'oidc-provider';
import type { ServedProvider, ServerContext } from '../sdk/index.ts';
import { userOfSubject } from './accounts.ts';
import { verifyClientSecret } from './client-secret.ts';
import type { OAuth2Config } from './config.ts';
import { durationSeconds } from './durations.ts';
import { MOUNT, oidcOptions } from './oidc-options.ts';
import { claimNames, type ScopeMapping } from './scope-mappings.ts';
import { currentKeys, type KeySet } from './signing-keys.ts';

type Served = ServedProvider<OAuth2Config>;
export type Issuer = { version: string; provider: Provider; callback: ReturnType<Provider['callback']> };

/** Issuers (provider and origin) kept built; the least recently used is dropped beyond this. */
const ISSUERS_KEPT = 64;

/**
 * The oidc-provider instance of each provider and origin, built when first asked for and again when the provider's
 * configuration, keys or scope mappings change; with each provider's current keys and scope mappings.
 */
export class Issuers {
  private readonly ctx: ServerContext<OAuth2Config>;
  private readonly built = new Map<string, Issuer>();
  private readonly keys = new Map<number, KeySet>();
  private readonly scopeMappings = new Map<number, ScopeMapping[]>();

  constructor(ctx: ServerContext<OAuth2Config>) {
    this.ctx = ctx;
  }

  /**
   * Each provider's keys (rotating them when due) and scope mappings, read again; a provider that is gone has all its
   * records (sessions, tokens, keys, consents) removed.
   */
  async refresh() {
    const current = new Set(this.ctx.providers().map((p) => p.id));
    for (const gone of [...this.keys.keys()].filter((pk) => !current.has(pk))) {
      await this.ctx.store.removeAll(`${gone}:`);
      this.keys.delete(gone);
      this.scopeMappings.delete(gone);
    }
    for (const served of this.ctx.providers()) {
      this.keys.set(served.id, await currentKeys(this.ctx.store, served.id, durationSeconds(served.config.signing_key_rotation) * 1000));
      this.scopeMappings.set(served.id, await this.readScopeMappings(served));
    }
  }

  private async readScopeMappings(served: Served): Promise<ScopeMapping[]> {
    const byPk = new Map(Object.entries(served.config.scope_mappings).map(([scope, pk]) => [pk, scope]));
    const mappings = await this.ctx.queries.mappings([...byPk.keys()], 'oauth2-scope');
    return mappings.map((mapping) => ({ scope: byPk.get(mapping.pk)!, claims: claimNames(mapping.expression), mapping }));
  }

  /** The provider's issuer at `<origin>/application/o/<slug>/`, with client secrets checked against their hash. */
  async get(served: Served, origin: string): Promise<Issuer> {
    const keys = this.keys.get(served.id) ?? await currentKeys(this.ctx.store, served.id, durationSeconds(served.config.signing_key_rotation) * 1000);
    this.keys.set(served.id, keys);
    const scopeMappings = this.scopeMappings.get(served.id) ?? await this.readScopeMappings(served);
    this.scopeMappings.set(served.id, scopeMappings);
    const key = `${served.id}\0${origin}`;
    const version = JSON.stringify([served.config, served.application!.slug, keys.version, scopeMappings.map((m) => [m.scope, m.mapping.expression])]);
    const known = this.built.get(key);
    this.built.delete(key);
    if (known?.version === version) {
      this.built.set(key, known);
      return known;
    }
    const provider = new Provider(`${origin}${MOUNT}/${served.application!.slug}/`, oidcOptions(this.ctx, served, keys, scopeMappings));
    provider.proxy = true;
    provider.Client.prototype.compareClientSecret = function compare(this: { clientSecret?: string }, presented: string) {
      return Promise.resolve(verifyClientSecret(this.clientSecret, presented));
    } as never;
    provider.on('authorization.success', (koa) => void this.authorized(served, koa.oidc.session?.accountId, String(koa.oidc.params?.scope ?? ''), koa.ip || null));
    provider.on('server_error', (_koa, err) => this.ctx.logger.error(`oauth2: ${served.name}: ${err.message}`, err));
    if (this.built.size >= ISSUERS_KEPT) this.built.delete(this.built.keys().next().value!);
    const issuer = { version, provider, callback: provider.callback() };
    this.built.set(key, issuer);
    return issuer;
  }

  /** Records `authorize_application` for each authorization the issuer completes. */
  private async authorized(served: Served, sub: string | undefined, scope: string, clientIp: string | null) {
    const user = sub ? await userOfSubject(this.ctx, served.id, sub) : undefined;
    if (!user) return;
    this.ctx.identity.record({
      action: 'authorize_application', user: { pk: user.pk, username: user.username }, clientIp,
      context: { provider: served.name, authorized_application: { slug: served.application!.slug, name: served.application!.name }, scopes: scope },
    });
  }
}
