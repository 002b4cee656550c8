import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/core';
import type { ListQuery, Pagination } from '../../schemas/types.ts';
import { IdpError } from './errors.ts';

/** Escapes LIKE wildcards so a search term matches literally. */
export function likeTerm(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** authentik-style page numbers: `page` from 1, `page_size` up to 1000, ordering by an allowed field (`-` for descending). */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  query: ListQuery,
  ordering: { allowed: string[]; default: string; tieBreaker: string },
): Promise<{ pagination: Pagination; rows: T[] }> {
  const page = query.page ?? 1;
  const size = query.page_size ?? 100;
  const order = query.ordering ?? ordering.default;
  const field = order.replace(/^-/, '');
  if (!ordering.allowed.includes(field)) {
    throw new IdpError('invalid_request', { detail: `ordering must name one of: ${ordering.allowed.join(', ')}`, errors: [{ pointer: '/ordering', message: `must be one of ${ordering.allowed.join(', ')}` }] });
  }
  const direction = order.startsWith('-') ? 'desc' : 'asc';
  const [rows, count] = await em.findAndCount(entity, where as never, {
    orderBy: { [field]: direction, ...(field === ordering.tieBreaker ? {} : { [ordering.tieBreaker]: 'asc' }) } as never,
    limit: size,
    offset: (page - 1) * size,
  });
  const totalPages = Math.max(1, Math.ceil(count / size));
  const start = count === 0 ? 0 : (page - 1) * size + 1;
  return {
    rows,
    pagination: {
      next: page < totalPages ? page + 1 : 0,
      previous: page > 1 ? page - 1 : 0,
      count,
      current: page,
      total_pages: totalPages,
      start_index: Math.min(start, count),
      end_index: Math.min((page - 1) * size + rows.length, count),
    },
  };
}
