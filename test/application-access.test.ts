import { describe, expect, it } from 'vitest';
import type { AccessAnswer, AccessQuestion } from '../services/applications/applications.service.ts';
import { ADMIN_TOKEN, testConfig, usePlatform } from './support/platform.ts';

const ctx = usePlatform({ events: { ...testConfig().events, trustedProxies: ['127.0.0.1'] } });

let seq = 0;
const unique = (prefix: string) => `${prefix}-${++seq}`;

async function app(fields: Record<string, unknown> = {}): Promise<{ pk: string; slug: string }> {
  const slug = unique('app');
  const res = await ctx.admin.post('/core/applications/', { name: slug, slug, ...fields });
  expect(res.status).toBe(201);
  return res.body;
}

async function user(fields: Record<string, unknown> = {}): Promise<number> {
  const res = await ctx.admin.post('/core/users/', { username: unique('user'), name: 'U', ...fields });
  expect(res.status).toBe(201);
  return res.body.pk;
}

async function group(fields: Record<string, unknown> = {}): Promise<string> {
  const res = await ctx.admin.post('/core/groups/', { name: unique('group'), ...fields });
  expect(res.status).toBe(201);
  return res.body.pk;
}

async function bind(target: string, subject: Record<string, unknown>): Promise<{ pk: string }> {
  const res = await ctx.admin.post('/policies/bindings/', { target, ...subject });
  expect(res.status).toBe(201);
  return res.body;
}

async function matcher(fields: Record<string, unknown>): Promise<string> {
  const res = await ctx.admin.post('/policies/event_matcher/', { name: unique('matcher'), ...fields });
  expect(res.status).toBe(201);
  return res.body.pk;
}

const check = (question: AccessQuestion) => ctx.platform.broker.call<AccessAnswer, AccessQuestion>('applications.checkAccess', question);

async function allowed(slug: string, userPk: number, clientIp: string | null = null): Promise<boolean> {
  const answer = await check({ slug, user: userPk, clientIp });
  expect(answer.application).toBe(slug);
  return answer.allowed;
}

describe('applications.checkAccess', () => {
  it('lets every active user into an application without bindings, and nobody inactive or unknown', async () => {
    const a = await app();
    expect(await allowed(a.slug, await user())).toBe(true);
    expect(await allowed(a.slug, await user({ is_active: false }))).toBe(false);
    expect(await allowed(a.slug, 987654)).toBe(false);
  });

  it('passes a user binding for that user only, and negate inverts it', async () => {
    const a = await app();
    const [bound, other] = [await user(), await user()];
    await bind(a.pk, { user: bound });
    expect(await allowed(a.slug, bound)).toBe(true);
    expect(await allowed(a.slug, other)).toBe(false);
    const n = await app();
    await bind(n.pk, { user: bound, negate: true });
    expect(await allowed(n.slug, bound)).toBe(false);
    expect(await allowed(n.slug, other)).toBe(true);
  });

  it('passes a group binding for members of the group and of the groups below it', async () => {
    const parent = await group();
    const child = await group({ parent });
    const grandchild = await group({ parent: child });
    const sibling = await group();
    const [direct, nested, outsider] = [await user({ groups: [parent] }), await user({ groups: [grandchild] }), await user({ groups: [sibling] })];
    const a = await app();
    await bind(a.pk, { group: parent });
    expect(await allowed(a.slug, direct)).toBe(true);
    expect(await allowed(a.slug, nested)).toBe(true);
    expect(await allowed(a.slug, outsider)).toBe(false);
    const c = await app();
    await bind(c.pk, { group: child });
    expect(await allowed(c.slug, nested)).toBe(true);
    expect(await allowed(c.slug, direct)).toBe(false);
    const n = await app();
    await bind(n.pk, { group: parent, negate: true });
    expect(await allowed(n.slug, nested)).toBe(false);
    expect(await allowed(n.slug, outsider)).toBe(true);
  });

  it('evaluates a policy binding over the sign-in facts: the client address and the authorize_application action', async () => {
    const u = await user();
    const lan = await app();
    await bind(lan.pk, { policy: await matcher({ client_ip: '10.0.0.0/8' }) });
    expect(await allowed(lan.slug, u, '10.1.2.3')).toBe(true);
    expect(await allowed(lan.slug, u, '192.168.1.1')).toBe(false);
    expect(await allowed(lan.slug, u, null)).toBe(false);
    const notLan = await app();
    await bind(notLan.pk, { policy: await matcher({ client_ip: '10.0.0.0/8' }), negate: true });
    expect(await allowed(notLan.slug, u, '10.1.2.3')).toBe(false);
    expect(await allowed(notLan.slug, u, '192.168.1.1')).toBe(true);
    const signIn = await app();
    await bind(signIn.pk, { policy: await matcher({ action: 'authorize_application' }) });
    expect(await allowed(signIn.slug, u)).toBe(true);
    const deletes = await app();
    await bind(deletes.pk, { policy: await matcher({ action: 'model_deleted' }) });
    expect(await allowed(deletes.slug, u)).toBe(false);
  });

  it('fails a binding to a policy whose type is not registered', async () => {
    const u = await user();
    const [pk] = await ctx.platform.orm!.em.getConnection().execute<{ pk: string }[]>(
      `insert into policies_policy (pk, name, type, config) values (gen_random_uuid(), ?, 'not_registered', '{}') returning pk`, [unique('foreign')],
    );
    const a = await app();
    const b = await bind(a.pk, { policy: pk.pk });
    expect(await allowed(a.slug, u)).toBe(false);
    await ctx.admin.patch(`/policies/bindings/${b.pk}/`, { negate: true });
    expect(await allowed(a.slug, u)).toBe(true);
  });

  it('combines bindings with policy_engine_mode any (the default) or all, and ignores disabled ones', async () => {
    const g = await group();
    const [alone, member, both, neither] = [await user(), await user({ groups: [g] }), await user({ groups: [g] }), await user()];
    const a = await app();
    expect((await ctx.admin.get(`/core/applications/${a.slug}/`)).body.policy_engine_mode).toBe('any');
    await bind(a.pk, { user: alone });
    await bind(a.pk, { user: both });
    await bind(a.pk, { group: g });
    expect([await allowed(a.slug, alone), await allowed(a.slug, member), await allowed(a.slug, both), await allowed(a.slug, neither)]).toEqual([true, true, true, false]);
    expect((await ctx.admin.patch(`/core/applications/${a.slug}/`, { policy_engine_mode: 'all' })).body.policy_engine_mode).toBe('all');
    expect([await allowed(a.slug, alone), await allowed(a.slug, member), await allowed(a.slug, both), await allowed(a.slug, neither)]).toEqual([false, false, false, false]);
    const strict = await app({ policy_engine_mode: 'all' });
    await bind(strict.pk, { user: both });
    const off = await bind(strict.pk, { user: alone, enabled: false });
    await bind(strict.pk, { group: g });
    expect([await allowed(strict.slug, both), await allowed(strict.slug, member), await allowed(strict.slug, alone)]).toEqual([true, false, false]);
    await ctx.admin.patch(`/policies/bindings/${off.pk}/`, { enabled: true });
    expect(await allowed(strict.slug, both)).toBe(false);
    expect((await ctx.admin.post('/core/applications/', { name: 'x', slug: unique('bad-mode'), policy_engine_mode: 'some' })).body.errors[0].pointer).toBe('/policy_engine_mode');
  });

  it('finds the application by provider pk, and answers no application when nothing matches', async () => {
    const u = await user();
    const a = await app({ provider: 4242 });
    expect(await check({ provider: 4242, user: u })).toEqual({ allowed: true, application: a.slug });
    expect(await check({ provider: 4242, slug: a.slug, user: u })).toEqual({ allowed: true, application: a.slug });
    expect(await check({ provider: 4243, slug: a.slug, user: u })).toEqual({ allowed: false, application: null });
    expect(await check({ provider: 4243, user: u })).toEqual({ allowed: false, application: null });
    expect(await check({ slug: 'no-such-app', user: u })).toEqual({ allowed: false, application: null });
    expect(await check({ user: u })).toEqual({ allowed: false, application: null });
    await bind(a.pk, { user: await user() });
    expect(await check({ provider: 4242, user: u })).toEqual({ allowed: false, application: a.slug });
  });
});

describe('GET /core/applications/{slug}/check_access/', () => {
  it('answers passing and messages for for_user, or the caller, with the caller address', async () => {
    const a = await app();
    const [bound, other] = [await user(), await user()];
    await bind(a.pk, { user: bound });
    expect((await ctx.admin.get(`/core/applications/${a.slug}/check_access/?for_user=${bound}`)).body).toEqual({ passing: true, messages: [] });
    expect((await ctx.admin.get(`/core/applications/${a.slug}/check_access/?for_user=${other}`)).body).toEqual({ passing: false, messages: [] });
    expect((await ctx.admin.get(`/core/applications/${a.slug}/check_access/`)).body).toEqual({ passing: false, messages: [] });
    const open = await app();
    expect((await ctx.admin.get(`/core/applications/${open.slug}/check_access/`)).body).toEqual({ passing: true, messages: [] });

    const lan = await app();
    await bind(lan.pk, { policy: await matcher({ client_ip: '203.0.113.0/24' }) });
    const from = async (ip: string) => {
      const res = await fetch(`${ctx.platform.baseUrl}/core/applications/${lan.slug}/check_access/?for_user=${bound}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-forwarded-for': `${ip}, 127.0.0.1` } });
      return ((await res.json()) as { passing: boolean }).passing;
    };
    expect(await from('203.0.113.9')).toBe(true);
    expect(await from('198.51.100.9')).toBe(false);
  });

  it('refuses an unknown user or application, a bad for_user, and callers who are not superusers', async () => {
    const a = await app();
    const unknown = await ctx.admin.get(`/core/applications/${a.slug}/check_access/?for_user=987654`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ pointer: '/for_user', message: 'names no user' }]);
    const bad = await ctx.admin.get(`/core/applications/${a.slug}/check_access/?for_user=abc`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toBe('/for_user');
    expect((await ctx.admin.get(`/core/applications/no-such-app/check_access/`)).status).toBe(404);
    expect((await fetch(`${ctx.platform.baseUrl}/core/applications/${a.slug}/check_access/`)).status).toBe(401);
  });
});

describe('bindings of groups and users', () => {
  it('serialises policy, group and user, and filters by them', async () => {
    const a = await app();
    const [g, u, p] = [await group(), await user(), await matcher({ client_ip: '10.0.0.0/8' })];
    const byGroup = await bind(a.pk, { group: g, order: 1 });
    const byUser = await bind(a.pk, { user: u, order: 2 });
    const byPolicy = await bind(a.pk, { policy: p, order: 3 });
    expect(byGroup).toMatchObject({ target: a.pk, policy: null, group: g, user: null, order: 1, negate: false, enabled: true, timeout: 30 });
    expect(byUser).toMatchObject({ policy: null, group: null, user: u });
    expect(byPolicy).toMatchObject({ policy: p, group: null, user: null });
    expect((await ctx.admin.get(`/policies/bindings/?target=${a.pk}`)).body.results.map((b: any) => b.pk)).toEqual([byGroup.pk, byUser.pk, byPolicy.pk]);
    expect((await ctx.admin.get(`/policies/bindings/?group=${g}`)).body.results.map((b: any) => b.pk)).toEqual([byGroup.pk]);
    expect((await ctx.admin.get(`/policies/bindings/?user=${u}`)).body.results.map((b: any) => b.pk)).toEqual([byUser.pk]);
    const g2 = await group();
    const moved = await ctx.admin.patch(`/policies/bindings/${byUser.pk}/`, { user: null, group: g2 });
    expect(moved.body).toMatchObject({ policy: null, group: g2, user: null, order: 2 });
    const duplicate = await ctx.admin.patch(`/policies/bindings/${byUser.pk}/`, { group: g });
    expect([duplicate.status, duplicate.body.code]).toEqual([409, 'conflict']);
    const replaced = await ctx.admin.put(`/policies/bindings/${byUser.pk}/`, { target: a.pk, user: u });
    expect(replaced.body).toMatchObject({ policy: null, group: null, user: u, order: 0 });
  });

  it('refuses a body that binds none or more than one of policy, group and user, or names nothing, with pointers', async () => {
    const a = await app();
    const [g, u, p] = [await group(), await user(), await matcher({ client_ip: '10.0.0.0/8' })];
    const none = await ctx.admin.post('/policies/bindings/', { target: a.pk });
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([{ pointer: '/', message: 'one of policy, group or user must be set' }]);
    const nulls = await ctx.admin.post('/policies/bindings/', { target: a.pk, policy: null, group: null });
    expect(nulls.body.errors).toEqual([{ pointer: '/', message: 'one of policy, group or user must be set' }]);
    const two = await ctx.admin.post('/policies/bindings/', { target: a.pk, policy: p, group: g });
    expect(two.status).toBe(400);
    expect(two.body.errors).toEqual([{ pointer: '/policy', message: 'only one of policy, group or user may be set' }, { pointer: '/group', message: 'only one of policy, group or user may be set' }]);
    const three = await ctx.admin.post('/policies/bindings/', { target: a.pk, policy: p, group: g, user: u });
    expect(three.body.errors.map((e: any) => e.pointer)).toEqual(['/policy', '/group', '/user']);
    const b = await bind(a.pk, { user: u });
    const added = await ctx.admin.patch(`/policies/bindings/${b.pk}/`, { group: g });
    expect(added.status).toBe(400);
    expect(added.body.errors).toEqual([{ pointer: '/group', message: 'only one of policy, group or user may be set' }]);
    expect((await ctx.admin.patch(`/policies/bindings/${b.pk}/`, { user: null })).body.errors).toEqual([{ pointer: '/', message: 'one of policy, group or user must be set' }]);
    expect((await ctx.admin.post('/policies/bindings/', { target: a.pk, group: '01234567-89ab-7def-8123-456789abcdef' })).body.errors).toEqual([{ pointer: '/group', message: 'names no group' }]);
    expect((await ctx.admin.post('/policies/bindings/', { target: a.pk, user: 987654 })).body.errors).toEqual([{ pointer: '/user', message: 'names no user' }]);
    expect((await ctx.admin.post('/policies/bindings/', { target: a.pk, user: 'me' })).body.errors[0].pointer).toBe('/user');
    expect((await ctx.admin.get(`/policies/bindings/${b.pk}/`)).body).toMatchObject({ user: u, group: null, policy: null });
    expect((await ctx.admin.get(`/policies/bindings/?target=${a.pk}`)).body.results).toHaveLength(1);
  });

  it('goes with the group or user it binds', async () => {
    const a = await app();
    const [g, u] = [await group(), await user()];
    const byGroup = await bind(a.pk, { group: g });
    const byUser = await bind(a.pk, { user: u });
    expect((await ctx.admin.delete(`/core/groups/${g}/`)).status).toBe(204);
    expect((await ctx.admin.get(`/policies/bindings/${byGroup.pk}/`)).status).toBe(404);
    expect((await ctx.admin.delete(`/core/users/${u}/`)).status).toBe(204);
    expect((await ctx.admin.get(`/policies/bindings/${byUser.pk}/`)).status).toBe(404);
    expect((await ctx.admin.get(`/policies/bindings/?target=${a.pk}`)).body.results).toEqual([]);
    expect(await allowed(a.slug, await user())).toBe(true);
  });
});
