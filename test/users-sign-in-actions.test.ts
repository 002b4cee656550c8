import { describe, expect, it } from 'vitest';
import { hostIdentity } from '../services/servers/identity.ts';
import { usePlatform } from './support/platform.ts';

const ctx = usePlatform();

const signIn = (username: string, password: string) => ctx.platform.broker.call('users.signIn', { username, password, mfa: false }) as Promise<{ ok: boolean; enrolled: boolean; pk: number | null }>;
const appPassword = (username: string, key: string) => ctx.platform.broker.call('users.appPassword', { username, key }) as Promise<{ pk: number | null }>;

async function newUser(username: string, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await ctx.admin.post('/core/users/', { username, name: username, ...extra });
  expect(res.status).toBe(201);
  return res.body.pk;
}

/** A new token of the user, made by the admin; returns its key. */
async function newToken(user: number, identifier: string, spec: { intent: string; expires?: string }): Promise<string> {
  const res = await ctx.admin.post('/core/tokens/', { identifier, user, ...spec });
  expect(res.status).toBe(201);
  return res.body.key;
}

describe('users.signIn by username', () => {
  it('signs in the active user with exactly this username and says who it is', async () => {
    const pk = await newUser('Lookup.Known');
    expect((await ctx.admin.post(`/core/users/${pk}/set_password/`, { password: 'known-password-1' })).status).toBe(204);
    const inactive = await newUser('lookup-inactive', { is_active: false });
    expect((await ctx.admin.post(`/core/users/${inactive}/set_password/`, { password: 'known-password-1' })).status).toBe(204);
    expect(await signIn('Lookup.Known', 'known-password-1')).toEqual({ ok: true, enrolled: false, pk });
    expect(await signIn('Lookup.Known', 'wrong-password')).toEqual({ ok: false, enrolled: false, pk });
    for (const other of ['lookup.known', 'LOOKUP.KNOWN', 'Lookup.Known ', 'lookup-unknown', 'lookup-inactive', '']) {
      expect(await signIn(other, 'known-password-1'), other).toEqual({ ok: false, enrolled: false, pk: null });
    }
  });

  it('refuses params that are not strings of a bounded length', async () => {
    const call = async (action: string, params: object) => ctx.platform.broker.call(action, params);
    await expect(call('users.signIn', { password: 'x' })).rejects.toMatchObject({ type: 'invalid_request' });
    await expect(call('users.signIn', { pk: 1, username: 'x', password: 'x' })).rejects.toMatchObject({ type: 'invalid_request' });
    await expect(call('users.signIn', { username: 1, password: 'x' })).rejects.toMatchObject({ type: 'invalid_request' });
    await expect(call('users.signIn', { username: 'x', password: 'x', extra: true })).rejects.toMatchObject({ type: 'invalid_request' });
    await expect(call('users.signIn', { username: 'x'.repeat(1025), password: 'x' })).rejects.toMatchObject({ type: 'invalid_request' });
    await expect(call('users.appPassword', { username: 'x' })).rejects.toMatchObject({ type: 'invalid_request' });
    await expect(call('users.appPassword', { username: 'x', key: null })).rejects.toMatchObject({ type: 'invalid_request' });
  });
});

describe('users.appPassword', () => {
  it('accepts an unexpired app password of this user only', async () => {
    const pk = await newUser('app-owner');
    const other = await newUser('app-other');
    const key = await newToken(pk, 'app-owner-pw', { intent: 'app_password' });
    const otherKey = await newToken(other, 'app-other-pw', { intent: 'app_password' });
    const expired = await newToken(pk, 'app-owner-old', { intent: 'app_password', expires: new Date(Date.now() - 1000).toISOString() });
    const api = await newToken(pk, 'app-owner-api', { intent: 'api' });

    expect(await appPassword('app-owner', key)).toEqual({ pk });
    expect(await appPassword('app-owner', `${key}x`)).toEqual({ pk: null });
    expect(await appPassword('app-owner', 'not-a-key')).toEqual({ pk: null });
    expect(await appPassword('app-owner', '')).toEqual({ pk: null });
    expect(await appPassword('app-owner', expired)).toEqual({ pk: null });
    expect(await appPassword('app-owner', otherKey)).toEqual({ pk: null });
    expect(await appPassword('app-other', key)).toEqual({ pk: null });
    expect(await appPassword('app-other', otherKey)).toEqual({ pk: other });
    expect(await appPassword('app-owner', api)).toEqual({ pk: null });
    expect(await appPassword('APP-OWNER', key)).toEqual({ pk: null });
    expect(await appPassword('app-unknown', key)).toEqual({ pk: null });
  });

  it('accepts a non-expiring app password and refuses one of an inactive user', async () => {
    const pk = await newUser('app-lasting');
    const key = await newToken(pk, 'app-lasting-pw', { intent: 'app_password' });
    expect((await ctx.admin.patch('/core/tokens/app-lasting-pw/', { expiring: false, expires: new Date(Date.now() - 1000).toISOString() })).status).toBe(200);
    expect(await appPassword('app-lasting', key)).toEqual({ pk });
    expect((await ctx.admin.patch(`/core/users/${pk}/`, { is_active: false })).status).toBe(200);
    expect(await appPassword('app-lasting', key)).toEqual({ pk: null });
  });
});

describe("the host's identity for servers", () => {
  it('signs users in by username, checks app passwords and second-factor codes through the users service', async () => {
    const identity = hostIdentity(ctx.platform.broker, 'test', ctx.platform.broker.getLogger('identity-test'));
    const pk = await newUser('identity-user');
    const key = await newToken(pk, 'identity-user-pw', { intent: 'app_password' });
    const codes = await ctx.admin.post(`/core/users/${pk}/static_tokens/`, { count: 1 });
    expect(codes.status).toBe(201);
    const [code] = codes.body.tokens as string[];

    expect(await identity.authenticate('Identity-User', { password: 'x', mfa: false })).toEqual({ ok: false, enrolled: false, pk: null });
    expect(await identity.appPassword('identity-user', key)).toBe(pk);
    expect(await identity.appPassword('identity-user', 'wrong')).toBeNull();
    expect(await identity.verifyCode(pk, 'ABCDEFGH')).toBe(false);
    expect(await identity.verifyCode(pk, code)).toBe(true);
    expect(await identity.verifyCode(pk, code)).toBe(false);
  });
});
