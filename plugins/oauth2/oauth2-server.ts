import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MountedRequest, MountedResponse, ServerContext, ServerInstance } from '../sdk/index.ts';
import type { OAuth2Config } from './config.ts';
import { withImpliedConsent } from './implied-consent.ts';
import { injected } from './injected-request.ts';
import { Interactions } from './interactions.ts';
import { Issuers } from './issuers.ts';
import { MOUNT } from './oidc-options.ts';
import { errorPage, sendPage } from './pages.ts';
import { isServiceAccountRequest, serviceAccountToken } from './service-account-grant.ts';

/** Keys (rotated when due) and scope mappings are re-read this often, well inside the time a new key is published before it signs. */
const REFRESH_MS = 5_000;
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
  private readonly issuers: Issuers;
  private timer: NodeJS.Timeout | undefined;

  constructor(ctx: ServerContext<OAuth2Config>) {
    this.ctx = ctx;
    this.interactions = new Interactions(ctx);
    this.issuers = new Issuers(ctx);
  }

  async start() {
    await this.issuers.refresh();
    const refresh = () => void this.issuers.refresh().catch((err: Error) => this.ctx.logger.warn(`oauth2: reading signing keys and scope mappings failed: ${err.message}`));
    this.timer = setInterval(refresh, REFRESH_MS);
    this.ctx.onProvidersChanged(refresh);
    return { addresses: {} };
  }

  async stop() {
    clearInterval(this.timer);
  }

  async handle(request: MountedRequest): Promise<MountedResponse> {
    const url = new URL(request.url, 'http://mount');
    const [, slug = '', ...rest] = url.pathname.split('/');
    const served = this.ctx.providers().find((p) => p.application?.slug === slug);
    if (!served) return notFound(`No OAuth2 provider is bound to an application with the slug ${JSON.stringify(slug)}.`);
    const { provider, callback } = await this.issuers.get(served, request.origin);
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
