import type { ConfigProblem, Directory } from '../sdk/index.ts';
import { hashClientSecret, isHashedSecret, newClientId, newClientSecret } from './client-secret.ts';
import { durationSeconds } from './durations.ts';

export interface OAuth2Config {
  client_type: 'confidential' | 'public';
  client_id: string;
  /** Kept as a salted hash (see client-secret.ts). */
  client_secret?: string;
  redirect_uris: string;
  post_logout_redirect_uris: string;
  sub_mode: 'hashed_user_id' | 'user_id' | 'user_uuid' | 'user_username' | 'user_email';
  include_claims_in_id_token: boolean;
  scopes: string[];
  scope_mappings: Record<string, string>;
  consent: 'implicit' | 'remembered' | 'always';
  access_code_validity: string;
  access_token_validity: string;
  refresh_token_validity: string;
  signing_key_rotation: string;
  client_credentials: boolean;
}

/** The scopes every provider knows without a mapping. */
export const BUILT_IN_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

/** The non-empty lines of a newline-separated URI list. */
export const uriLines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A client with private-use scheme URIs is a native app (RFC 8252), the only kind oidc-provider lets use them. */
export const isNativeClient = (config: Pick<OAuth2Config, 'redirect_uris' | 'post_logout_redirect_uris'>) => [...uriLines(config.redirect_uris), ...uriLines(config.post_logout_redirect_uris)].some((uri) => !/^https?:/i.test(uri));

/** What oidc-provider refuses in a native client's http(s) URIs (RFC 8252 §7.3, §8.4). */
function nativeUriProblem(uri: string): string | null {
  const { protocol, hostname } = new URL(uri);
  if (protocol === 'http:' && !LOOPBACK_HOSTS.has(hostname)) return 'must use a loopback host (127.0.0.1, [::1] or localhost): with private-use scheme URIs the client is a native app';
  if (protocol === 'https:' && LOOPBACK_HOSTS.has(hostname)) return 'must not use a loopback host with https: with private-use scheme URIs the client is a native app';
  return null;
}

function uriProblem(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'is not an absolute URI';
  }
  if (url.hash || uri.includes('#')) return 'must not have a fragment';
  if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.host) return 'has no host';
  if (!/^https?:$/.test(url.protocol) && !url.protocol.slice(0, -1).includes('.')) return 'must be http(s) or a private-use scheme in reverse-domain form (com.example.app:/callback)';
  return null;
}

/** What the schema cannot check: URIs, scopes and their mappings, lifetimes that fit together, secrets by client type. */
export async function checkConfig(config: OAuth2Config, directory: Directory): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  for (const field of ['redirect_uris', 'post_logout_redirect_uris'] as const) {
    uriLines(config[field]).forEach((uri, i) => {
      const problem = uriProblem(uri) ?? (isNativeClient(config) ? nativeUriProblem(uri) : null);
      if (problem) problems.push({ pointer: `/${field}`, message: `line ${i + 1} (${JSON.stringify(uri)}) ${problem}` });
    });
  }
  if (config.client_type === 'public' && config.client_secret !== undefined && !isHashedSecret(config.client_secret)) problems.push({ pointer: '/client_secret', message: 'public clients have no secret' });
  const found = new Set((await directory.mappings(Object.values(config.scope_mappings), 'oauth2-scope')).map((m) => m.pk));
  for (const [scope, pk] of Object.entries(config.scope_mappings)) {
    if (BUILT_IN_SCOPES.includes(scope)) problems.push({ pointer: `/scope_mappings/${scope}`, message: `${scope} is built in` });
    else if (!found.has(pk)) problems.push({ pointer: `/scope_mappings/${scope}`, message: `no oauth2-scope property mapping has the pk ${pk}` });
  }
  config.scopes.forEach((scope, i) => {
    if (!BUILT_IN_SCOPES.includes(scope) && !(scope in config.scope_mappings)) problems.push({ pointer: `/scopes/${i}`, message: `${scope} is neither built in nor in scope_mappings` });
  });
  if (!config.scopes.includes('openid')) problems.push({ pointer: '/scopes', message: 'must include openid' });
  for (const field of ['access_code_validity', 'access_token_validity', 'refresh_token_validity', 'signing_key_rotation'] as const) {
    if (durationSeconds(config[field]) < 1) problems.push({ pointer: `/${field}`, message: 'must be at least one second' });
  }
  if (durationSeconds(config.signing_key_rotation) <= durationSeconds(config.access_token_validity)) {
    problems.push({ pointer: '/signing_key_rotation', message: 'must be longer than access_token_validity, or ID tokens would outlive the key that signed them' });
  }
  return problems;
}

/**
 * Fills the client id, and for confidential clients the secret: a given one is hashed, a missing one is generated
 * and shown in this response only; a kept hash stays. Public clients keep no secret.
 */
export async function prepareConfig(config: OAuth2Config, previous: OAuth2Config | null): Promise<{ config: OAuth2Config; shown?: Record<string, unknown> }> {
  const next: OAuth2Config = { ...config, client_id: config.client_id ?? previous?.client_id ?? newClientId() };
  if (next.client_type === 'public') {
    delete next.client_secret;
    return { config: next };
  }
  if (next.client_secret && isHashedSecret(next.client_secret)) return { config: next };
  const secret = next.client_secret ?? newClientSecret();
  return { config: { ...next, client_secret: hashClientSecret(secret) }, shown: config.client_secret ? {} : { client_secret: secret } };
}
