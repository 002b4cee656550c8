import type Provider from 'oidc-provider';
import type { MountedResponse, ServedProvider, ServerContext } from '../sdk/index.ts';
import { rememberSubject, subjectOf } from './accounts.ts';
import { verifyClientSecret } from './client-secret.ts';
import type { OAuth2Config } from './config.ts';

const json = (status: number, body: Record<string, unknown>, extra: Record<string, string> = {}): MountedResponse => ({
  status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra }, body: JSON.stringify(body),
});
const oauthError = (status: number, error: string, description: string) => json(status, { error, error_description: description }, status === 401 ? { 'www-authenticate': 'Basic realm="token"' } : {});

/** The client id and secret a token request presents: HTTP Basic (each form-encoded, RFC 6749 §2.3.1) or the form's fields. */
function clientCredentials(headers: Record<string, string>, form: URLSearchParams): { id: string | null; secret: string | null } {
  const basic = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (!basic) return { id: form.get('client_id'), secret: form.get('client_secret') };
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const part = (text: string) => {
    try {
      return decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      return null;
    }
  };
  return colon < 0 ? { id: part(decoded), secret: null } : { id: part(decoded.slice(0, colon)), secret: part(decoded.slice(colon + 1)) ?? '' };
}

/** Whether a token request is authentik's service-account form of client credentials (username and app password). */
export const isServiceAccountRequest = (form: URLSearchParams) => form.get('grant_type') === 'client_credentials' && form.has('username') && form.has('password');

/**
 * authentik's client credentials for service accounts: `client_id`, the service account's `username` and one of its
 * app-password tokens as `password` get an access token for that user (within the application's access policies),
 * usable at userinfo and introspection. Only when the provider enables client credentials.
 */
export async function serviceAccountToken(ctx: ServerContext<OAuth2Config>, served: ServedProvider<OAuth2Config>, provider: Provider, headers: Record<string, string>, form: URLSearchParams, clientIp: string | null): Promise<MountedResponse> {
  const config = served.config;
  const presented = clientCredentials(headers, form);
  if (presented.id !== config.client_id) return oauthError(401, 'invalid_client', 'client authentication failed');
  if (presented.secret !== null && !verifyClientSecret(config.client_secret, presented.secret)) return oauthError(401, 'invalid_client', 'client authentication failed');
  const username = form.get('username')!;
  const pk = await ctx.identity.appPassword(username, form.get('password')!);
  const context = { provider: served.name, application: served.application?.slug, method: 'app_password' };
  if (pk === null || !(await ctx.identity.mayAccess(served, pk, clientIp))) {
    ctx.identity.record({ action: 'login_failed', user: { pk, username }, clientIp, context });
    return oauthError(400, 'invalid_grant', 'invalid username, app password or access');
  }
  const [user] = await ctx.queries.users([pk]);
  const sub = subjectOf(user, config.sub_mode);
  await rememberSubject(ctx.store, served.id, sub, pk);
  const requested = (form.get('scope') ?? 'openid').split(' ').filter((s) => config.scopes.includes(s) && s !== 'offline_access');
  const scope = [...new Set(['openid', ...requested])].join(' ');
  const client = (await provider.Client.find(config.client_id))!;
  const grant = new provider.Grant({ accountId: sub, clientId: config.client_id });
  grant.addOIDCScope(scope);
  const grantId = await grant.save();
  const token = new provider.AccessToken({ accountId: sub, client, grantId, scope, gty: 'client_credentials' });
  const accessToken = await token.save();
  ctx.identity.record({ action: 'login', user: { pk, username }, clientIp, context });
  return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: token.expiration, scope });
}
