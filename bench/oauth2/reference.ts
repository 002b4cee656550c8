import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { SCOPE_CLAIMS } from '../../plugins/oauth2/accounts.ts';
import { newClientId, newClientSecret } from '../../plugins/oauth2/client-secret.ts';
import { loginPage, sendPage } from '../../plugins/oauth2/pages.ts';
import { hashPassword, verifyPassword } from '../../services/kernel/secrets.ts';
import { REDIRECT } from '../../test/support/oidc.ts';
import type { Target } from './operations.ts';

const INTERACTION = /^\/interaction\/([\w-]+)(?:\/(login))?$/;
const DAY = 86_400;

interface User {
  username: string;
  sub: string;
  hash: string;
}

/** The users by subject (for findAccount) and by username (for the login form). */
interface Users {
  bySub: Map<string, User>;
  byName: Map<string, User>;
}

/** The users' claims as ours gives them (no groups, email not verified). */
const claimsOf = (u: User) => ({ sub: u.sub, name: `Bench ${u.username}`, given_name: `Bench ${u.username}`, preferred_username: u.username, nickname: u.username, groups: [], email: `${u.username}@example.org`, email_verified: false });

/**
 * oidc-provider's configuration as ours sets it for a provider with the defaults and consent implicit (the same
 * client metadata, scopes, claims, lifetimes, features and an RS256 key of 2048 bits), but with the default in-memory
 * adapter and accounts from a map.
 */
function configuration(client: { id: string; secret: string }, users: Users): Configuration {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    clients: [{
      client_id: client.id, client_secret: client.secret, token_endpoint_auth_method: 'client_secret_basic', application_type: 'web',
      redirect_uris: [REDIRECT], post_logout_redirect_uris: [], grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types: ['code'], id_token_signed_response_alg: 'RS256',
    }],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: randomBytes(12).toString('base64url'), alg: 'RS256', use: 'sig' }] } as never,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: SCOPE_CLAIMS,
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    allowOmittingSingleRegisteredRedirectUri: false,
    enabledJWA: { idTokenSigningAlgValues: ['RS256'], userinfoSigningAlgValues: ['RS256'], introspectionSigningAlgValues: ['RS256'], authorizationSigningAlgValues: ['RS256'] },
    pkce: { required: (_ctx, c) => c.clientAuthMethod === 'none' },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, c, code) => c.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    ttl: { AccessToken: 300, IdToken: 300, ClientCredentials: 300, AuthorizationCode: 60, RefreshToken: 30 * DAY, Grant: 365 * DAY, Session: 14 * DAY, Interaction: 3600 },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      clientCredentials: { enabled: true },
    },
    async findAccount(_ctx, sub) {
      const user = users.bySub.get(sub);
      return user ? { accountId: sub, claims: () => claimsOf(user) } : undefined;
    },
    /** Consent implicit: the session's grant (or a new one) gets every requested scope. */
    async loadExistingGrant(koa: KoaContextWithOIDC) {
      const { Grant } = koa.oidc.provider;
      const clientId = koa.oidc.client!.clientId;
      const grantId = koa.oidc.result?.consent?.grantId as string | undefined ?? koa.oidc.session!.grantIdFor(clientId);
      const grant = (grantId ? await Grant.find(grantId) : undefined) ?? new Grant({ accountId: koa.oidc.session!.accountId!, clientId });
      grant.addOIDCScope(String(koa.oidc.params!.scope ?? 'openid'));
      await grant.save();
      return grant;
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The minimal interaction handler: the login page (ours' own page), the password checked with the platform's
 * verifyPassword, then the interaction finished. A consent prompt (prompt=consent, which offline_access needs) is
 * answered at once with every requested scope, as implicit consent.
 */
async function interaction(provider: Provider, users: Users, req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (details.prompt.name === 'consent') {
    const grant = details.grantId ? (await provider.Grant.find(details.grantId))! : new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }
  const post = `/interaction/${uid}/login`;
  if (req.method !== 'POST' || action !== 'login') return sendPage(res, loginPage(post, 'Bench', {}));
  const form = new URLSearchParams(await readBody(req));
  const username = form.get('username') ?? '';
  const user = users.byName.get(username);
  if (!user || !(await verifyPassword(form.get('password') ?? '', user.hash))) {
    return sendPage(res, loginPage(post, 'Bench', { username, error: 'Invalid username or password.' }), 400);
  }
  return provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
}

/** The reference: a bare oidc-provider on its own node:http server on a free loopback port, in this process. */
export async function startReference(usernames: string[], password: string): Promise<{ target: Target; hash: string; stop(): Promise<void> }> {
  const hash = await hashPassword(password);
  const list = usernames.map((username) => ({ username, sub: createHash('sha256').update(`reference-${username}`).digest('hex'), hash }));
  const users: Users = { bySub: new Map(list.map((u) => [u.sub, u])), byName: new Map(list.map((u) => [u.username, u])) };
  const client = { id: newClientId(), secret: newClientSecret() };
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, configuration(client, users));
  provider.on('server_error', (_koa, err) => console.error(`reference: ${err.message}`));
  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = INTERACTION.exec(req.url ?? '');
    if (!match) return void callback(req, res);
    interaction(provider, users, req, res, match[1], match[2]).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`interaction failed: ${err.message}`);
    });
  });
  return {
    target: { issuer, clientId: client.id, clientSecret: client.secret, usernames, password },
    hash,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
