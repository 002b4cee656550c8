import type { EntityManager } from '@mikro-orm/sql';
import type { ModelChangeEvent } from '../../schemas/types.ts';
import type { EventHandler } from '../kernel/bus/event-bus.ts';
import { Event, type EventEntity } from './event.entity.ts';
import { eventsFromChange } from './event-from-change.ts';
import { createEvent } from './event.repository.ts';
import type { Notifier } from './notifier.ts';

/** Changes to these models change which rules fire. */
const RULE_MODELS = new Set(['policy', 'policy_binding', 'notification_rule', 'notification_transport']);
const changesRules = (change: ModelChangeEvent) => RULE_MODELS.has(change.type.slice(0, change.type.indexOf('.')));

/**
 * The `events` consumer: model changes become event log entries, directly recorded events are looked up, and
 * notification rules are evaluated for every entry, all in the bus's transaction. A change to rules, policies or
 * bindings reloads the rule index before the events after it are evaluated, so rules apply in bus order.
 */
export function eventLogConsumer(opts: { notifier: Notifier; retentionDays: number; reloadRules(em: EntityManager): Promise<void> }): EventHandler {
  const process = async (changes: ModelChangeEvent[], em: EntityManager) => {
    if (changes.length === 0) return;
    const recordedPks = changes.filter((c) => c.type === 'event.recorded').map((c) => c.model.pk);
    const recorded = new Map(recordedPks.length ? (await em.find(Event, { pk: { $in: recordedPks } })).map((e) => [e.pk, e]) : []);
    const entries: EventEntity[] = [];
    for (const change of changes) {
      if (change.type === 'event.recorded') {
        const entry = recorded.get(change.model.pk);
        if (entry) entries.push(entry);
      } else {
        eventsFromChange(change).forEach((draft, i) => entries.push(createEvent(em, draft, opts.retentionDays, i === 0 ? change.id : null)));
      }
    }
    await em.flush();
    await opts.notifier.notify(em, entries);
  };
  return async (changes, em) => {
    let segment: ModelChangeEvent[] = [];
    for (const change of changes) {
      segment.push(change);
      if (changesRules(change)) {
        await process(segment, em);
        segment = [];
        await opts.reloadRules(em);
      }
    }
    await process(segment, em);
  };
}
