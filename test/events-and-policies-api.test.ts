import { describe, expect, it } from 'vitest';
import { cleanUp } from '../services/events/retention.ts';
import { eventually } from './support/bus.ts';
import { freePort } from './support/child.ts';
import { api } from './support/http.ts';
import { ADMIN_TOKEN, testConfig, usePlatform } from './support/platform.ts';

const metricsPort = await freePort();
const base = testConfig();
const ctx = usePlatform({ metricsPort, events: { ...base.events, trustedProxies: ['127.0.0.1'] } });

describe('event matcher policies API', () => {
  it('refuses a policy with nothing set, a bad address, or an unknown model, in problem+json with pointers', async () => {
    const empty = await ctx.admin.post('/policies/event_matcher/', { name: 'empty', action: null, app: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ pointer: '/', message: 'at least one of action, client_ip, app or model must be set' }]);
    const bad = await ctx.admin.post('/policies/event_matcher/', { name: 'bad', client_ip: '10.0.0.300/8', model: 'core.nothing', action: 'not_an_action' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/action']);
    const bad2 = await ctx.admin.post('/policies/event_matcher/', { name: 'bad2', client_ip: '10.0.0.300/8', model: 'core.nothing' });
    expect(bad2.body.errors.map((e: any) => e.pointer)).toEqual(['/client_ip', '/model']);
    expect((await ctx.admin.get('/policies/event_matcher/?name=empty')).body.results).toEqual([]);
  });

  it('creates, updates, tests and deletes a policy, and lists the models it may name', async () => {
    const models = (await ctx.admin.get('/admin/models/')).body.map((m: any) => m.name);
    expect(models).toEqual(expect.arrayContaining(['core.user', 'core.group', 'policies.policy', 'events.notificationrule']));
    const created = await ctx.admin.post('/policies/event_matcher/', { name: 'deletes-from-lan', action: 'model_deleted', client_ip: '192.168.0.0/16', model: 'core.user' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ action: 'model_deleted', client_ip: '192.168.0.0/16', app: null, model: 'core.user', bound_to: 0 });
    const test = (ip: string) => ctx.admin.post(`/policies/event_matcher/${created.body.pk}/test/`, { event: { action: 'model_deleted', app: 'core', client_ip: ip, context: { model: { app: 'core', model_name: 'user' } } } });
    expect((await test('192.168.4.4')).body).toEqual({ passing: true, matched: ['action', 'client_ip', 'model'], unmatched: [], messages: ['Action matched.', 'Client IP matched.', 'Model matched.'] });
    expect((await test('10.1.1.1')).body).toMatchObject({ passing: false, unmatched: ['client_ip'] });
    const patched = await ctx.admin.patch(`/policies/event_matcher/${created.body.pk}/`, { client_ip: null });
    expect(patched.body).toMatchObject({ client_ip: null, action: 'model_deleted', model: 'core.user' });
    expect((await ctx.admin.patch(`/policies/event_matcher/${created.body.pk}/`, { action: null, model: null })).status).toBe(400);
    const rule = (await ctx.admin.post('/events/rules/', { name: 'bound-rule' })).body;
    const binding = await ctx.admin.post('/policies/bindings/', { target: rule.pk, policy: created.body.pk, order: 5, negate: true });
    expect(binding.body).toMatchObject({ target: rule.pk, policy: created.body.pk, order: 5, negate: true, enabled: true, timeout: 30 });
    expect((await ctx.admin.get(`/policies/event_matcher/${created.body.pk}/`)).body.bound_to).toBe(1);
    expect((await ctx.admin.get(`/policies/bindings/?target=${rule.pk}`)).body.results).toHaveLength(1);
    expect((await ctx.admin.delete(`/policies/event_matcher/${created.body.pk}/`)).status).toBe(204);
    expect((await ctx.admin.get(`/policies/bindings/${binding.body.pk}/`)).status).toBe(404);
  });

  it('refuses a binding to a policy that does not exist', async () => {
    const res = await ctx.admin.post('/policies/bindings/', { target: '01234567-89ab-7def-8123-456789abcdef', policy: '01234567-89ab-7def-8123-456789abcdef' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ pointer: '/policy', message: 'names no policy' }]);
  });
});

describe('event log API', () => {
  it('records model changes with the client address from a trusted proxy, and filters by action, model, user and time', async () => {
    const before = new Date().toISOString();
    const res = await api(ctx.platform.baseUrl, 'POST', '/core/users/', { token: ADMIN_TOKEN, body: { username: 'logged', name: 'L' } });
    expect(res.status).toBe(201);
    const created = await fetch(`${ctx.platform.baseUrl}/core/groups/`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7, 127.0.0.1' },
      body: JSON.stringify({ name: 'proxied' }),
    });
    expect(created.status).toBe(201);
    const events = await eventually(() => ctx.admin.get(`/events/events/?model=core.group&action=model_created&created_after=${before}`), (r) => r.body.results.length === 1);
    expect(events.body.results[0]).toMatchObject({ client_ip: '198.51.100.7', user: { username: 'admin' }, context: { model: { name: 'proxied' } } });
    expect((await ctx.admin.get(`/events/events/?client_ip=198.51.100.7`)).body.results).toHaveLength(1);
    const group = (await created.json()) as { pk: string };
    expect((await ctx.admin.get(`/events/events/?model=core.group&model_pk=${group.pk}`)).body.results.map((e: any) => e.action)).toEqual(['model_created']);
    expect((await ctx.admin.get(`/events/events/?model=core.user&model_pk=${group.pk}`)).body.results).toEqual([]);
    const byUser = await ctx.admin.get(`/events/events/?username=admin&model=core.user&created_after=${before}`);
    expect(byUser.body.results.map((e: any) => e.context.model.name)).toContain('logged');
    expect((await ctx.admin.get(`/events/events/${events.body.results[0].pk}/`)).body.pk).toBe(events.body.results[0].pk);
    expect((await ctx.admin.get('/events/events/?created_before=2000-01-01T00:00:00Z')).body.results).toEqual([]);
  });

  it('lists the actions, and refuses an unknown one when recording', async () => {
    const actions = (await ctx.admin.get('/events/events/actions/')).body.map((a: any) => a.name);
    expect(actions).toEqual(expect.arrayContaining(['model_created', 'model_updated', 'model_deleted', 'login', 'login_failed', 'password_set', 'configuration_error']));
    expect((await ctx.admin.post('/events/events/', { action: 'exploded', app: 'core' })).status).toBe(400);
    expect((await ctx.admin.post('/events/events/', { action: 'custom_ok', app: 'core' })).status).toBe(201);
  });

  it('derives password_set from a password change', async () => {
    const user = (await ctx.admin.post('/core/users/', { username: 'pw-events', name: 'P' })).body;
    await ctx.admin.post(`/core/users/${user.pk}/set_password/`, { password: 'a-long-password' });
    const set = await eventually(() => ctx.admin.get(`/events/events/?action=password_set`), (r) => r.body.results.length === 1);
    expect(set.body.results[0].context.model).toMatchObject({ model_name: 'user', name: 'pw-events' });
  });
});

describe('retention', () => {
  it('deletes expired events and keeps the rest', async () => {
    const kept = (await ctx.admin.post('/events/events/', { action: 'custom_kept', app: 'core' })).body;
    const gone = (await ctx.admin.post('/events/events/', { action: 'custom_expired', app: 'core' })).body;
    await ctx.platform.orm!.em.getConnection().execute(`update events_event set expires = now() - interval '1 second' where pk = ?`, [gone.pk]);
    const removed = await cleanUp(ctx.platform.orm!);
    expect(removed.events).toBe(1);
    expect((await ctx.admin.get(`/events/events/${gone.pk}/`)).status).toBe(404);
    expect((await ctx.admin.get(`/events/events/${kept.pk}/`)).status).toBe(200);
    expect(new Date(kept.expires).getTime() - new Date(kept.created).getTime()).toBe(365 * 86_400_000);
  });
});

describe('metrics', () => {
  it('exposes the outbox backlog to Prometheus', async () => {
    const text = await eventually(async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text(), (t) => t.includes('idp_outbox_pending'));
    expect(text).toMatch(/^idp_outbox_pending\{[^}]*\} \d+/m);
    expect(text).toMatch(/^idp_outbox_lag_seconds\{[^}]*\} [\d.]+/m);
  });
});
