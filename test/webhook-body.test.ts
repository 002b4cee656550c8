import { describe, expect, it } from 'vitest';
import { webhookBody, type DeliveryContext } from '../services/events/webhook-body.ts';
import { validateMapping } from '../services/events/webhook-mapping.ts';

const ctx: DeliveryContext = {
  body: 'model_deleted: core.user bob',
  severity: 'warning',
  user: { username: 'alice', email: 'alice@example.com' },
  event: { action: 'model_deleted', app: 'core', created: '2026-11-22T10:00:00.000Z', user: { username: 'admin', email: 'admin@example.com' }, context: { message: 'm', request_id: 'r-1', model: { name: 'bob' }, long: 'x'.repeat(2000) } },
};

describe('webhook bodies', () => {
  it('sends authentik’s fields for a plain webhook', () => {
    expect(webhookBody('webhook', ctx)).toEqual({ body: ctx.body, severity: 'warning', user_email: 'alice@example.com', user_username: 'alice', event_user_email: 'admin@example.com', event_user_username: 'admin' });
  });

  it('sends a Slack attachment with string context fields, within Slack’s limits', () => {
    const body = webhookBody('webhook_slack', ctx) as { attachments: { color: string; title: string; fields: { title: string; value: string }[]; ts: number }[] };
    const [a] = body.attachments;
    expect(a.color).toBe('#ffc107');
    expect(a.title).toBe(ctx.body);
    expect(a.fields.map((f) => f.title)).toEqual(['message', 'request_id', 'long']);
    expect(a.fields[2].value).toHaveLength(1024);
    expect(a.ts).toBe(Date.parse('2026-11-22T10:00:00.000Z') / 1000);
  });
});

describe('webhook mappings', () => {
  it('renders placeholders with their types, interpolates them in text, and reads nothing else', () => {
    const mapping = { text: 'Deleted {{ event.context.model.name }} ({{ severity }})', who: '{{ event.user.username }}', model: '{{ event.context.model }}', missing: '{{ event.context.nope.deeper }}', fixed: [1, true, 'x'] };
    expect(webhookBody('webhook', ctx, mapping)).toEqual({ text: 'Deleted bob (warning)', who: 'admin', model: { name: 'bob' }, missing: null, fixed: [1, true, 'x'] });
    expect(webhookBody('webhook_slack', ctx, { text: '{{ body }}' })).toEqual({ text: ctx.body });
  });

  it('refuses placeholders that read outside the notification', () => {
    expect(validateMapping({ a: '{{ process.env.SECRET }}', b: ['{{ event.action }}', 'x {{ constructor.name }}'] })).toEqual([
      { pointer: '/webhook_mapping/a', message: '{{ process.env.SECRET }} must start with body, severity, user, event' },
      { pointer: '/webhook_mapping/b/1', message: '{{ constructor.name }} must start with body, severity, user, event' },
    ]);
    expect(validateMapping(null)).toEqual([]);
  });
});
