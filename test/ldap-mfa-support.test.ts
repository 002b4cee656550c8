import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from 'ldapts';
import { base32Decode, hotp, timeStep } from '../services/users/totp.ts';
import { ldapAddresses, ldapClient, ldapUrl, makeLdapProvider, makeUser, resultCode, retry, type LdapAddresses } from './support/ldap.ts';
import { usePlatform } from './support/platform.ts';

const MFA = 'dc=mfa,dc=test';
const PLAIN = 'dc=nomfa,dc=test';
const dn = (username: string, base = MFA) => `cn=${username},ou=users,${base}`;
const codeAt = (secret: string, step: number) => hotp(base32Decode(secret), step, 6);
const now = () => timeStep(Date.now(), 30);

describe('LDAP binds with mfa_support', () => {
  const ctx = usePlatform();
  let addresses: LdapAddresses;
  let otto: { pk: number; secret: string };
  const clients: Client[] = [];
  const bind = (name: string, password: string) => {
    const c = ldapClient(ldapUrl(addresses));
    clients.push(c);
    return resultCode(c.bind(name, password));
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.unbind().catch(() => undefined)));
  });

  /**
   * A user served by the directory (its password binds), then given a TOTP device confirmed with the code of the step
   * before now, so the current code is still unused.
   */
  async function userWithDevice(username: string, password: string): Promise<{ pk: number; secret: string }> {
    const pk = await makeUser(ctx.admin, username, password);
    await retry(async () => expect(await bind(dn(username), password)).toBe(0));
    const enrolled = await ctx.admin.post(`/core/users/${pk}/totp/`, {});
    expect(enrolled.status).toBe(201);
    const confirmed = await ctx.admin.post(`/core/users/${pk}/totp/${enrolled.body.pk}/confirm/`, { code: codeAt(enrolled.body.secret, now() - 1) });
    expect(confirmed.status).toBe(200);
    return { pk, secret: enrolled.body.secret };
  }

  it('takes a password with semicolons and no code whole, for a user without a device', async () => {
    addresses = await ldapAddresses(ctx.platform);
    await makeLdapProvider(ctx.admin, 'MFA LDAP', { base_dn: MFA });
    await makeUser(ctx.admin, 'semi', 'pa;ss;word');
    await retry(async () => expect(await bind(dn('semi'), 'pa;ss;word')).toBe(0));
    expect(await bind(dn('semi'), 'pa;ss')).toBe(49);
    expect(await bind(dn('semi'), 'pa')).toBe(49);
  });

  it('keeps a 7-digit suffix in the password; for a user without a device, a 6-digit one may end the password or be an unchecked code, as authentik has it', async () => {
    await makeUser(ctx.admin, 'seven', 'secret;1234567');
    await makeUser(ctx.admin, 'six', 'secret;123456');
    await retry(async () => expect(await bind(dn('seven'), 'secret;1234567')).toBe(0));
    expect(await bind(dn('seven'), 'secret')).toBe(49);
    await retry(async () => expect(await bind(dn('six'), 'secret;123456')).toBe(0));
    expect(await bind(dn('six'), 'secret')).toBe(49);
    await makeUser(ctx.admin, 'nodev', 'nodev-password-1');
    await retry(async () => expect(await bind(dn('nodev'), 'nodev-password-1')).toBe(0));
    expect(await bind(dn('nodev'), 'nodev-password-1;123456')).toBe(0);
    expect(await bind(dn('nodev'), 'nodev-password-2;123456')).toBe(49);
  });

  it('asks a user with a TOTP device for a right, unused code', async () => {
    otto = await userWithDevice('otto', 'otto-password-1');
    const { secret } = otto;
    expect(await bind(dn('otto'), 'otto-password-1')).toBe(49);
    const step = now();
    const valid = new Set([-1, 0, 1, 2].map((d) => codeAt(secret, step + d)));
    const wrong = Array.from({ length: 10 }, (_, i) => String(i).repeat(6)).find((c) => !valid.has(c))!;
    expect(await bind(dn('otto'), `otto-password-1;${wrong}`)).toBe(49);
    const code = codeAt(secret, now());
    expect(await bind(dn('otto'), `wrong-password;${code}`)).toBe(49);
    expect(await bind(dn('otto'), `otto-password-1;${code}`)).toBe(0);
    expect(await bind(dn('otto'), `otto-password-1;${code}`)).toBe(49);
  });

  it('accepts each 8-character recovery code once, in any case', async () => {
    const { pk } = otto;
    const made = await ctx.admin.post(`/core/users/${pk}/static_tokens/`, { count: 2 });
    expect(made.status).toBe(201);
    const [first, second] = made.body.tokens as string[];
    expect(await bind(dn('otto'), `otto-password-1;${first}`)).toBe(0);
    expect(await bind(dn('otto'), `otto-password-1;${first}`)).toBe(49);
    expect(await bind(dn('otto'), `otto-password-1;${second.toUpperCase()}`)).toBe(0);
    expect((await ctx.admin.get(`/core/users/${pk}/static_tokens/`)).body).toEqual({ remaining: 0 });
  });

  it('splits at the last semicolon: a password with semicolons and a 7-digit part, then the code', async () => {
    const { secret } = await userWithDevice('tina', 'tina;pass;1234567');
    expect(await bind(dn('tina'), 'tina;pass;1234567')).toBe(49);
    expect(await bind(dn('tina'), `tina;pass;1234567;${codeAt(secret, now())}`)).toBe(0);
  });

  it('with mfa_support off, checks only the password: a suffix is part of it and no code is asked even with a device', async () => {
    await makeLdapProvider(ctx.admin, 'Plain LDAP', { base_dn: PLAIN, mfa_support: false });
    const { secret } = await userWithDevice('nora', 'nora-password-1');
    await makeUser(ctx.admin, 'pat', 'pat-password;123456');
    await retry(async () => expect(await bind(dn('nora', PLAIN), 'nora-password-1')).toBe(0));
    const code = codeAt(secret, now());
    expect(await bind(dn('nora', PLAIN), `nora-password-1;${code}`)).toBe(49);
    expect(await bind(dn('pat', PLAIN), 'pat-password;123456')).toBe(0);
    expect(await bind(dn('pat', PLAIN), 'pat-password')).toBe(49);
    expect(await bind(dn('nora'), 'nora-password-1')).toBe(49);
    expect(await bind(dn('nora'), `nora-password-1;${code}`)).toBe(0);
  });
});
