import type { EntityManager } from '@mikro-orm/sql';
import type { Event as EventDto, EventListQuery, ListQuery, ModelChangeEvent } from '../../schemas/types.ts';
import { IdpError } from '../kernel/errors.ts';
import { OutboxEntry } from '../kernel/outbox.entity.ts';
import { currentScope } from '../kernel/request-context.ts';
import { uuidv7 } from '../kernel/uuid.ts';
import { parseAddress } from '../kernel/ip.ts';
import { Event, type EventEntity } from './event.entity.ts';
import type { EventDraft } from './event-from-change.ts';
import { scrub } from './scrub.ts';

export function serializeEvent(e: EventEntity): EventDto {
  return {
    pk: e.pk, action: e.action, app: e.app, context: e.context, client_ip: e.client_ip ?? null,
    user: e.user, created: e.created.toISOString(), expires: e.expires.toISOString(),
  };
}

/** Adds an event to the unit of work, with its retention. */
export function createEvent(em: EntityManager, draft: EventDraft, retentionDays: number, sourceEvent: string | null = null): EventEntity {
  const created = new Date();
  const ip = parseAddress(draft.client_ip);
  return em.create(Event, {
    pk: uuidv7(), action: draft.action, app: draft.app, context: scrub(draft.context) as Record<string, unknown>,
    client_ip: ip ? ip.toString() : null, user: draft.user, created,
    expires: new Date(created.getTime() + retentionDays * 86_400_000), source_event: sourceEvent,
  } as never) as EventEntity;
}

/**
 * Records an event written directly (login, configuration_error, custom_*) and, in the same transaction, an outbox
 * row `event.recorded`, so notification rules see it with the same delivery guarantees as model changes.
 */
export function recordEvent(em: EntityManager, draft: EventDraft, retentionDays: number): EventEntity {
  const event = createEvent(em, draft, retentionDays);
  const scope = currentScope();
  const payload: ModelChangeEvent = {
    id: uuidv7(), type: 'event.recorded', occurredAt: event.created.toISOString(), actor: scope.actor, requestId: scope.requestId,
    model: { app: 'events', name: 'event', pk: event.pk, label: event.action }, changes: {},
  };
  em.create(OutboxEntry, { id: payload.id, type: payload.type, model_key: `events.event:${event.pk}`, payload } as never);
  return event;
}

/** Filters for the event list: action, app, model (app.model), object pk, username, client IP, created range. */
export function eventFilter(q: ListQuery & EventListQuery): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  if (q.action !== undefined) where.action = q.action;
  if (q.app !== undefined) where.app = q.app;
  const model: Record<string, string> = {};
  if (q.model !== undefined) [model.app, model.model_name] = q.model.split('.');
  if (q.model_pk !== undefined) model.pk = q.model_pk;
  if (Object.keys(model).length) where.context = { model };
  if (q.username !== undefined) where.user = { username: q.username };
  if (q.client_ip !== undefined) {
    const ip = parseAddress(q.client_ip);
    if (!ip) throw new IdpError('invalid_request', { detail: 'client_ip must be an IP address', errors: [{ pointer: '/client_ip', message: 'must be an IP address' }] });
    where.client_ip = ip.toString();
  }
  if (q.created_after !== undefined || q.created_before !== undefined) {
    where.created = { ...(q.created_after ? { $gte: new Date(q.created_after) } : {}), ...(q.created_before ? { $lte: new Date(q.created_before) } : {}) };
  }
  if (q.search) where.action = { $ilike: `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` };
  return where;
}
