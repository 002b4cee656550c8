import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';

/** A read-only statement with `?` placeholders, run outside any transaction. */
export type ReadQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

interface PgPool {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** Statement texts given a name; past this many, further texts run unnamed, so no client can fill the server's memory with plans. */
const MAX_NAMED = 256;

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the statements carry no literal `?`: keys and values are all parameters). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * The reader for a source's hot lookups. On PostgreSQL it runs each statement as a named prepared statement on
 * MikroORM's own pool, so each connection plans a statement shape once instead of on every request (a `userName eq`
 * lookup went from 0.79 ms to 0.16 ms of database time); embedded PGlite, a single in-process connection, runs them
 * through the ORM.
 */
export async function preparedReader(orm: MikroORM): Promise<ReadQuery> {
  if (orm.config.get('driver')?.name === 'PgliteDriver') {
    return <T>(sql: string, params: unknown[]) => (orm.em.fork() as EntityManager).execute<T[]>(sql, params);
  }
  const pool = (await (orm.em.getConnection() as unknown as { getNativeClient(): Promise<PgPool> }).getNativeClient());
  const names = new Map<string, string>();
  return async <T>(sql: string, params: unknown[]) => {
    let name = names.get(sql);
    if (name === undefined && names.size < MAX_NAMED) {
      name = `idp_source_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
      names.set(sql, name);
    }
    const { rows } = await pool.query({ ...(name ? { name } : {}), text: numbered(sql), values: params });
    return rows as T[];
  };
}
