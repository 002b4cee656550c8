import type { EntityManager } from '@mikro-orm/sql';
import { uuidv7 } from '../kernel/uuid.ts';
import { factsOf } from '../policies/event-matcher.ts';
import { compilePolicy, type CompiledPolicy } from '../policies/policy-types.ts';
import type { PolicySnapshot } from '../policies/bindings.service.ts';
import type { EventEntity } from './event.entity.ts';
import { NotificationRule, type Severity } from './notification-rule.entity.ts';
import { RuleIndex, type IndexedRule } from './rule-index.ts';
import { Transport, type TransportMode } from './transport.entity.ts';

interface RuleInfo {
  severity: Severity;
  group: string | null;
  sendOnce: boolean;
  transports: { pk: string; mode: TransportMode }[];
}

/** The one line a notification says: the event's message if it has one, else its action and object. */
export function summary(event: { action: string; context: Record<string, unknown> }): string {
  if (typeof event.context.message === 'string') return event.context.message;
  const model = event.context.model as { app?: string; model_name?: string; name?: string } | undefined;
  return model ? `${event.action}: ${model.app}.${model.model_name} ${model.name ?? ''}`.trim() : `${event.action}: ${JSON.stringify(event.context)}`;
}

/**
 * Decides which notification rules an event fires (through the rule index) and writes what they cause, in the
 * caller's transaction: a notification per member for local transports, a pending delivery per member for
 * webhooks (sent by the delivery worker). A rule never fires for an event about its own failed delivery.
 */
export class Notifier {
  #index = new RuleIndex([], new Map());
  #rules = new Map<string, RuleInfo>();

  /** Rebuilds the index from the rules in the database and a policy snapshot from the policies service. */
  async reload(em: EntityManager, snapshot: PolicySnapshot): Promise<void> {
    const [rules, transports] = await Promise.all([em.find(NotificationRule, {}, { orderBy: { name: 'asc' } }), em.find(Transport, {})]);
    const modes = new Map(transports.map((t) => [t.pk, t.mode]));
    const policies = new Map<string, CompiledPolicy>();
    for (const p of snapshot.policies) {
      const compiled = compilePolicy(p.type, p.config);
      if (compiled) policies.set(p.pk, compiled);
    }
    const indexed: IndexedRule[] = rules.map((r) => ({
      pk: r.pk,
      mode: r.policy_engine_mode,
      bindings: snapshot.bindings.filter((b) => b.target === r.pk).map((b) => ({ policy: b.policy, negate: b.negate, enabled: b.enabled })),
    }));
    this.#rules = new Map(rules.map((r) => [r.pk, {
      severity: r.severity, group: r.group?.pk ?? null, sendOnce: r.send_once,
      transports: r.transports.filter((t) => modes.has(t)).map((t) => ({ pk: t, mode: modes.get(t)! })),
    }]));
    this.#index = new RuleIndex(indexed, policies);
  }

  /**
   * Writes the notifications and deliveries the events cause, in bulk; returns, per event, the pks of the rules it
   * fired. Group members are read once per group per call.
   */
  async notify(em: EntityManager, events: EventEntity[]): Promise<string[][]> {
    const members = new Map<string, number[]>();
    const notifications: unknown[][] = [];
    const deliveries: unknown[][] = [];
    const firedPerEvent: string[][] = [];
    for (const event of events) {
      const guard = typeof event.context.notification_rule === 'string' ? event.context.notification_rule : null;
      const fired = this.#index.match(factsOf(event), guard);
      firedPerEvent.push(fired);
      for (const pk of fired) {
        const rule = this.#rules.get(pk)!;
        if (!rule.group || rule.transports.length === 0) continue;
        let users = members.get(rule.group);
        if (!users) members.set(rule.group, (users = await this.#members(em, rule.group)));
        for (const user of rule.sendOnce ? users.slice(0, 1) : users) {
          for (const t of rule.transports) {
            if (t.mode === 'local') notifications.push([uuidv7(), rule.severity, summary(event), event.pk, user, pk]);
            else deliveries.push([uuidv7(), pk, t.pk, event.pk, user]);
          }
        }
      }
    }
    await insertMany(em, 'events_notification (pk, severity, body, created, event_pk, user_pk, rule_pk)', '(?, ?, ?, now(), ?, ?, ?)', notifications);
    await insertMany(em, 'events_delivery (pk, rule_pk, transport_pk, event_pk, user_pk)', '(?, ?, ?, ?, ?)', deliveries);
    return firedPerEvent;
  }

  async #members(em: EntityManager, group: string): Promise<number[]> {
    const rows = await em.execute<{ user_pk: number }[]>(
      'select gu.user_pk from core_group_users gu join core_user u on u.pk = gu.user_pk where gu.group_pk = ? and u.is_active order by gu.user_pk',
      [group],
    );
    return rows.map((r) => r.user_pk);
  }
}

/** Multi-row INSERT ... ON CONFLICT DO NOTHING, 500 rows a statement (a redelivered event adds nothing). */
async function insertMany(em: EntityManager, into: string, row: string, rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await em.execute(`insert into ${into} values ${chunk.map(() => row).join(', ')} on conflict do nothing`, chunk.flat());
  }
}
