import { mkdirSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/core';
import { ormOptions } from '../../mikro-orm.config.ts';
import type { DatabaseConfig } from './config.ts';
import type { ModelDefinition } from './model-definition.ts';

export interface OrmOptions {
  database: DatabaseConfig;
  models: ModelDefinition[];
  debug?: boolean;
}

/** Opens the ORM on PostgreSQL or embedded PGlite: same entities, same migrations, same SQL dialect. */
export async function createOrm({ database, models, debug = false }: OrmOptions): Promise<MikroORM> {
  const common = ormOptions(models, debug);
  if (database.kind === 'postgres') {
    const { MikroORM: PgORM } = await import('@mikro-orm/postgresql');
    return PgORM.init({ ...common, clientUrl: database.url, ...(database.schema ? { schema: database.schema } : {}), pool: { min: 0, max: 10 } }) as unknown as Promise<MikroORM>;
  }
  mkdirSync(database.dataDir, { recursive: true });
  const { MikroORM: PgliteORM } = await import('@mikro-orm/pglite');
  return PgliteORM.init({ ...common, dbName: database.dataDir }) as unknown as Promise<MikroORM>;
}

const MIGRATION_LOCK = `select pg_advisory_xact_lock(hashtext('idp_migrations'))`;

/**
 * Applies every pending migration; returns the names applied. On PostgreSQL a transaction on a second connection
 * holds an advisory lock meanwhile, so processes starting together migrate one after the other, not at once.
 * (PGlite has one connection and one process, so it needs no lock.)
 */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const up = async () => (await orm.migrator.up()).map((m) => m.name);
  if (orm.config.get('driver')?.name === 'PgliteDriver') return up();
  return orm.em.fork().transactional(async (em) => {
    await em.getConnection().execute(MIGRATION_LOCK, [], 'run', em.getTransactionContext());
    return up();
  });
}

/** Names of migrations not yet applied (health checks report them). */
export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  return (await orm.migrator.getPending()).map((m) => m.name);
}

/** The install id made by the first migration; uids derive from it. */
export async function installId(orm: MikroORM): Promise<string> {
  const rows = await orm.em.getConnection().execute<{ value: string }[]>(`select value from core_settings where key = 'install_id'`);
  return rows[0].value;
}
