import type { Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MIGRATIONS } from './migrations/index.ts';
import { ChangeEventSubscriber } from './services/kernel/change-events.subscriber.ts';
import type { ModelDefinition } from './services/kernel/model-definition.ts';
import { OutboxEntry } from './services/kernel/outbox.entity.ts';

/** ORM options shared by PostgreSQL and PGlite: the same entities, subscriber and migrations. */
export function ormOptions(models: ModelDefinition[], debug = false): Partial<Options> {
  return {
    entities: [...models.map((m) => m.entity), OutboxEntry],
    extensions: [Migrator],
    subscribers: [new ChangeEventSubscriber(models)],
    migrations: { migrationsList: MIGRATIONS, tableName: 'idp_migrations', snapshot: false, transactional: true, allOrNothing: true, silent: true },
    forceUtcTimezone: true,
    debug,
    allowGlobalContext: false,
    discovery: { checkDuplicateTableNames: true },
  };
}
