import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/bus.ts';
import { query } from './support/database.ts';
import { webhookRule } from './support/rules.ts';
import { startReceiver } from './support/webhook-receiver.ts';
import { testConfig, usePlatform } from './support/platform.ts';

const base = testConfig();
const ctx = usePlatform({ events: { ...base.events, webhookBackoffMs: 20, webhookMaxAttempts: 3 } });
let ops: { pk: string };

beforeAll(async () => {
  ops = (await ctx.admin.post('/core/groups/', { name: 'ops', users: [1] })).body;
});

async function deliveries(rule: string) {
  return query<{ status: string; attempts: number; last_error: string }>(ctx.platform.databaseUrl, 'select status, attempts, last_error from events_delivery where rule_pk = $1', [rule]);
}

describe('notification rules, embedded', () => {
  it('sends the webhook once when a user matching core.user + model_deleted is deleted over REST', async () => {
    const hook = await startReceiver();
    try {
      const { rule } = await webhookRule(ctx.admin, { name: 'user-deleted', url: hook.url, group: ops.pk, match: { action: 'model_deleted', model: 'core.user' } });
      await ctx.admin.patch('/core/users/1/', { email: 'admin@example.com' });
      const victim = (await ctx.admin.post('/core/users/', { username: 'victim', name: 'V' })).body;
      await ctx.admin.post('/core/groups/', { name: 'not-a-user' }).then((g) => ctx.admin.delete(`/core/groups/${g.body.pk}/`));
      expect((await ctx.admin.delete(`/core/users/${victim.pk}/`)).status).toBe(204);

      await eventually(async () => hook.received.length, (n) => n >= 1);
      await eventually(() => deliveries(rule.pk), (d) => d.every((x) => x.status === 'delivered'));
      expect(hook.received).toHaveLength(1);
      expect(hook.received[0].body).toEqual({ body: 'model_deleted: core.user victim', severity: 'alert', user_email: 'admin@example.com', user_username: 'admin', event_user_email: 'admin@example.com', event_user_username: 'admin' });
      expect(hook.received[0].headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);

      const logged = await ctx.admin.get('/events/events/?action=model_deleted&model=core.user');
      expect(logged.body.results).toHaveLength(1);
      expect(logged.body.results[0]).toMatchObject({ app: 'core', context: { model: { app: 'core', model_name: 'user', name: 'victim' } }, user: { pk: 1, username: 'admin', email: 'admin@example.com' } });
    } finally {
      await hook.close();
    }
  });

  it('notifies only the first member with send_once, and stores local notifications', async () => {
    const hook = await startReceiver();
    try {
      const second = (await ctx.admin.post('/core/users/', { username: 'second-op', name: 'S' })).body;
      const team = (await ctx.admin.post('/core/groups/', { name: 'team-once', users: [1, second.pk] })).body;
      const { rule } = await webhookRule(ctx.admin, { name: 'once', url: hook.url, group: team.pk, sendOnce: true, match: { action: 'custom_deploy' } });
      const local = await ctx.admin.post('/events/transports/', { name: 'local-ui', mode: 'local' });
      await ctx.admin.patch(`/events/rules/${rule.pk}/`, { transports: [rule.transports[0], local.body.pk] });
      await ctx.admin.post('/events/events/', { action: 'custom_deploy', app: 'core', context: { message: 'deployed v2', api_token: 'should-not-leak' } });
      await eventually(() => deliveries(rule.pk), (d) => d.length === 1 && d[0].status === 'delivered');
      expect(hook.received).toHaveLength(1);
      expect(hook.received[0].body.body).toBe('deployed v2');
      const mine = await ctx.admin.get('/events/notifications/?seen=false');
      expect(mine.body.results.map((n: any) => n.body)).toContain('deployed v2');
      const n = mine.body.results.find((x: any) => x.body === 'deployed v2');
      expect((await ctx.admin.patch(`/events/notifications/${n.pk}/`, { seen: true })).body.seen).toBe(true);
      const recorded = await ctx.admin.get('/events/events/?action=custom_deploy');
      expect(recorded.body.results[0].context.api_token).toBe('********************');
    } finally {
      await hook.close();
    }
  });

  it('shapes the webhook body with the transport mapping', async () => {
    const hook = await startReceiver();
    try {
      const { rule, transport } = await webhookRule(ctx.admin, { name: 'mapped', url: hook.url, group: ops.pk, match: { action: 'custom_mapped' } });
      const bad = await ctx.admin.patch(`/events/transports/${transport.pk}/`, { webhook_mapping: { x: '{{ globalThis }}' } });
      expect(bad.status).toBe(400);
      const mapped = await ctx.admin.patch(`/events/transports/${transport.pk}/`, { webhook_mapping: { text: '{{ event.action }} by {{ event.user.username }}: {{ body }}', severity: '{{ severity }}' } });
      expect(mapped.body.webhook_mapping).toEqual({ text: '{{ event.action }} by {{ event.user.username }}: {{ body }}', severity: '{{ severity }}' });
      await ctx.admin.post('/events/events/', { action: 'custom_mapped', app: 'core', context: { message: 'hello' }, user: { username: 'deployer' } });
      await eventually(() => deliveries(rule.pk), (d) => d[0]?.status === 'delivered');
      expect(hook.received.map((r) => r.body)).toEqual([{ text: 'custom_mapped by deployer: hello', severity: 'alert' }]);
    } finally {
      await hook.close();
    }
  });

  it('never fires a rule with no policies', async () => {
    const hook = await startReceiver();
    try {
      const transport = await ctx.admin.post('/events/transports/', { name: 'unused-hook', mode: 'webhook', webhook_url: hook.url });
      const rule = await ctx.admin.post('/events/rules/', { name: 'no-policies', group: ops.pk, transports: [transport.body.pk] });
      const marker = await ctx.admin.post('/events/events/', { action: 'custom_marker', app: 'core' });
      await eventually(() => query(ctx.platform.databaseUrl, `select 1 from bus_processed where consumer = 'events' and event_id in (select id from event_outbox where payload->'model'->>'pk' = $1)`, [marker.body.pk]), (r) => r.length === 1);
      expect(await deliveries(rule.body.pk)).toEqual([]);
      expect(hook.received).toEqual([]);
    } finally {
      await hook.close();
    }
  });

  it('retries 503s with backoff and delivers once', async () => {
    const hook = await startReceiver((n) => (n <= 2 ? 503 : 200));
    try {
      const { rule } = await webhookRule(ctx.admin, { name: 'flaky', url: hook.url, group: ops.pk, match: { action: 'custom_flaky' } });
      await ctx.admin.post('/events/events/', { action: 'custom_flaky', app: 'core' });
      const [d] = await eventually(() => deliveries(rule.pk), (rows) => rows[0]?.status === 'delivered');
      expect(d.attempts).toBe(3);
      expect(hook.received).toHaveLength(3);
    } finally {
      await hook.close();
    }
  });

  it('records a final failure as a configuration_error that cannot trigger its own rule again', async () => {
    const hook = await startReceiver(() => 500);
    try {
      const { rule } = await webhookRule(ctx.admin, { name: 'broken', url: hook.url, group: ops.pk, match: { action: 'configuration_error' } });
      await ctx.admin.post('/events/events/', { action: 'configuration_error', app: 'core', context: { message: 'first' } });
      const [d] = await eventually(() => deliveries(rule.pk), (rows) => rows[0]?.status === 'failed');
      expect(d).toMatchObject({ attempts: 3, last_error: 'HTTP 500' });
      const errors = await eventually(() => ctx.admin.get('/events/events/?action=configuration_error'), (r) => r.body.results.length === 2);
      expect(errors.body.results[0].context).toMatchObject({ notification_rule: rule.pk, delivery: expect.any(String) });
      await eventually(() => query(ctx.platform.databaseUrl, `select 1 from bus_processed b join event_outbox o on o.id = b.event_id where b.consumer = 'events' and o.type = 'event.recorded' and o.payload->'model'->>'pk' = $1`, [errors.body.results[0].pk]), (r) => r.length === 1);
      expect(await deliveries(rule.pk)).toHaveLength(1);
      expect(hook.received).toHaveLength(3);
    } finally {
      await hook.close();
    }
  });
});
