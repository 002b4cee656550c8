import { expect } from 'vitest';
import type { Client } from './platform.ts';

/** Makes, over REST, a rule that notifies `group` through a webhook when its event-matcher policy passes. */
export async function webhookRule(admin: Client, opts: { name: string; url: string; group: string; match: Record<string, string>; mode?: string; sendOnce?: boolean; severity?: string }) {
  const transport = await admin.post('/events/transports/', { name: `${opts.name}-transport`, mode: opts.mode ?? 'webhook', webhook_url: opts.url });
  expect(transport.status).toBe(201);
  const rule = await admin.post('/events/rules/', { name: opts.name, group: opts.group, transports: [transport.body.pk], severity: opts.severity ?? 'alert', send_once: opts.sendOnce ?? false });
  expect(rule.status).toBe(201);
  const policy = await admin.post('/policies/event_matcher/', { name: `${opts.name}-policy`, ...opts.match });
  expect(policy.status).toBe(201);
  const binding = await admin.post('/policies/bindings/', { target: rule.body.pk, policy: policy.body.pk });
  expect(binding.status).toBe(201);
  return { transport: transport.body, rule: rule.body, policy: policy.body };
}
