import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from '../moleculer.config.ts';
import { hashKey } from '../services/kernel/secrets.ts';
import { base32Decode, hotp, timeStep } from '../services/users/totp.ts';
import { query } from './support/database.ts';
import { usePlatform } from './support/platform.ts';

const ctx = usePlatform();

/** Waits, when need be, until the current 30 s step has at least 5 s left, so codes computed now stay valid meanwhile. */
async function freshStep(): Promise<number> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
  return timeStep(Date.now(), 30);
}

const codeAt = (secret: string, step: number) => hotp(base32Decode(secret), step, 6);

async function newUser(username: string): Promise<number> {
  const res = await ctx.admin.post('/core/users/', { username, name: username });
  expect(res.status).toBe(201);
  return res.body.pk;
}

/** A user with a device confirmed at `step - 1`, so the codes of `step` and `step + 1` are still unused. */
async function userWithDevice(username: string, step: number): Promise<{ pk: number; secret: string; device: string }> {
  const pk = await newUser(username);
  const enrolled = await ctx.admin.post(`/core/users/${pk}/totp/`, {});
  const confirmed = await ctx.admin.post(`/core/users/${pk}/totp/${enrolled.body.pk}/confirm/`, { code: codeAt(enrolled.body.secret, step - 1) });
  expect(confirmed.status).toBe(200);
  return { pk, secret: enrolled.body.secret, device: enrolled.body.pk };
}

const verify = (pk: number, code: string) => ctx.platform.broker.call('users.verifyMfaCode', { pk, code }) as Promise<{ ok: boolean }>;
/** The password alone (a second factor not asked): whether it holds, and whether the user has a confirmed TOTP device. */
const signIn = (pk: number, password: string) => ctx.platform.broker.call('users.signIn', { pk, password, mfa: false }) as Promise<{ ok: boolean; enrolled: boolean }>;
const checkPassword = async (pk: number, password: string) => ({ ok: (await signIn(pk, password)).ok });
const outboxSize = async () => Number((await query<{ n: string }>(ctx.platform.databaseUrl, `select count(*) n from event_outbox`))[0].n);

describe('TOTP devices over REST', () => {
  it('enrols a device, shows its secret once and confirms it with a current code', async () => {
    const pk = await newUser('totp-alice');
    const outbox = await outboxSize();
    const enrolled = await ctx.admin.post(`/core/users/${pk}/totp/`, { name: 'phone' });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toMatchObject({ name: 'phone', confirmed: false, secret: expect.stringMatching(/^[A-Z2-7]{32}$/) });
    const { secret } = enrolled.body;
    expect(enrolled.body.config_url).toBe(`otpauth://totp/idp-core:totp-alice?secret=${secret}&issuer=idp-core&digits=6&period=30&algorithm=SHA1`);
    const [row] = await query<{ secret: string; confirmed: boolean }>(ctx.platform.databaseUrl, `select secret, confirmed from authenticators_totp_device where pk = $1`, [enrolled.body.pk]);
    expect(row).toEqual({ secret, confirmed: false });

    const step = await freshStep();
    const wrong = await ctx.admin.post(`/core/users/${pk}/totp/${enrolled.body.pk}/confirm/`, { code: codeAt(secret, step + 3) });
    expect(wrong.status).toBe(400);
    expect(wrong.type).toContain('application/problem+json');
    expect(wrong.body).toMatchObject({ code: 'invalid_mfa_code', type: 'urn:idp:error:invalid_mfa_code', errors: [{ pointer: '/code', message: 'does not match the device' }] });
    const malformed = await ctx.admin.post(`/core/users/${pk}/totp/${enrolled.body.pk}/confirm/`, { code: '12a456' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('invalid_request');

    const confirmed = await ctx.admin.post(`/core/users/${pk}/totp/${enrolled.body.pk}/confirm/`, { code: codeAt(secret, step) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ pk: enrolled.body.pk, name: 'phone', confirmed: true, created: enrolled.body.created });
    expect((await verify(pk, codeAt(secret, step))).ok).toBe(false);
    expect(await outboxSize()).toBe(outbox);
  });

  it('lists devices without their secrets and deletes them', async () => {
    const pk = await newUser('totp-bob');
    expect((await ctx.admin.post(`/core/users/${pk}/totp/`)).body.errors).toEqual([{ pointer: '/', message: 'must be object' }]);
    const first = await ctx.admin.post(`/core/users/${pk}/totp/`, {});
    expect(first.status).toBe(201);
    expect(first.body.name).toBe('TOTP');
    const second = await ctx.admin.post(`/core/users/${pk}/totp/`, { name: 'backup phone' });
    const listed = await ctx.admin.get(`/core/users/${pk}/totp/`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      { pk: first.body.pk, name: 'TOTP', confirmed: false, created: first.body.created },
      { pk: second.body.pk, name: 'backup phone', confirmed: false, created: second.body.created },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(first.body.secret);

    const outbox = await outboxSize();
    expect((await ctx.admin.delete(`/core/users/${pk}/totp/${first.body.pk}/`)).status).toBe(204);
    expect((await ctx.admin.get(`/core/users/${pk}/totp/`)).body.map((d: { pk: string }) => d.pk)).toEqual([second.body.pk]);
    expect((await ctx.admin.delete(`/core/users/${pk}/totp/${first.body.pk}/`)).status).toBe(404);
    expect(await outboxSize()).toBe(outbox);
  });

  it('answers 404 for unknown users and for devices of another user', async () => {
    const owner = await newUser('totp-owner');
    const other = await newUser('totp-other');
    const device = (await ctx.admin.post(`/core/users/${owner}/totp/`, {})).body.pk;
    expect((await ctx.admin.post(`/core/users/${other}/totp/${device}/confirm/`, { code: '123456' })).status).toBe(404);
    expect((await ctx.admin.delete(`/core/users/${other}/totp/${device}/`)).status).toBe(404);
    expect((await ctx.admin.get('/core/users/999999/totp/')).status).toBe(404);
    expect((await ctx.admin.post('/core/users/999999/totp/', {})).status).toBe(404);
    expect((await ctx.admin.post(`/core/users/${owner}/totp/not-a-uuid/confirm/`, { code: '123456' })).status).toBe(404);
  });

  it('refuses an empty or overlong name and unknown fields', async () => {
    const pk = await newUser('totp-names');
    for (const body of [{ name: '  ' }, { name: 'x'.repeat(65) }, { secret: 'JBSWY3DPEHPK3PXP' }]) {
      const res = await ctx.admin.post(`/core/users/${pk}/totp/`, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_request');
    }
  });
});

describe('recovery codes over REST', () => {
  it('makes single-use codes, stores only their hashes and replaces the unused ones', async () => {
    const pk = await newUser('static-carol');
    const outbox = await outboxSize();
    const made = await ctx.admin.post(`/core/users/${pk}/static_tokens/`, {});
    expect(made.status).toBe(201);
    const tokens: string[] = made.body.tokens;
    expect(tokens).toHaveLength(10);
    expect(new Set(tokens).size).toBe(10);
    for (const t of tokens) expect(t).toMatch(/^[a-z0-9]{8}$/);
    const rows = await query<{ token_hash: string }>(ctx.platform.databaseUrl, `select token_hash from authenticators_static_token where user_pk = $1`, [pk]);
    expect(rows.map((r) => r.token_hash).sort()).toEqual(tokens.map(hashKey).sort());
    expect((await ctx.admin.get(`/core/users/${pk}/static_tokens/`)).body).toEqual({ remaining: 10 });

    expect(await verify(pk, tokens[0])).toEqual({ ok: true });
    expect(await verify(pk, tokens[0])).toEqual({ ok: false });
    expect(await verify(pk, tokens[1].toUpperCase())).toEqual({ ok: true });
    expect((await ctx.admin.get(`/core/users/${pk}/static_tokens/`)).body).toEqual({ remaining: 8 });

    const replaced = await ctx.admin.post(`/core/users/${pk}/static_tokens/`, { count: 3 });
    expect(replaced.body.tokens).toHaveLength(3);
    expect((await ctx.admin.get(`/core/users/${pk}/static_tokens/`)).body).toEqual({ remaining: 3 });
    expect(await verify(pk, tokens[2])).toEqual({ ok: false });
    expect(await verify(pk, replaced.body.tokens[0])).toEqual({ ok: true });
    expect(await outboxSize()).toBe(outbox);
  });

  it('refuses counts outside 1 to 20 and unknown users', async () => {
    const pk = await newUser('static-limits');
    for (const count of [0, 21, 2.5]) expect((await ctx.admin.post(`/core/users/${pk}/static_tokens/`, { count })).status).toBe(400);
    expect((await ctx.admin.post(`/core/users/${pk}/static_tokens/`, { count: 20 })).body.tokens).toHaveLength(20);
    expect((await ctx.admin.get('/core/users/999999/static_tokens/')).status).toBe(404);
  });
});

describe('users.verifyMfaCode', () => {
  it('accepts a current code once and refuses its replay', async () => {
    const step = await freshStep();
    const { pk, secret } = await userWithDevice('verify-dave', step);
    expect(await verify(pk, codeAt(secret, step))).toEqual({ ok: true });
    expect(await verify(pk, codeAt(secret, step))).toEqual({ ok: false });
    expect(await verify(pk, codeAt(secret, step - 1))).toEqual({ ok: false });
    expect(await verify(pk, codeAt(secret, step + 1))).toEqual({ ok: true });
    const [row] = await query<{ last_counter: string }>(ctx.platform.databaseUrl, `select last_counter from authenticators_totp_device where user_pk = $1`, [pk]);
    expect(Number(row.last_counter)).toBe(step + 1);
  });

  it("refuses another user's code, unconfirmed and deleted devices, inactive users and wrong lengths", async () => {
    const step = await freshStep();
    const erin = await userWithDevice('verify-erin', step);
    const frank = await userWithDevice('verify-frank', step);
    expect(await verify(frank.pk, codeAt(erin.secret, step))).toEqual({ ok: false });

    const unconfirmed = await ctx.admin.post(`/core/users/${frank.pk}/totp/`, {});
    expect(await verify(frank.pk, codeAt(unconfirmed.body.secret, step))).toEqual({ ok: false });

    await ctx.admin.patch(`/core/users/${erin.pk}/`, { is_active: false });
    expect(await verify(erin.pk, codeAt(erin.secret, step))).toEqual({ ok: false });
    await ctx.admin.patch(`/core/users/${erin.pk}/`, { is_active: true });
    expect(await verify(erin.pk, codeAt(erin.secret, step))).toEqual({ ok: true });

    await ctx.admin.delete(`/core/users/${frank.pk}/totp/${frank.device}/`);
    expect(await verify(frank.pk, codeAt(frank.secret, step))).toEqual({ ok: false });

    const code = codeAt(erin.secret, step + 1);
    for (const wrong of ['', code.slice(1), `${code}1`, `${code}12`, `${code}123`, 'abcdefg', 'abc-def1', 'x'.repeat(64)]) {
      expect(await verify(erin.pk, wrong), JSON.stringify(wrong)).toEqual({ ok: false });
    }
    expect(await verify(999999, code)).toEqual({ ok: false });
    expect(await verify(erin.pk, code)).toEqual({ ok: true });
  });

  it('tells whether a user has a confirmed TOTP device', async () => {
    const hasMfa = async (pk: number) => ({ enrolled: (await signIn(pk, 'any password')).enrolled });
    const pk = await newUser('has-mfa');
    expect(await hasMfa(pk)).toEqual({ enrolled: false });
    const enrolled = await ctx.admin.post(`/core/users/${pk}/totp/`, {});
    await ctx.admin.post(`/core/users/${pk}/static_tokens/`, {});
    expect(await hasMfa(pk)).toEqual({ enrolled: false });
    const step = await freshStep();
    await ctx.admin.post(`/core/users/${pk}/totp/${enrolled.body.pk}/confirm/`, { code: codeAt(enrolled.body.secret, step) });
    expect(await hasMfa(pk)).toEqual({ enrolled: true });
    await ctx.admin.delete(`/core/users/${pk}/totp/${enrolled.body.pk}/`);
    expect(await hasMfa(pk)).toEqual({ enrolled: false });
  });

  it('lets exactly one of several concurrent uses of a code through', async () => {
    const step = await freshStep();
    const { pk, secret } = await userWithDevice('verify-racer', step);
    const results = await Promise.all(Array.from({ length: 8 }, () => verify(pk, codeAt(secret, step))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);

    const [token] = (await ctx.admin.post(`/core/users/${pk}/static_tokens/`, { count: 1 })).body.tokens;
    const uses = await Promise.all(Array.from({ length: 8 }, () => verify(pk, token)));
    expect(uses.filter((r) => r.ok)).toHaveLength(1);
  });

  it('refuses params that are not a pk and a string', async () => {
    const call = async (params: object) => ctx.platform.broker.call('users.verifyMfaCode', params);
    await expect(call({ pk: 'x', code: '123456' })).rejects.toMatchObject({ type: 'invalid_request' });
    await expect(call({ pk: 1 })).rejects.toMatchObject({ type: 'invalid_request' });
    await expect(call({ pk: 1, code: 123456 })).rejects.toMatchObject({ type: 'invalid_request' });
  });

  it('keeps a code param out of the logs', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    logger.info({ data: { pk: 7, code: '123456' } }, 'Params:');
    logger.info({ params: { pk: 7, code: '654321' } }, 'call');
    logger.info({ ctx: { params: { pk: 7, code: 'abcd1234' } } }, 'call');
    logger.info({ err: { code: 'ECONNREFUSED' } }, 'failed');
    const text = lines.join('');
    for (const secret of ['123456', '654321', 'abcd1234']) expect(text).not.toContain(secret);
    expect(text).toContain('ECONNREFUSED');
  });
});

describe('deleting a user', () => {
  it('deletes its devices and recovery codes with it', async () => {
    const pk = await newUser('doomed-user');
    await ctx.admin.post(`/core/users/${pk}/totp/`, {});
    await ctx.admin.post(`/core/users/${pk}/static_tokens/`, { count: 2 });
    expect((await ctx.admin.delete(`/core/users/${pk}/`)).status).toBe(204);
    const [row] = await query<{ devices: string; tokens: string }>(ctx.platform.databaseUrl, `select
      (select count(*) from authenticators_totp_device where user_pk = $1) devices, (select count(*) from authenticators_static_token where user_pk = $1) tokens`, [pk]);
    expect(row).toEqual({ devices: '0', tokens: '0' });
  });
});

describe('users.signIn without a second factor', () => {
  it('accepts the right password of an active user only', async () => {
    const pk = await newUser('password-grace');
    expect(await checkPassword(pk, 'anything-at-all')).toEqual({ ok: false });
    expect((await ctx.admin.post(`/core/users/${pk}/set_password/`, { password: 'correct horse battery' })).status).toBe(204);
    expect(await checkPassword(pk, 'correct horse battery')).toEqual({ ok: true });
    expect(await checkPassword(pk, 'correct horse battery ')).toEqual({ ok: false });
    expect(await checkPassword(pk, '')).toEqual({ ok: false });
    await ctx.admin.patch(`/core/users/${pk}/`, { is_active: false });
    expect(await checkPassword(pk, 'correct horse battery')).toEqual({ ok: false });
    expect(await checkPassword(999999, 'correct horse battery')).toEqual({ ok: false });
  });
});
