import { createHash, randomBytes } from 'node:crypto';
import { Browser } from '../../test/support/browser.ts';
import { basicAuth, REDIRECT, signIn } from '../../test/support/oidc.ts';
import { closedLoops, type LoadResult } from '../support/closed-loops.ts';

/** The measured operations; each issuer gets exactly the same requests. */
export type Kind = 'code-flow' | 'refresh' | 'client-credentials' | 'userinfo' | 'discovery';

/** An issuer under test, its one client (confidential, client_secret_basic) and the users that sign in to it. */
export interface Target {
  issuer: string;
  clientId: string;
  clientSecret: string;
  usernames: string[];
  password: string;
}

/** One load: `clients` closed loops of one kind for `seconds`; loop i signs in as usernames[i mod n]. */
export interface Job {
  target: Target;
  kind: Kind;
  clients: number;
  seconds: number;
}

interface Endpoints {
  discovery: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
}

interface Tokens {
  access_token?: string;
  id_token?: string;
  refresh_token?: string;
}

/** The test suite's browser, counting the requests it sends (redirects it follows included). */
class CountingBrowser extends Browser {
  requests = 0;

  override request(...args: Parameters<Browser['request']>) {
    this.requests++;
    return super.request(...args);
  }
}

const discoveryUrl = (issuer: string) => new URL('.well-known/openid-configuration', issuer.endsWith('/') ? issuer : `${issuer}/`).href;

async function json<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${what}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function endpoints(issuer: string): Promise<Endpoints> {
  const discovery = discoveryUrl(issuer);
  return { discovery, ...(await json<Omit<Endpoints, 'discovery'>>(await fetch(discovery), 'discovery')) };
}

/** A token request with client_secret_basic. */
async function tokenRequest(e: Endpoints, t: Target, form: Record<string, string>): Promise<Tokens> {
  const res = await fetch(e.token_endpoint, {
    method: 'POST',
    headers: { authorization: basicAuth(t.clientId, t.clientSecret), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });
  return json<Tokens>(res, `token (${form.grant_type})`);
}

/**
 * A whole sign-in in a new browser (the tests' `signIn`): authorize (PKCE S256) → login page → the form post with
 * username and password → the redirects back to the client → the code exchanged at the token endpoint. With
 * `offline`, offline_access is asked for, which oidc-provider grants only with prompt=consent, so a consent page may
 * come (then allowed).
 */
async function signedIn(e: Endpoints, t: Target, username: string, offline: boolean): Promise<{ tokens: Tokens; requests: number }> {
  const browser = new CountingBrowser();
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const url = new URL(e.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: t.clientId, response_type: 'code', redirect_uri: REDIRECT, state,
    scope: offline ? 'openid profile email offline_access' : 'openid profile email',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
    ...(offline ? { prompt: 'consent' } : {}),
  }).toString();
  const callback = new URL(await signIn(url.href, username, t.password, REDIRECT, browser));
  const code = callback.searchParams.get('code');
  if (!code || callback.searchParams.get('state') !== state) throw new Error(`sign-in did not return a code: ${callback.href}`);
  const tokens = await tokenRequest(e, t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
  if (!tokens.access_token || !tokens.id_token) throw new Error('the code exchange gave no access or ID token');
  return { tokens, requests: browser.requests + 1 };
}

/** A loop's operation (resolving to the HTTP requests it made), once the loop is set up for its kind. */
async function operation(job: Job, e: Endpoints, username: string): Promise<() => Promise<number>> {
  const t = job.target;
  switch (job.kind) {
    case 'code-flow':
      return async () => (await signedIn(e, t, username, false)).requests;
    case 'refresh': {
      let refresh = (await signedIn(e, t, username, true)).tokens.refresh_token;
      if (!refresh) throw new Error('the sign-in with offline_access gave no refresh token');
      return async () => {
        const next = await tokenRequest(e, t, { grant_type: 'refresh_token', refresh_token: refresh! });
        if (!next.refresh_token || next.refresh_token === refresh) throw new Error('the refresh token was not rotated');
        refresh = next.refresh_token;
        return 1;
      };
    }
    case 'client-credentials':
      return async () => {
        if (!(await tokenRequest(e, t, { grant_type: 'client_credentials' })).access_token) throw new Error('no access token');
        return 1;
      };
    case 'userinfo': {
      const { access_token } = (await signedIn(e, t, username, false)).tokens;
      return async () => {
        const claims = await json<{ sub?: string }>(await fetch(e.userinfo_endpoint, { headers: { authorization: `Bearer ${access_token}` } }), 'userinfo');
        if (!claims.sub) throw new Error('userinfo without sub');
        return 1;
      };
    }
    case 'discovery':
      return async () => {
        await json(await fetch(e.discovery), 'discovery');
        return 1;
      };
  }
}

/**
 * Sets a job up: every loop gets its operation (the sign-ins for refresh and access tokens happen here, untimed);
 * `run` then has all loop until the time is up, counting the HTTP requests made. A loop stops at its first error.
 */
export async function prepareJob(job: Job): Promise<{ run(): Promise<LoadResult> }> {
  const e = await endpoints(job.target.issuer);
  const { usernames } = job.target;
  const ops = await Promise.all(Array.from({ length: job.clients }, (_, i) => operation(job, e, usernames[i % usernames.length])));
  return { run: () => closedLoops(ops, job.seconds, { stopAtError: true }) };
}
