import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider from 'oidc-provider';
import type { MountedRequest, MountedResponse, ServedProvider, ServerContext, ServerInstance } from '../sdk/index.ts';
import { userOfSubject } from './accounts.ts';
import { verifyClientSecret } from './client-secret.ts';
import type { OAuth2Config } from './config.ts';
import { durationSeconds } from './durations.ts';
import { withImpliedConsent } from './implied-consent.ts';
import { injected } from './injected-request.ts';
import { Interactions } from './interactions.ts';
import { MOUNT, oidcOptions } from './oidc-options.ts';
import { errorPage, sendPage } from './pages.ts';
import { claimNames, type ScopeMapping } from './scope-mappings.ts';
import { isServiceAccountRequest, serviceAccountToken } from './service-account-grant.ts';
import { currentKeys, type KeySet } from './signing-keys.ts';

type Served = ServedProvider<OAuth2Config>;
type Issuer = { version: string; provider: Provider; callback: ReturnType<Provider['callback']> };

/** Keys (rotated when due) and scope mappings are re-read this often, well inside the time a new key is published before it signs. */
const REFRESH_MS = 5_000;
/** Issuers (provider and origin) kept built; the least recently used is dropped beyond this. */
const ISSUERS_KEPT = 64;
const INTERACTION = /^\/interaction\/([\w-]+)(?:\/(login|code|consent))?$/;
/** The endpoint a path below the issuer names, as a metrics label. */
const ENDPOINT = /^\/(\.well-known\/openid-configuration|jwks|auth|token\/introspection|token\/revocation|token|me|session\/end|interaction)(?:\/|$)/;

const notFound = (detail: string): MountedResponse => ({
  status: 404, headers: { 'content-type': 'application/problem+json' }, body: JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail }),
});

/**
 * The OAuth 2.0 / OpenID Connect server: every oauth2 provider bound to an application is an issuer at
 * `<origin>/application/o/<slug>/`, run by panva's oidc-provider with its state in the platform's database, so
 * any replica answers any request. The gateway passes requests here; they reach oidc-provider injected in-process.
 */
export class OAuth2Server implements ServerInstance {
  private readonly ctx: ServerContext<OAuth2Config>;
  private readonly interactions: Interactions;
  private readonly issuers = new Map<string, Issuer>();
  private readonly keys = new Map<number, KeySet>();
  private readonly scopeMappings = new Map<number, ScopeMapping[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(ctx: ServerContext<OAuth2Config>) {
    this.ctx = ctx;
    this.interactions = new Interactions(ctx);
  }

  async start() {
    await this.refresh();
    const refresh = () => void this.refresh().catch((err: Error) => this.ctx.logger.warn(`oauth2: reading signing keys and scope mappings failed: ${err.message}`));
    this.timer = setInterval(refresh, REFRESH_MS);
    this.ctx.onProvidersChanged(refresh);
    return { addresses: {} };
  }

  async stop() {
    clearInterval(this.timer);
  }

  /**
   * Each provider's keys (rotating them when due) and scope mappings, read again; a provider that is gone has all its
   * records (sessions, tokens, keys, consents) removed.
   */
  private async refresh() {
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

  private async issuer(served: Served, origin: string): Promise<Issuer> {
    const keys = this.keys.get(served.id) ?? await currentKeys(this.ctx.store, served.id, durationSeconds(served.config.signing_key_rotation) * 1000);
    this.keys.set(served.id, keys);
    const scopeMappings = this.scopeMappings.get(served.id) ?? await this.readScopeMappings(served);
    this.scopeMappings.set(served.id, scopeMappings);
    const key = `${served.id}\0${origin}`;
    const version = JSON.stringify([served.config, served.application!.slug, keys.version, scopeMappings.map((m) => [m.scope, m.mapping.expression])]);
    const known = this.issuers.get(key);
    this.issuers.delete(key);
    if (known?.version === version) {
      this.issuers.set(key, known);
      return known;
    }
    const provider = new Provider(`${origin}${MOUNT}/${served.application!.slug}/`, oidcOptions(this.ctx, served, keys, scopeMappings));
    provider.proxy = true;
    provider.Client.prototype.compareClientSecret = function compare(this: { clientSecret?: string }, presented: string) {
      return Promise.resolve(verifyClientSecret(this.clientSecret, presented));
    } as never;
    provider.on('authorization.success', (koa) => void this.authorized(served, koa.oidc.session?.accountId, String(koa.oidc.params?.scope ?? ''), koa.ip || null));
    provider.on('server_error', (_koa, err) => this.ctx.logger.error(`oauth2: ${served.name}: ${err.message}`, err));
    if (this.issuers.size >= ISSUERS_KEPT) this.issuers.delete(this.issuers.keys().next().value!);
    const built = { version, provider, callback: provider.callback() };
    this.issuers.set(key, built);
    return built;
  }

  private async authorized(served: Served, sub: string | undefined, scope: string, clientIp: string | null) {
    const user = sub ? await userOfSubject(this.ctx, served.id, sub) : undefined;
    if (!user) return;
    this.ctx.identity.record({
      action: 'authorize_application', user: { pk: user.pk, username: user.username }, clientIp,
      context: { provider: served.name, authorized_application: { slug: served.application!.slug, name: served.application!.name }, scopes: scope },
    });
  }

  async handle(request: MountedRequest): Promise<MountedResponse> {
    const url = new URL(request.url, 'http://mount');
    const [, slug = '', ...rest] = url.pathname.split('/');
    const served = this.ctx.providers().find((p) => p.application?.slug === slug);
    if (!served) return notFound(`No OAuth2 provider is bound to an application with the slug ${JSON.stringify(slug)}.`);
    const { provider, callback } = await this.issuer(served, request.origin);
    const inner = `/${rest.join('/')}`;
    const form = /^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '') ? new URLSearchParams(request.body) : new URLSearchParams();
    if (request.method === 'POST' && inner === '/token' && served.config.client_credentials && isServiceAccountRequest(form)) {
      const answer = await serviceAccountToken(this.ctx, served, provider, request.headers, form, request.clientIp);
      this.ctx.metrics.increment('requests_total', { provider: served.name, endpoint: 'token', status: String(answer.status) });
      return answer;
    }
    const dispatch = (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) => {
      req.originalUrl = `${MOUNT}/${slug}${req.url}`;
      const interaction = INTERACTION.exec(inner);
      if (!interaction) return void callback(req, res);
      this.interactions.handle({ provider, served, req, res, form, clientIp: request.clientIp }, interaction[1], interaction[2])
        .catch((err: Error) => {
          this.ctx.logger.warn(`oauth2: ${served.name}: interaction failed: ${err.message}`);
          if (!res.headersSent) sendPage(res, errorPage('invalid_request', 'This sign-in has expired or is not valid. Start again from the application.'), 400);
        });
    };
    let body = request.body;
    if (inner === '/auth' && served.config.consent === 'implicit') {
      withImpliedConsent(url.searchParams);
      if (request.method === 'POST' && withImpliedConsent(form)) body = form.toString();
    }
    const out = await injected(dispatch, { ...request, body }, `${inner}${url.search}`);
    this.ctx.metrics.increment('requests_total', { provider: served.name, endpoint: ENDPOINT.exec(inner)?.[1] ?? 'other', status: String(out.status) });
    return out;
  }
}
