import { Reference, wrap, type EventSubscriber, type FlushEventArgs, type ChangeSet, type EntityManager } from '@mikro-orm/core';
import type { ModelChangeEvent } from '../../schemas/types.ts';
import type { ModelDefinition } from './model-definition.ts';
import { OutboxEntry } from './outbox.entity.ts';
import { outboxWritten } from './outbox-signal.ts';
import { currentScope } from './request-context.ts';
import { uuidv7 } from './uuid.ts';

type Changes = ModelChangeEvent['changes'];

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Reference.isReference(value)) return plain((value.unwrap() as { pk?: unknown }).pk);
  if (value && typeof value === 'object' && 'pk' in value && !Array.isArray(value)) return (value as { pk: unknown }).pk;
  return value ?? null;
}

function pkOf(value: unknown): string {
  return String(plain(value));
}

/**
 * Derives model change events from each flush and writes them to the outbox in the same transaction, so no
 * write path (REST, RPC, CLI, background job) can change a model without its event, and a rollback drops both.
 */
export class ChangeEventSubscriber implements EventSubscriber {
  readonly #byEntity: Map<string, ModelDefinition>;

  constructor(models: ModelDefinition[]) {
    this.#byEntity = new Map(models.map((m) => [m.entity.meta.className, m]));
  }

  /** Fills sequence-backed keys before change sets are computed, so every event can name its object. */
  async beforeFlush({ em, uow }: FlushEventArgs): Promise<void> {
    for (const entity of uow.getPersistStack()) {
      const def = this.#byEntity.get(wrap(entity, true).__meta.className);
      for (const [prop, sequence] of Object.entries(def?.sequences ?? {})) {
        if ((entity as Record<string, unknown>)[prop] != null) continue;
        const [row] = await em.getConnection().execute<{ v: string }[]>(`select nextval('${sequence}') as v`, [], 'all', em.getTransactionContext());
        (entity as Record<string, unknown>)[prop] = Number(row.v);
      }
    }
  }

  onFlush({ em, uow }: FlushEventArgs): void {
    const scope = currentScope();
    const base = { actor: scope.actor, requestId: scope.requestId, occurredAt: new Date().toISOString() };
    const memberships = new Map<string, { def: ModelDefinition; owner: unknown; added: number[]; removed: number[] }>();
    const events: ModelChangeEvent[] = [];

    for (const cs of uow.getChangeSets()) {
      const def = this.#byEntity.get(cs.meta.className);
      if (!def) continue;
      if (def.membership) {
        const owner = (cs.entity as Record<string, unknown>)[def.membership.owner];
        const key = pkOf(owner);
        const entry = memberships.get(key) ?? { def, owner, added: [], removed: [] };
        const member = Number(pkOf((cs.entity as Record<string, unknown>)[def.membership.member]));
        if (cs.type === 'create') entry.added.push(member);
        else if (cs.type === 'delete' || cs.type === 'delete_early') entry.removed.push(member);
        memberships.set(key, entry);
        continue;
      }
      const kind = cs.type === 'create' ? 'created' : cs.type.startsWith('delete') ? 'deleted' : 'updated';
      const changes = this.#changes(def, cs);
      if (kind === 'updated' && Object.keys(changes).length === 0) continue;
      events.push({
        id: uuidv7(), type: `${def.event}.${kind}`, ...base,
        model: { app: def.app, name: def.model_name, pk: pkOf(cs.getPrimaryKey()), label: String(def.describe(cs.entity) ?? '') },
        changes,
      });
    }
    for (const [pk, m] of memberships) {
      const owner = Reference.isReference(m.owner) ? m.owner.unwrap() : m.owner;
      events.push({
        id: uuidv7(), type: `${m.def.event}.membership.changed`, ...base,
        model: { app: m.def.app, name: m.def.model_name, pk, label: String((owner as { name?: string })?.name ?? pk) },
        changes: {},
        members: { added: m.added.sort((a, b) => a - b), removed: m.removed.sort((a, b) => a - b) },
      });
    }
    this.#write(em, uow, events);
  }

  #changes(def: ModelDefinition, cs: ChangeSet<any>): Changes {
    if (cs.type.startsWith('delete')) return {};
    const secret = new Set(def.secretFields ?? []);
    const changes: Changes = {};
    for (const [field, after] of Object.entries(cs.payload)) {
      if (secret.has(field)) {
        changes[field] = { secret: true };
        continue;
      }
      const before = cs.type === 'create' ? null : plain(cs.originalEntity?.[field]);
      const value = plain((cs.entity as Record<string, unknown>)[field] ?? after);
      if (cs.type !== 'create' && JSON.stringify(before) === JSON.stringify(value)) continue;
      changes[field] = { before, after: value };
    }
    return changes;
  }

  /** Wakes a relay in this process once the rows are visible. */
  afterTransactionCommit(): void {
    outboxWritten.emit('written');
  }

  afterFlush({ em }: FlushEventArgs): void {
    if (!em.isInTransaction()) outboxWritten.emit('written');
  }

  #write(em: EntityManager, uow: FlushEventArgs['uow'], events: ModelChangeEvent[]): void {
    for (const event of events) {
      const entry = em.create(OutboxEntry, {
        id: event.id, type: event.type, model_key: `${event.model.app}.${event.model.name}:${event.model.pk}`, payload: event,
      });
      uow.computeChangeSet(entry);
    }
  }
}
