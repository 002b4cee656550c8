import type { ServiceSchema } from 'moleculer';
import { INTEGER_PK } from '../kernel/params.ts';
import { randomBytes } from 'node:crypto';
import { hashKey, hashPassword, sameHash, verifyPassword } from '../kernel/secrets.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { useStaticToken } from './static-tokens.ts';
import { Token } from './token.entity.ts';
import { verifyTotpCode } from './totp-devices.ts';
import { User } from './user.entity.ts';

const TOTP_CODE = /^[0-9]{6}$/;

/** A username or key as a user entered it: any string up to a bound, so odd input finds nobody instead of failing. */
const ENTERED = { type: 'string', maxLength: 1024 };

/** What a sign-in needs of a user, by pk or by exact username, in one statement (binds are frequent). */
const signInQuery = (by: 'pk' | 'username') => `select u.pk, u.is_active, u.password_hash,
    exists (select 1 from authenticators_totp_device d where d.user_pk = u.pk and d.confirmed) as enrolled
  from core_user u where u.${by} = ?`;
const SIGN_IN = { pk: signInQuery('pk'), username: signInQuery('username') };

/** A hash no password matches, checked for unknown users so that their answer takes as long as a wrong password's. */
let decoy: Promise<string> | undefined;
const wastePasswordCheck = async (password: string) => {
  decoy ??= hashPassword(randomBytes(32).toString('hex'));
  await verifyPassword(password, await decoy);
};

/**
 * Credential checks for other services (the LDAP provider's binds, servers' sign-in pages), never routed: a sign-in
 * (password, and a second factor for users who have one), an app password, and a second-factor code alone, used up
 * when it is accepted. None says why a check failed.
 */
export function credentialActions(deps: ServiceDeps): ServiceSchema['actions'] {
  return {
    /** The active user with this username whose unexpired app_password token `key` is; pk null otherwise (an api key too). */
    appPassword: {
      params: { type: 'object', properties: { username: ENTERED, key: ENTERED }, required: ['username', 'key'], additionalProperties: false },
      async handler(ctx) {
        const { username, key } = ctx.params as { username: string; key: string };
        const hash = hashKey(key);
        const token = await forkEm(deps).findOne(
          Token,
          { key_hash: hash, intent: 'app_password', user: { username, is_active: true } },
          { fields: ['key_hash', 'expiring', 'expires', 'user'] },
        );
        if (!token || !sameHash(token.key_hash, hash)) return { pk: null };
        if (token.expiring && token.expires && token.expires <= new Date()) return { pk: null };
        return { pk: token.user.pk };
      },
    },
    /**
     * A sign-in in one call, by pk or exact username: the password, and with `mfa` (the default), for a user with a
     * confirmed TOTP device, also a code (TOTP or recovery, used up when accepted). `enrolled` says whether the user has
     * such a device, `pk` who the active user is (null for an unknown or inactive one). An unknown user costs a password
     * check too, so the time taken does not tell which usernames exist.
     */
    signIn: {
      params: {
        type: 'object', additionalProperties: false, required: ['password'], oneOf: [{ required: ['pk'] }, { required: ['username'] }],
        properties: { pk: INTEGER_PK, username: ENTERED, password: { type: 'string', maxLength: 1024 }, code: { type: ['string', 'null'], maxLength: 1024 }, mfa: { type: 'boolean' } },
      },
      async handler(ctx) {
        const { pk: byPk, username, password, code, mfa = true } = ctx.params as { pk?: number; username?: string; password: string; code?: string | null; mfa?: boolean };
        const em = forkEm(deps);
        const [user] = await em.execute<{ pk: number; is_active: boolean; password_hash: string | null; enrolled: boolean }[]>(
          byPk === undefined ? SIGN_IN.username : SIGN_IN.pk, [byPk ?? username],
        );
        const pk = user?.is_active ? user.pk : null;
        const enrolled = user?.enrolled ?? false;
        const needsCode = mfa && enrolled;
        if (!user?.is_active || !user.password_hash) {
          await wastePasswordCheck(password);
          return { ok: false, enrolled, pk };
        }
        if ((needsCode && !code) || !(await verifyPassword(password, user.password_hash))) return { ok: false, enrolled, pk };
        if (!needsCode) return { ok: true, enrolled, pk };
        return { ok: TOTP_CODE.test(code!) ? await verifyTotpCode(em, user.pk, code!) : await useStaticToken(em, user.pk, code!), enrolled, pk };
      },
    },
    /** A 6-digit code is checked against the user's confirmed TOTP devices, an 8-character one against unused recovery codes. */
    verifyMfaCode: {
      params: { type: 'object', properties: { pk: INTEGER_PK, code: { type: 'string', maxLength: 1024 } }, required: ['pk', 'code'], additionalProperties: false },
      async handler(ctx) {
        const { pk, code } = ctx.params as { pk: number; code: string };
        const em = forkEm(deps);
        const user = await em.findOne(User, { pk }, { fields: ['is_active'] });
        if (!user?.is_active) return { ok: false };
        if (TOTP_CODE.test(code)) return { ok: await verifyTotpCode(em, pk, code) };
        return { ok: await useStaticToken(em, pk, code) };
      },
    },
  };
}
