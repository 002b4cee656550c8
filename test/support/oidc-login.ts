import * as oidc from 'openid-client';
import { base32Decode, hotp, timeStep } from '../../services/users/totp.ts';
import { Browser, formAction } from './browser.ts';
import { authorization, REDIRECT } from './oidc.ts';
import type { Client as Api } from './platform.ts';

type Page = Awaited<ReturnType<Browser['request']>>;
type Authorization = Awaited<ReturnType<typeof authorization>>;

/** Exchanges the code the browser was redirected with. */
export function redeem(config: oidc.Configuration, location: string, auth: Authorization) {
  return oidc.authorizationCodeGrant(config, new URL(location), { pkceCodeVerifier: auth.verifier, expectedState: auth.state });
}

/** The query of a redirect to the client, or null when the reply is not one. */
export function atClient(reply: Page): URLSearchParams | null {
  return reply.location?.startsWith(REDIRECT) ? new URL(reply.location).searchParams : null;
}

/** Opens an authorization URL and, on the login page it lands on, posts a username and password. */
export async function submitPassword(browser: Browser, url: string, username: string, password: string): Promise<Page> {
  const login = await browser.follow(url, REDIRECT);
  if (login.status !== 200 || !login.body.includes('name="password"')) throw new Error(`no login page at ${login.url}: ${login.status} ${login.body.slice(0, 300)}`);
  return browser.follow(formAction(login), REDIRECT, { form: { username, password } });
}

/** Posts the consent page's decision (allow or deny). */
export const decide = (browser: Browser, page: Page, decision: 'allow' | 'deny') => browser.follow(formAction(page), REDIRECT, { form: { decision } });

/** Whether a page is the consent page. */
export const isConsent = (page: Page) => page.status === 200 && page.body.includes('name="decision"');

/** The events of one action for one username, newest first. */
export async function eventsOf(admin: Api, action: string, username: string): Promise<{ action: string; context: Record<string, any>; user: { pk: number | null; username: string } }[]> {
  const res = await admin.get(`/events/events/?action=${action}&username=${encodeURIComponent(username)}&ordering=-created`);
  if (res.status !== 200) throw new Error(`listing ${action} events: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.results;
}

/** The pk of the application with this slug. */
export async function applicationPk(admin: Api, slug: string): Promise<string> {
  return (await admin.get(`/core/applications/?slug=${slug}`)).body.results[0].pk;
}

/** Binds one user to the application, so only bound users (that one) may sign in; gives the binding's pk. */
export async function bindUser(admin: Api, slug: string, user: number): Promise<string> {
  const binding = await admin.post('/policies/bindings/', { target: await applicationPk(admin, slug), user });
  if (binding.status !== 201) throw new Error(`binding user ${user}: ${binding.status} ${JSON.stringify(binding.body)}`);
  return binding.body.pk;
}

/** The TOTP code of a base32 secret at a 30 s step (now by default). */
export const totpCode = (secret: string, step = timeStep(Date.now(), 30)) => hotp(base32Decode(secret), step, 6);

/** Gives a user a TOTP device confirmed with the previous step's code (so the current code is unused); its secret. */
export async function enrollTotp(admin: Api, pk: number): Promise<string> {
  if (30_000 - (Date.now() % 30_000) < 5_000) await new Promise((r) => setTimeout(r, 5_100));
  const enrolled = await admin.post(`/core/users/${pk}/totp/`, {});
  const confirmed = await admin.post(`/core/users/${pk}/totp/${enrolled.body.pk}/confirm/`, { code: totpCode(enrolled.body.secret, timeStep(Date.now(), 30) - 1) });
  if (confirmed.status !== 200) throw new Error(`confirming a device: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return enrolled.body.secret;
}

/** The hidden fields and action of oidc-provider's own sign-out confirmation form. */
export function logoutForm(page: Page): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(page.body);
  if (!form) throw new Error(`no form on ${page.url}: ${page.body.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2].matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields[input[1]] = input[2];
  return { action: new URL(form[1], page.url).href, fields };
}
