import { mkdirSync } from 'node:fs';
import type { MikroORM, Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MIGRATIONS } from '../../migrations/index.ts';
import type { DatabaseConfig } from './config.ts';
import { ChangeEventSubscriber } from './change-events.subscriber.ts';
import type { ModelDefinition } from './model-definition.ts';
import { OutboxEntry } from './outbox.entity.ts';

export interface OrmOptions {
  database: DatabaseConfig;
  models: ModelDefinition[];
  debug?: boolean;
}

/** Opens the ORM on PostgreSQL or embedded PGlite: same entities, same migrations, same SQL dialect. */
export async function createOrm({ database, models, debug = false }: OrmOptions): Promise<MikroORM> {
  const common: Options = {
    entities: [...models.map((m) => m.entity), OutboxEntry],
    extensions: [Migrator],
    subscribers: [new ChangeEventSubscriber(models)],
    migrations: { migrationsList: MIGRATIONS, tableName: 'idp_migrations', snapshot: false, transactional: true, allOrNothing: true, silent: true },
    forceUtcTimezone: true,
    debug,
    allowGlobalContext: false,
    discovery: { checkDuplicateTableNames: true },
  };
  if (database.kind === 'postgres') {
    const { MikroORM: PgORM } = await import('@mikro-orm/postgresql');
    return PgORM.init({ ...common, clientUrl: database.url, ...(database.schema ? { schema: database.schema } : {}), pool: { min: 0, max: 10 } }) as unknown as Promise<MikroORM>;
  }
  mkdirSync(database.dataDir, { recursive: true });
  const { MikroORM: PgliteORM } = await import('@mikro-orm/pglite');
  return PgliteORM.init({ ...common, dbName: database.dataDir }) as unknown as Promise<MikroORM>;
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}

/** Names of migrations not yet applied (health checks report them). */
export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  return (await orm.migrator.getPending()).map((m) => m.name);
}
