import type { SortKey } from '../../../sdk/index.ts';
import { badRequest, ScimError } from '../scim-error.ts';
import { resolveAttr, type ResourceType } from '../schema/catalogue.ts';
import { comparisonOf } from './comparison.ts';
import { parsePath } from './parse.ts';
import { toDocumentFilter } from './resolve.ts';

/**
 * The order a `sortBy` asks for (RFC 7644 §3.4.2.3): a single-valued attribute, compared by its type and case rule,
 * read where filters read it. Unknown, complex and multi-valued attributes are refused with invalidValue.
 */
export function sortKey(type: ResourceType, text: string, descending: boolean): SortKey {
  let path;
  try {
    path = parsePath(text);
  } catch (err) {
    if (err instanceof ScimError) throw badRequest('invalidValue', `sortBy ${JSON.stringify(text)} is not an attribute path.`);
    throw err;
  }
  const resolved = path.filter || path.sub ? undefined : resolveAttr(type, path.attr);
  if (!resolved) throw badRequest('invalidValue', `sortBy names no attribute of ${type.name}: ${JSON.stringify(text)}.`);
  const def = resolved.subDef ?? resolved.def;
  const where = toDocumentFilter(type, { op: 'pr', attr: path.attr });
  if (where.op !== 'pr' || def.type === 'complex') throw badRequest('invalidValue', `Cannot sort by ${JSON.stringify(text)}: it is complex or multi-valued.`);
  return { target: where.target, ...comparisonOf(def), descending };
}
