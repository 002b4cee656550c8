import type { DirectoryUser, RecordStore, ServerContext } from '../sdk/index.ts';
import type { OAuth2Config } from './config.ts';
import { mappedClaims, type ScopeMapping } from './scope-mappings.ts';

const SUBJECT = 'subject';

/** The `sub` the provider's sub_mode gives a user. */
export function subjectOf(user: DirectoryUser, mode: OAuth2Config['sub_mode']): string {
  switch (mode) {
    case 'user_id': return String(user.pk);
    case 'user_uuid': return user.uuid;
    case 'user_username': return user.username;
    case 'user_email': return user.email;
    default: return user.uid;
  }
}

/** Remembers which user a subject names, so tokens (which carry the subject) find their user again. */
export async function rememberSubject(store: RecordStore, providerPk: number, sub: string, userPk: number) {
  await store.put(SUBJECT, `${providerPk}:${sub}`, { user: userPk });
}

export async function userOfSubject(ctx: ServerContext<OAuth2Config>, providerPk: number, sub: string): Promise<DirectoryUser | undefined> {
  const record = await ctx.store.get(SUBJECT, `${providerPk}:${sub}`);
  if (!record) return undefined;
  const [user] = await ctx.queries.users([record.payload.user as number]);
  return user?.is_active ? user : undefined;
}

/**
 * The claims of the granted scopes, as authentik's default scope mappings give them, except `email_verified`: true
 * only when the user's attributes say so, since the platform does not verify addresses itself; then those of the
 * provider's scope mappings. Only granted scopes' claims are computed (their groups read, their mappings run);
 * oidc-provider releases only those anyway.
 */
export async function claimsOf(ctx: ServerContext<OAuth2Config>, user: DirectoryUser, sub: string, scopeMappings: ScopeMapping[], granted: Set<string>): Promise<Record<string, unknown>> {
  const groups = granted.has('profile') ? await ctx.queries.groups(user.groups) : [];
  const mapped: Record<string, unknown> = {};
  for (const { scope, mapping } of scopeMappings) if (granted.has(scope)) Object.assign(mapped, await mappedClaims(mapping, user));
  return {
    ...mapped,
    sub,
    name: user.name,
    given_name: user.name,
    preferred_username: user.username,
    nickname: user.username,
    groups: groups.map((g) => g.name).sort(),
    email: user.email,
    email_verified: user.attributes.email_verified === true,
  };
}

/** oidc-provider's claims configuration: which claims each scope releases. */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'given_name', 'preferred_username', 'nickname', 'groups'],
  email: ['email', 'email_verified'],
};
