import type { DocumentFilter, ElementFilter, FilterTarget, RelatedFilter, Relation, SortKey } from '../../plugins/sdk/source-filter.ts';
import { compareSql, presentSql, sortValueSql } from './filter-compare.ts';
import { documentOperand, elementOperand, hostOperand, relatedFrom, relatedOperand, type Operand, type SourceKindSql } from './filter-targets.ts';
import { joinSql, sql, type SqlFragment } from './sql-fragment.ts';

export type { SourceKindSql } from './filter-targets.ts';

/**
 * The query a source's objects are filtered in, up to the filter: bind the source's pk, then append
 * ` and (${filterSql(…)})` and ` order by ${orderSql(…)}`. Users are `u`, groups `g`, the object `o`.
 */
export const SOURCE_OBJECT_FROM: Record<SourceKindSql, string> = {
  user: `from sources_object o join core_user u on u.pk = o.user_pk where o.source_pk = ? and o.kind = 'user'`,
  group: `from sources_object o join core_group g on g.pk = o.group_pk where o.source_pk = ? and o.kind = 'group'`,
};

/** The deepest filter tree compiled (the plugin bounds its input earlier; this bounds the SQL). */
export const MAX_FILTER_DEPTH = 64;
/** The most nodes a compiled filter tree may have. */
export const MAX_FILTER_NODES = 1000;

const TIE_BREAKER: Record<SourceKindSql, SqlFragment> = { user: sql`u.pk`, group: sql`g.num_pk` };

/** A SQL boolean expression for the filter, with `?` placeholders whose values are pushed onto `params` in order. */
export function filterSql(kind: SourceKindSql, filter: DocumentFilter, params: unknown[]): string {
  checkSize(filter);
  return emit(documentSql(kind, filter), params);
}

/**
 * An ORDER BY list (without the keywords) for a sort key, ending with the tie-breaker so paging is stable. Missing
 * values (RFC 7644 §3.4.2.3 leaves them to the server) sort as if above every value: last ascending, first descending.
 */
export function orderSql(kind: SourceKindSql, sort: SortKey | undefined, params: unknown[]): string {
  const tieBreaker = TIE_BREAKER[kind];
  if (!sort) return emit(tieBreaker, params);
  const direction = sort.descending ? sql`desc nulls first` : sql`asc nulls last`;
  return emit(sql`${sortValueSql(targetOperand(kind, sort.target), sort)} ${direction}, ${tieBreaker}`, params);
}

function emit(fragment: SqlFragment, params: unknown[]): string {
  params.push(...fragment.values);
  return fragment.text;
}

function documentSql(kind: SourceKindSql, node: DocumentFilter): SqlFragment {
  switch (node.op) {
    case 'and':
    case 'or':
      return combine(node.op, node.filters.map((f) => documentSql(kind, f)));
    case 'not':
      return negate(documentSql(kind, node.filter));
    case 'pr':
      return presentSql(targetOperand(kind, node.target));
    case 'some': {
      const array = documentOperand(node.path).sql;
      const elements = sql`jsonb_array_elements(case when jsonb_typeof(${array}) = 'array' then ${array} else '[]'::jsonb end) e(v)`;
      return sql`exists (select 1 from ${elements} where ${elementSql(node.filter)})`;
    }
    case 'related':
      return sql`exists (select 1 from ${relatedFrom(kind, node.relation)} and ${relatedSql(node.relation, node.filter)})`;
    default:
      return compareSql(targetOperand(kind, node.target), node);
  }
}

function elementSql(node: ElementFilter): SqlFragment {
  switch (node.op) {
    case 'and':
    case 'or':
      return combine(node.op, node.filters.map(elementSql));
    case 'not':
      return negate(elementSql(node.filter));
    case 'pr':
      return presentSql(elementOperand(node.target.path));
    default:
      return compareSql(elementOperand(node.target.path), node);
  }
}

function relatedSql(relation: Relation, node: RelatedFilter): SqlFragment {
  switch (node.op) {
    case 'and':
    case 'or':
      return combine(node.op, node.filters.map((f) => relatedSql(relation, f)));
    case 'not':
      return negate(relatedSql(relation, node.filter));
    case 'pr':
      return presentSql(relatedOperand(relation, node.target.related));
    default:
      return compareSql(relatedOperand(relation, node.target.related), node);
  }
}

function targetOperand(kind: SourceKindSql, target: FilterTarget): Operand {
  return 'field' in target ? hostOperand(kind, target.field) : documentOperand(target.path);
}

function combine(op: 'and' | 'or', parts: SqlFragment[]): SqlFragment {
  if (parts.length === 0) return op === 'and' ? sql`true` : sql`false`;
  return sql`(${joinSql(parts, op === 'and' ? sql` and ` : sql` or `)})`;
}

/** NOT that reads an unknown (a comparison with a missing value) as "no match", so its negation matches. */
function negate(part: SqlFragment): SqlFragment {
  return sql`(not coalesce(${part}, false))`;
}

type AnyFilter = DocumentFilter | ElementFilter | RelatedFilter;

/** Rejects trees deeper than MAX_FILTER_DEPTH or larger than MAX_FILTER_NODES, walking without recursion. */
function checkSize(root: DocumentFilter): void {
  const pending: [AnyFilter, number][] = [[root, 1]];
  let seen = 0;
  for (let entry = pending.pop(); entry; entry = pending.pop()) {
    const [node, depth] = entry;
    if (depth > MAX_FILTER_DEPTH) throw new Error(`filter is deeper than ${MAX_FILTER_DEPTH} levels`);
    seen += 1;
    const children: AnyFilter[] = 'filters' in node ? node.filters : 'filter' in node ? [node.filter] : [];
    if (seen + pending.length + children.length > MAX_FILTER_NODES) throw new Error(`filter has more than ${MAX_FILTER_NODES} nodes`);
    for (const child of children) pending.push([child, depth + 1]);
  }
}
