import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { ADDRESS_THROTTLE, Throttle, USER_THROTTLE, type ServedProvider, type ServerContext } from '../sdk/index.ts';
import { rememberSubject, subjectOf } from './accounts.ts';
import type { OAuth2Config } from './config.ts';
import { rememberConsent } from './consent.ts';
import { MOUNT } from './oidc-options.ts';
import { codePage, consentPage, loginPage, sendPage } from './pages.ts';

const PENDING = 'login-pending';
const PENDING_TTL = 600;

interface Step {
  provider: Provider;
  served: ServedProvider<OAuth2Config>;
  req: IncomingMessage;
  res: ServerResponse;
  form: URLSearchParams;
  clientIp: string | null;
}

const appName = (s: ServedProvider<OAuth2Config>) => s.application?.name ?? s.name;
const denied = { error: 'access_denied', error_description: "The application's policies do not let this user in." };

/**
 * The sign-in pages oidc-provider sends the browser to (`/interaction/<uid>`): username and password, then a TOTP
 * or recovery code for users with a device, then consent when the provider asks for it. Each form posts back under
 * the interaction, whose cookie oidc-provider checks, so a form cannot be replayed from elsewhere. Failures show one
 * message whatever the reason, and are recorded as `login_failed`; successes as `login`.
 */
export class Interactions {
  private readonly ctx: ServerContext<OAuth2Config>;
  /**
   * Failed passwords and codes per username and per client address: past a few, attempts are refused unchecked for a
   * while. Only a whole sign-in clears a username's count (a right password alone does not, or codes could be guessed).
   */
  private readonly users = new Throttle(USER_THROTTLE);
  private readonly addresses = new Throttle(ADDRESS_THROTTLE);

  constructor(ctx: ServerContext<OAuth2Config>) {
    this.ctx = ctx;
  }

  private locked(username: string, clientIp: string | null) {
    return this.users.lockedFor(username) > 0 || this.addresses.lockedFor(clientIp ?? '') > 0;
  }

  private counted(username: string, clientIp: string | null, ok: boolean) {
    if (ok) return this.users.succeed(username);
    this.users.fail(username);
    this.addresses.fail(clientIp ?? '');
  }

  async handle(step: Step, uid: string, action: string | undefined): Promise<void> {
    const details = await step.provider.interactionDetails(step.req, step.res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    const base = `${MOUNT}/${step.served.application!.slug}/interaction/${uid}`;
    const pendingId = `${step.served.id}:${uid}`;
    const method = step.req.method;
    if (details.prompt.name === 'consent') {
      if (step.served.config.consent === 'implicit') return this.consent(step, details, true);
      if (method === 'POST' && action === 'consent') return this.consent(step, details, step.form.get('decision') === 'allow');
      const scopes = [...new Set(String(details.params.scope ?? '').split(' ').filter(Boolean))];
      return sendPage(step.res, consentPage(`${base}/consent`, appName(step.served), scopes));
    }
    const pending = await this.ctx.store.get(PENDING, pendingId);
    if (method === 'POST' && action === 'login') return this.password(step, base, pendingId);
    if (method === 'POST' && action === 'code' && pending) return this.code(step, base, pendingId, pending.payload as { user: number; username: string });
    if (pending) return sendPage(step.res, codePage(`${base}/code`, appName(step.served), {}));
    return sendPage(step.res, loginPage(`${base}/login`, appName(step.served), {}));
  }

  private fail(step: Step, username: string, pk: number | null, method: string) {
    this.ctx.metrics.increment('sign_ins_total', { provider: step.served.name, method, result: 'failed' });
    this.ctx.identity.record({ action: 'login_failed', user: { pk, username }, clientIp: step.clientIp, context: { provider: step.served.name, application: step.served.application?.slug, method } });
  }

  private async password(step: Step, base: string, pendingId: string) {
    const username = step.form.get('username') ?? '';
    const password = step.form.get('password') ?? '';
    const locked = this.locked(username, step.clientIp);
    const result = locked || !username || !password ? { ok: false, enrolled: false, pk: null } : await this.ctx.identity.authenticate(username, { password, mfa: false });
    const pk = result.pk;
    if (!locked && !(result.ok && result.enrolled)) this.counted(username, step.clientIp, result.ok);
    if (!result.ok) {
      this.fail(step, username, pk, 'password');
      return sendPage(step.res, loginPage(`${base}/login`, appName(step.served), { username, error: 'Invalid username or password.' }), 400);
    }
    if (result.enrolled) {
      await this.ctx.store.put(PENDING, pendingId, { user: pk!, username }, { expiresIn: PENDING_TTL });
      return sendPage(step.res, codePage(`${base}/code`, appName(step.served), {}));
    }
    return this.signedIn(step, pk!, username, 'password');
  }

  private async code(step: Step, base: string, pendingId: string, pending: { user: number; username: string }) {
    const code = (step.form.get('code') ?? '').trim();
    const locked = this.locked(pending.username, step.clientIp);
    const ok = !locked && code !== '' && (await this.ctx.identity.verifyCode(pending.user, code));
    if (!locked) this.counted(pending.username, step.clientIp, ok);
    if (!ok) {
      this.fail(step, pending.username, pending.user, 'totp');
      return sendPage(step.res, codePage(`${base}/code`, appName(step.served), { error: 'That code is not valid.' }), 400);
    }
    await this.ctx.store.remove(PENDING, pendingId);
    return this.signedIn(step, pending.user, pending.username, 'password+totp');
  }

  private async signedIn(step: Step, pk: number, username: string, method: string) {
    const [user] = await this.ctx.queries.users([pk]);
    if (!user || !(await this.ctx.identity.mayAccess(step.served, pk, step.clientIp))) {
      this.fail(step, username, pk, method);
      return step.provider.interactionFinished(step.req, step.res, denied, { mergeWithLastSubmission: false });
    }
    const sub = subjectOf(user, step.served.config.sub_mode);
    await rememberSubject(this.ctx.store, step.served.id, sub, pk);
    this.ctx.metrics.increment('sign_ins_total', { provider: step.served.name, method, result: 'succeeded' });
    this.ctx.identity.record({ action: 'login', user: { pk, username }, clientIp: step.clientIp, context: { provider: step.served.name, application: step.served.application?.slug, method } });
    return step.provider.interactionFinished(step.req, step.res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
  }

  /** Implicit consent (the provider never asks) is given here too when the client asks for the consent prompt itself. */
  private async consent(step: Step, details: Awaited<ReturnType<Provider['interactionDetails']>>, allowed: boolean) {
    if (!allowed) {
      return step.provider.interactionFinished(step.req, step.res, { error: 'access_denied', error_description: 'The user denied the request.' }, { mergeWithLastSubmission: false });
    }
    const { Grant } = step.provider;
    const accountId = details.session!.accountId;
    const grant = details.grantId ? (await Grant.find(details.grantId))! : new Grant({ accountId, clientId: String(details.params.client_id) });
    const missing = (details.prompt.details as { missingOIDCScope?: string[] }).missingOIDCScope;
    if (missing?.length) grant.addOIDCScope(missing.join(' '));
    const grantId = await grant.save();
    if (step.served.config.consent === 'remembered') await rememberConsent(this.ctx.store, step.served.id, accountId, grant.getOIDCScope());
    return step.provider.interactionFinished(step.req, step.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
}
