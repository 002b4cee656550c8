import { readFileSync } from 'node:fs';
import type { AttributeDef } from '../../plugins/scim/source/schema/attribute.ts';

/*
 * Vectors (test/fixtures/scim-conformance, unchanged copies, see SOURCES.md):
 * - scim2-parse-filter-vectors.json: every filter thomaspoignant/scim2-parse-filter's tests parse, with its AST, and
 *   the evaluations of compiled filters.
 * - scimmy-types-filter.json: SCIMMY's filter fixtures, in SCIMMY's notation (a list of alternatives, each an object of
 *   attribute → condition).
 * Both libraries accept some text outside RFC 7644's grammar (figure 1); this parser follows the RFC and refuses it.
 * Each refusal in the scim-filter-parse tests names the rule, one of those below.
 */

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/scim-conformance/${name}`, import.meta.url), 'utf8'));
export const upstream = fixture('scim2-parse-filter-vectors.json') as {
  parsed: { filter: string; ast: Upstream }[];
  matches: { test: string; filter: string; resource: Record<string, unknown>; result: boolean }[];
};
export const scimmy = fixture('scimmy-types-filter.json');

/** A filter in scim2-parse-filter's AST. */
export type Upstream = { op: string; attrPath?: string; compValue?: unknown; filters?: Upstream[]; filter?: Upstream; valFilter?: Upstream };

// RFC 7644 grammar rules the refusals rest on.
export const NOT_NEEDS_PARENS = /^Expected "\(" after "not"/; // valFilter = ... / *1"not" "(" valFilter ")"
export const NO_NESTED_BRACKETS = /^Value filters cannot be nested/; // §3.4.2.2: sub-attributes are simple, brackets one level
export const SUB_AFTER_BRACKET_IS_PATCH_ONLY = /is only allowed in a PATCH path/; // §3.5.2 PATH only: valuePath [subAttr]
export const VALUE_PATH_IS_A_FILTER = /is a complete filter and takes no operator/; // FILTER = ... / valuePath
export const ATTRNAME = /^Invalid attribute name/; // ATTRNAME = ALPHA *(nameChar)
export const COMP_VALUE = /^Invalid value/; // compValue = false / null / true / number / string (quoted)

/** A single-valued, readWrite attribute definition of one type. */
export function simple(name: string, type: AttributeDef['type']): AttributeDef {
  return { name, type, multiValued: false, required: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' };
}
