import type { ServiceSchema } from 'moleculer';
import { INTEGER_PK } from '../kernel/params.ts';
import { hashKey, sameHash, verifyPassword } from '../kernel/secrets.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { useStaticToken } from './static-tokens.ts';
import { Token } from './token.entity.ts';
import { TotpDevice } from './totp-device.entity.ts';
import { verifyTotpCode } from './totp-devices.ts';
import { User } from './user.entity.ts';

const TOTP_CODE = /^[0-9]{6}$/;

/** A username or key as a user entered it: any string up to a bound, so odd input finds nobody instead of failing. */
const ENTERED = { type: 'string', maxLength: 1024 };

/** What a sign-in needs of a user, in one statement (binds are frequent). */
const SIGN_IN = `select u.is_active, u.password_hash,
    exists (select 1 from authenticators_totp_device d where d.user_pk = u.pk and d.confirmed) as enrolled
  from core_user u where u.pk = ?`;

/**
 * Credential checks for other services (the LDAP provider's binds, servers' sign-in pages), never routed: who a
 * username is, a user's password or app password, whether the user has a second factor, and a second-factor code
 * that is used up when it is accepted. None says why a check failed.
 */
export function credentialActions(deps: ServiceDeps): ServiceSchema['actions'] {
  return {
    /** The active user with exactly this username (case as stored); pk null for an unknown or inactive one. */
    lookup: {
      params: { type: 'object', properties: { username: ENTERED }, required: ['username'], additionalProperties: false },
      async handler(ctx) {
        const { username } = ctx.params as { username: string };
        const user = await forkEm(deps).findOne(User, { username, is_active: true }, { fields: ['pk'] });
        return { pk: user?.pk ?? null };
      },
    },
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
    checkPassword: {
      params: { type: 'object', properties: { pk: INTEGER_PK, password: { type: 'string', maxLength: 1024 } }, required: ['pk', 'password'], additionalProperties: false },
      async handler(ctx) {
        const { pk, password } = ctx.params as { pk: number; password: string };
        const user = await forkEm(deps).findOne(User, { pk }, { fields: ['is_active', 'password_hash'] });
        if (!user?.is_active || !user.password_hash) return { ok: false };
        return { ok: await verifyPassword(password, user.password_hash) };
      },
    },
    /** Whether the user has a confirmed TOTP device, so a sign-in must carry a code. */
    hasMfa: {
      params: { type: 'object', properties: { pk: INTEGER_PK }, required: ['pk'], additionalProperties: false },
      async handler(ctx) {
        const { pk } = ctx.params as { pk: number };
        return { enrolled: (await forkEm(deps).count(TotpDevice, { user: pk, confirmed: true })) > 0 };
      },
    },
    /**
     * A sign-in in one call: the password, and with `mfa` (the default), for a user with a confirmed TOTP device, also
     * a code (TOTP or recovery, used up when accepted). `enrolled` says whether the user has such a device.
     */
    signIn: {
      params: {
        type: 'object', additionalProperties: false, required: ['pk', 'password'],
        properties: { pk: INTEGER_PK, password: { type: 'string', maxLength: 1024 }, code: { type: ['string', 'null'], maxLength: 1024 }, mfa: { type: 'boolean' } },
      },
      async handler(ctx) {
        const { pk, password, code, mfa = true } = ctx.params as { pk: number; password: string; code?: string | null; mfa?: boolean };
        const em = forkEm(deps);
        const [user] = await em.execute<{ is_active: boolean; password_hash: string | null; enrolled: boolean }[]>(SIGN_IN, [pk]);
        const enrolled = user?.enrolled ?? false;
        const needsCode = mfa && enrolled;
        if (!user?.is_active || !user.password_hash || (needsCode && !code)) return { ok: false, enrolled };
        if (!(await verifyPassword(password, user.password_hash))) return { ok: false, enrolled };
        if (!needsCode) return { ok: true, enrolled };
        return { ok: TOTP_CODE.test(code!) ? await verifyTotpCode(em, pk, code!) : await useStaticToken(em, pk, code!), enrolled };
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
