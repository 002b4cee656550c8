import type { EntityManager } from '@mikro-orm/sql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { SourceStoreError, type SourceKind, type SourceObjects, type SourceQuery } from '../../plugins/sdk/index.ts';
import { retryTransient } from '../kernel/transient-retry.ts';
import { filterSql, orderSql, SOURCE_OBJECT_FROM } from './filter-sql.ts';
import { COLUMNS, RELATED, toSourceObject, type ObjectRow } from './source-object-rows.ts';
import type { ReadQuery } from './prepared-reads.ts';
import { isObjectId } from './source-links.ts';
import { createObject, removeObject, updateObject, type SourceRef } from './source-writes.ts';

type Fork = () => EntityManager;

const ID_COLUMN: Record<SourceKind, string> = { user: 'u.uuid', group: 'g.pk' };

/** Fills in the rows' related objects (a user's groups, a group's members) with one statement for all of them. */
async function withRelated(run: ReadQuery, kind: SourceKind, rows: ObjectRow[], include: SourceQuery['include']): Promise<ObjectRow[]> {
  if (!(kind === 'user' ? include?.groups : include?.members) || rows.length === 0) return rows;
  const related = RELATED[kind];
  const found = await run<{ owner: string; id: string; display: string }>(related.sql, [`{${rows.map(related.owner).join(',')}}`]);
  const byOwner = new Map(rows.map((row) => [related.owner(row), [] as { id: string; display: string }[]]));
  for (const { owner, id, display } of found) byOwner.get(owner)?.push({ id, display });
  return rows.map((row) => ({ ...row, related: byOwner.get(related.owner(row)) }));
}

async function read(run: ReadQuery, source: SourceRef, kind: SourceKind, id: string, include: SourceQuery['include']) {
  if (!isObjectId(id)) return null;
  const rows = await run<ObjectRow>(`select ${COLUMNS[kind]} ${SOURCE_OBJECT_FROM[kind]} and ${ID_COLUMN[kind]} = ?::uuid`, [source.pk, id]);
  const [row] = await withRelated(run, kind, rows, include);
  return row ? toSourceObject(kind, row) : null;
}

/** A database refusal of a write that raced another (the same name created twice at once) as the store's own error. */
function storeError(err: unknown): unknown {
  if (err instanceof UniqueConstraintViolationException) return new SourceStoreError('uniqueness', 'Another object has this name.');
  return err;
}

/**
 * A source's objects for its plugin instance: reads as single SQL statements (filters compiled, never evaluated in
 * memory; `readOnly` runs those outside a transaction), writes as one transaction each through the users and groups
 * domain code, so each one's change events commit with it.
 */
export function hostSourceObjects(fork: Fork, source: SourceRef, readOnly: ReadQuery): SourceObjects {
  const inTransaction = (em: EntityManager): ReadQuery => <T>(sql: string, params: unknown[]) => em.execute<T[]>(sql, params);
  const write = <T>(fn: (em: EntityManager) => Promise<T>) => retryTransient(() => fork().transactional(fn)).catch((err) => { throw storeError(err); });
  return {
    async query(kind, q) {
      const params: unknown[] = [source.pk];
      const where = q.filter ? ` and (${filterSql(kind, q.filter, params)})` : '';
      if (q.limit === 0) {
        const [row] = await readOnly<{ total: string }>(`select count(*) as total ${SOURCE_OBJECT_FROM[kind]}${where}`, params);
        return { total: Number(row.total), objects: [] };
      }
      const order = orderSql(kind, q.sort, params);
      const rows = await readOnly<ObjectRow & { total: string }>(
        `select ${COLUMNS[kind]}, count(*) over () as total ${SOURCE_OBJECT_FROM[kind]}${where} order by ${order} limit ? offset ?`,
        [...params, q.limit, q.offset],
      );
      if (rows.length === 0 && q.offset > 0) return { total: (await this.query(kind, { ...q, limit: 0 })).total, objects: [] };
      const objects = (await withRelated(readOnly, kind, rows, q.include)).map((r) => toSourceObject(kind, r));
      return { total: rows.length ? Number(rows[0].total) : 0, objects };
    },
    get: (kind, id, include) => read(readOnly, source, kind, id, include),
    create: (kind, w, include) => write(async (em) => {
      const id = await createObject(em, source, kind, w);
      return (await read(inTransaction(em), source, kind, id, include))!;
    }),
    update: (kind, id, w, include) => write(async (em) => {
      await updateObject(em, source, kind, id, w);
      return (await read(inTransaction(em), source, kind, id, include))!;
    }),
    remove: (kind, id, mode) => write((em) => removeObject(em, source, kind, id, mode)),
  };
}
