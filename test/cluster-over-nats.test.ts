import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../services/platform.ts';
import { runIdp, waitFor, type Child } from './support/child.ts';
import { createTestDatabase, query } from './support/database.ts';
import { eventually } from './support/bus.ts';
import { client } from './support/http.ts';
import { webhookRule } from './support/rules.ts';
import { startReceiver } from './support/webhook-receiver.ts';
import { gatewayUrl, testConfig } from './support/platform.ts';

const NATS = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const TOKEN = 'cluster-bootstrap-token-0123456789';
const namespace = `idp-test-${randomBytes(4).toString('hex')}`;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let services: Child;
let gateway: Platform;
let admin: ReturnType<typeof client>;

beforeAll(async () => {
  db = await createTestDatabase();
  services = runIdp(['start'], { TRANSPORTER: NATS, NAMESPACE: namespace, DATABASE_URL: db.url, SERVICES: 'users,groups,applications,events,policies,providers,sources', IDP_BOOTSTRAP_TOKEN: TOKEN });
  gateway = await startPlatform(testConfig({ transporter: NATS, namespace, services: ['api'], bootstrap: { token: undefined, password: undefined, email: undefined } }));
  await waitFor(gatewayUrl(gateway).replace('/api/v3', '/health/ready'), services);
  admin = client(gatewayUrl(gateway), TOKEN);
});
afterAll(async () => {
  await gateway?.stop();
  await services?.stop();
  await db?.drop();
});

describe('gateway and domain services in separate processes over NATS', () => {
  it('hosts no database in the gateway process', () => {
    expect(gateway.orm).toBeNull();
    expect(gateway.broker.getLocalService('users')).toBeFalsy();
  });

  it('is ready without an oauth2 service, and answers its paths with 503 problem JSON until one runs', async () => {
    const res = await fetch(`${new URL(gatewayUrl(gateway)).origin}/application/o/any/.well-known/openid-configuration`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { code: string }).code).toBe('unavailable');
  });

  it('serves users and groups through the remote services', async () => {
    const user = await admin.post('/core/users/', { username: 'remote-user', name: 'R' });
    expect(user.status).toBe(201);
    const group = await admin.post('/core/groups/', { name: 'remote-group', users: [user.body.pk] });
    expect(group.status).toBe(201);
    expect((await admin.get(`/core/users/${user.body.pk}/`)).body.groups).toEqual([group.body.pk]);
    const [row] = await query<{ n: string }>(db.url, `select count(*) n from event_outbox where type in ('user.created', 'group.created', 'group.membership.changed')`);
    expect(Number(row.n)).toBeGreaterThanOrEqual(3);
  });

  it('stops a rotated source token at once on every sources replica', async () => {
    const replica = await startPlatform(testConfig({ transporter: NATS, namespace, nodeID: `sources-replica-${process.pid}`, database: { kind: 'postgres', url: db.url }, services: ['sources'], bootstrap: { token: undefined, password: undefined, email: undefined } }));
    try {
      await eventually(async () => gateway.broker.registry.getServiceList({ onlyAvailable: true }).filter((s: { name: string }) => s.name === 'sources').length, (n) => n === 2);
      const created = await admin.post('/sources/scim/', { name: 'Cluster IdP', slug: 'cluster' });
      const url = `${new URL(gatewayUrl(gateway)).origin}/source/scim/cluster/v2/Users`;
      const status = async (token: string) => (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status;
      for (let i = 0; i < 6; i++) expect(await status(created.body.token)).toBe(200);
      const rotated = await admin.post('/sources/scim/cluster/token/');
      for (let i = 0; i < 6; i++) expect(await status(created.body.token)).toBe(401);
      for (let i = 0; i < 6; i++) expect(await status(rotated.body.token)).toBe(200);
    } finally {
      await replica.stop();
    }
  });

  it('carries catalogue errors across the transporter intact', async () => {
    const dup = await admin.post('/core/users/', { username: 'remote-user', name: 'Again' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('username_taken');
    const a = (await admin.post('/core/groups/', { name: 'na' })).body;
    const b = (await admin.post('/core/groups/', { name: 'nb', parent: a.pk })).body;
    const cycle = await admin.patch(`/core/groups/${a.pk}/`, { parent: b.pk });
    expect(cycle.status).toBe(400);
    expect(cycle.body).toMatchObject({ code: 'group_cycle', errors: [{ pointer: '/parent', message: 'is a descendant of this group' }] });
  });

  it('sends the webhook once when a user is deleted, with the bus on JetStream', async () => {
    const hook = await startReceiver();
    try {
      const ops = (await admin.post('/core/groups/', { name: 'ops', users: [1] })).body;
      const { rule } = await webhookRule(admin, { name: 'user-deleted', url: hook.url, group: ops.pk, match: { action: 'model_deleted', model: 'core.user' } });
      const victim = (await admin.post('/core/users/', { username: 'nats-victim', name: 'V' })).body;
      expect((await admin.delete(`/core/users/${victim.pk}/`)).status).toBe(204);
      await eventually(async () => hook.received.length, (n) => n >= 1);
      await eventually(() => query<{ status: string }>(db.url, 'select status from events_delivery where rule_pk = $1', [rule.pk]), (rows) => rows.length === 1 && rows[0].status === 'delivered');
      expect(hook.received).toHaveLength(1);
      expect(hook.received[0].body).toMatchObject({ body: 'model_deleted: core.user nats-victim', severity: 'alert', user_username: 'admin' });
    } finally {
      await hook.close();
    }
  });

  it('validates action params in the remote service for RPC callers too', async () => {
    await expect(gateway.broker.call('users.create', { username: 'x' })).rejects.toMatchObject({ type: 'invalid_request', code: 400, data: { errors: [{ pointer: '/name', message: 'is required' }] } });
  });
});
