import { FlushMode, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MIGRATIONS } from './migrations/index.ts';
import { ChangeEventSubscriber } from './services/kernel/change-events.subscriber.ts';
import type { ModelDefinition } from './services/kernel/model-definition.ts';
import { OutboxEntry } from './services/kernel/outbox.entity.ts';
import { UNLOGGED_ENTITIES } from './services/models.ts';

/**
 * ORM options shared by PostgreSQL and PGlite: the same entities, subscriber and migrations. Flushes happen only when
 * the code asks (FlushMode.COMMIT), so one write is one flush and one set of change events.
 */
export function ormOptions(models: ModelDefinition[], debug = false): Partial<Options> {
  return {
    entities: [...models.map((m) => m.entity), ...UNLOGGED_ENTITIES, OutboxEntry],
    extensions: [Migrator],
    subscribers: [new ChangeEventSubscriber(models)],
    migrations: { migrationsList: MIGRATIONS, tableName: 'idp_migrations', snapshot: false, transactional: true, allOrNothing: true, silent: true },
    forceUtcTimezone: true,
    flushMode: FlushMode.COMMIT,
    debug,
    allowGlobalContext: false,
    discovery: { checkDuplicateTableNames: true },
  };
}
