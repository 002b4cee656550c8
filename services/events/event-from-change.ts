import type { ModelChangeEvent } from '../../schemas/types.ts';
import type { EventUser } from './event.entity.ts';
import { scrub } from './scrub.ts';

export interface EventDraft {
  action: string;
  app: string;
  context: Record<string, unknown>;
  client_ip: string | null;
  user: EventUser;
}

const ACTIONS: Record<string, string> = { created: 'model_created', updated: 'model_updated', deleted: 'model_deleted' };

/**
 * The event log entries a model change stands for: model_created/updated/deleted with the model and its field
 * changes, plus password_set when a user's password hash changed.
 */
export function eventsFromChange(change: ModelChangeEvent): EventDraft[] {
  const verb = change.type.endsWith('.membership.changed') ? 'updated' : change.type.slice(change.type.lastIndexOf('.') + 1);
  const action = ACTIONS[verb];
  if (!action) return [];
  const user: EventUser = change.actor.kind === 'user'
    ? { pk: Number(change.actor.id), username: change.actor.username ?? null, email: change.actor.email ?? null }
    : { pk: null, username: change.actor.kind };
  const model = { app: change.model.app, model_name: change.model.name, pk: change.model.pk, name: change.model.label };
  const context = scrub({ model, changes: change.changes, ...(change.members ? { members: change.members } : {}), request_id: change.requestId, source_event: change.id }) as Record<string, unknown>;
  const base = { app: change.model.app, client_ip: change.actor.ip ?? null, user };
  const drafts: EventDraft[] = [{ ...base, action, context }];
  if (change.type === 'user.updated' && change.changes.password_hash?.secret) {
    drafts.push({ ...base, action: 'password_set', context: { model, request_id: change.requestId } });
  }
  return drafts;
}
