import type { DirectoryUser } from '../../sdk/index.ts';
import type { LdapProvider } from '../directory/served-providers.ts';
import { parseDN } from '../protocol/dn.ts';
import { ResultCode, type Request } from '../protocol/types.ts';
import { splitCode } from '../server/mfa-split.ts';
import type { Exchange } from './context.ts';

type BindRequest = Extract<Request, { op: 'bind' }>;

const BAD_BIND = 'Invalid credentials.';
/** The longest password the users service checks. */
const MAX_PASSWORD = 1024;

/** The username a bind DN names: the value of its first RDN when that is a `cn`. */
function usernameOf(dn: string): string | null {
  try {
    const [first] = parseDN(dn);
    return first?.length === 1 && first[0].type.toLowerCase() === 'cn' ? first[0].value : null;
  } catch {
    return null;
  }
}

/**
 * Password and code checks with `mfa_support`: a user with a TOTP device must append a right code (TOTP or recovery)
 * to the right password. A user without one binds with the part before the code, as authentik does (the code has
 * nothing to be checked against), or with the whole string, for passwords that end like a code.
 */
async function credentialsHold(x: Exchange, provider: LdapProvider, user: DirectoryUser, secret: string): Promise<boolean> {
  const { identity } = x.ctx;
  const mfa = provider.served.config.mfa_support;
  const split = mfa ? splitCode(secret) : { password: secret, code: null };
  const first = await identity.authenticate(user.pk, { password: split.password, code: split.code, mfa });
  if (first.ok || split.code === null || first.enrolled) return first.ok;
  return (await identity.authenticate(user.pk, { password: secret, code: null, mfa })).ok;
}

/**
 * Simple bind (RFC 4513 §5.1): anonymous binds succeed but may read only the root DSE and the schema; a DN with no
 * password is refused (53); SASL is not offered (7). The provider comes from the bind DN; every bad DN, unknown user,
 * wrong password or code, and throttled attempt gets the same 49 (an unknown user's password is checked against a
 * decoy, so the time taken does not tell which users exist). A user whose credentials hold but whom the
 * application's policies refuse gets 50.
 */
export async function bind(x: Exchange, req: BindRequest): Promise<void> {
  const { ctx, session } = x;
  const reply = (code: ResultCode, diagnostic?: string) => x.send({ op: 'bind', code, diagnostic });
  session.bound = null;
  session.paged.clear();
  if (req.version !== 3) return reply(ResultCode.protocolError, 'Only LDAPv3 is supported.');
  if (req.auth.kind !== 'simple') return reply(ResultCode.authMethodNotSupported, 'Only simple binds are supported.');
  const password = req.auth.password.toString('utf8');
  if (req.name === '' && password === '') return reply(ResultCode.success);
  if (password === '') return reply(ResultCode.unwillingToPerform, 'Unauthenticated binds are not allowed.');
  const provider = ctx.providers.forDN(req.name);
  if (provider?.served.config.require_tls && !session.tls) return reply(ResultCode.confidentialityRequired, 'This directory requires TLS: use StartTLS or LDAPS.');
  const username = usernameOf(req.name);
  const user = provider && username !== null ? provider.tree.userByName(username) : undefined;
  const userKey = `${provider?.served.id ?? 0}:${(username ?? req.name).toLowerCase()}`;
  const addressKey = session.clientIp ?? 'unknown';
  const refuse = () => {
    ctx.identity.record({ action: 'login_failed', user: { pk: user?.pk ?? null, username: username ?? req.name }, clientIp: session.clientIp, context: { provider: provider?.served.name ?? null, protocol: 'ldap' } });
    reply(ResultCode.invalidCredentials, BAD_BIND);
  };
  const fail = () => {
    if (user) ctx.userThrottle.fail(userKey);
    ctx.addressThrottle.fail(addressKey);
    refuse();
  };
  if (ctx.userThrottle.lockedFor(userKey) > 0 || ctx.addressThrottle.lockedFor(addressKey) > 0) return refuse();
  if (!provider || !user || !user.is_active || password.length > MAX_PASSWORD) {
    if (password.length <= MAX_PASSWORD) await ctx.identity.authenticate(username ?? req.name, { password, mfa: false });
    return fail();
  }
  if (!(await credentialsHold(x, provider, user, password))) return fail();
  ctx.userThrottle.succeed(userKey);
  if (!(await ctx.identity.mayAccess(provider.served, user.pk, session.clientIp))) {
    return reply(ResultCode.insufficientAccessRights, 'Access to this application is denied.');
  }
  session.bound = { provider, userPk: user.pk, dn: provider.tree.userEntry(user.pk)?.dn ?? req.name };
  ctx.identity.record({ action: 'login', user: { pk: user.pk, username: user.username }, clientIp: session.clientIp, context: { provider: provider.served.name, protocol: 'ldap' } });
  reply(ResultCode.success);
}
