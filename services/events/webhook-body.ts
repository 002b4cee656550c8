import type { Severity } from './notification-rule.entity.ts';
import type { TransportMode } from './transport.entity.ts';
import { renderMapping } from './webhook-mapping.ts';

export interface DeliveryContext {
  body: string;
  severity: Severity;
  user: { username: string; email: string };
  event: { action: string; app: string; context: Record<string, unknown>; user: { username?: string | null; email?: string | null }; created: string };
}

const COLORS: Record<Severity, string> = { notice: '#329144', warning: '#ffc107', alert: '#ff0000' };

/**
 * The JSON a webhook receives: the transport's mapping rendered over the notification when it has one, else
 * authentik's shape for `webhook` and a Slack attachment for `webhook_slack`.
 */
export function webhookBody(mode: Exclude<TransportMode, 'local'>, d: DeliveryContext, mapping?: Record<string, unknown> | null): unknown {
  if (mapping) return renderMapping(mapping, { body: d.body, severity: d.severity, user: d.user, event: d.event });
  if (mode === 'webhook') {
    return { body: d.body, severity: d.severity, user_email: d.user.email, user_username: d.user.username, event_user_email: d.event.user.email ?? null, event_user_username: d.event.user.username ?? null };
  }
  const fields = Object.entries(d.event.context)
    .filter(([, v]) => typeof v === 'string')
    .slice(0, 25)
    .map(([k, v]) => ({ title: k.slice(0, 256), value: String(v).slice(0, 1024) }));
  return {
    username: 'idp',
    attachments: [{ color: COLORS[d.severity], title: d.body.slice(0, 256), author_name: d.event.user.username ?? 'system', fields, footer: `${d.event.app} · ${d.event.action}`, ts: Math.floor(Date.parse(d.event.created) / 1000) }],
  };
}
