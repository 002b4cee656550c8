import type { ElementFilter, RelatedFilter } from '../../../sdk/index.ts';
import { badRequest } from '../scim-error.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { subAttribute } from '../schema/catalogue.ts';
import type { ScimFilter } from './ast.ts';
import { mapTree, type Operand } from './filter-tree.ts';
import { leafOf, negated, testOf, type Leaf } from './leaf-test.ts';
import { attrPathText } from './words.ts';

/** What a related object's `value` and `display` read: its id, and a user's username or a group's name. */
const RELATED_TARGETS = new Map<string, 'id' | 'display'>([['value', 'id'], ['display', 'display']]);

/**
 * A value filter on ONE element of the multi-valued attribute `def` (written `parent`): targets are relative to the
 * element, `{path: [sub]}`, or `{path: []}` (named `value`) when the attribute holds plain values.
 */
export function elementFilter(def: AttributeDef, filter: ScimFilter, parent: string): ElementFilter {
  return mapTree(filter, (f): ElementFilter => {
    const { leaf, name } = leafIn(f, parent);
    if (!def.subAttributes) {
      if (leaf.attr.name.toLowerCase() !== 'value' || leaf.attr.sub !== undefined || leaf.attr.uri !== undefined) throw unknownSub(name);
      return leafOf<{ path: [] }>({ path: [] }, testOf(leaf, def, name));
    }
    const sub = leaf.attr.sub === undefined && leaf.attr.uri === undefined ? subAttribute(def, leaf.attr.name) : undefined;
    if (!sub) throw unknownSub(name);
    return leafOf<{ path: [string] }>({ path: [sub.name] }, testOf(leaf, sub, name));
  });
}

/** A value filter on the objects related through `def` (a user's `groups`, a group's `members`), written `parent`. */
export function relatedFilter(def: AttributeDef, filter: ScimFilter, parent: string): RelatedFilter {
  return mapTree(filter, (f): RelatedFilter => {
    const { leaf, name } = leafIn(f, parent);
    if (leaf.attr.sub !== undefined || leaf.attr.uri !== undefined) throw unknownSub(name);
    const { sub, target } = relatedSub(def, leaf.attr.name, name);
    const t = testOf(leaf, sub, name);
    if (t.kind !== 'compare') return negated(t.kind, { op: 'pr', target: { related: target } });
    // value and display are strings (RFC 7643 §4.1.2, §4.2), so testOf let only string values through.
    return { op: t.op, target: { related: target }, type: 'string', caseExact: t.caseExact, value: t.value };
  });
}

/** The sub-attribute of a relation's attribute that `name` names, and what it reads of a related object. */
export function relatedSub(def: AttributeDef, name: string, written: string): { sub: AttributeDef; target: 'id' | 'display' } {
  const sub = subAttribute(def, name);
  if (!sub) throw unknownSub(written);
  const target = RELATED_TARGETS.get(sub.name);
  if (!target) throw badRequest('invalidFilter', `"${written}" is not filterable.`);
  return { sub, target };
}

function leafIn(f: Operand, parent: string): { leaf: Leaf; name: string } {
  if (f.op === 'valuePath') throw badRequest('invalidFilter', `Value filters cannot be nested ("${parent}[${attrPathText(f.attr)}[...]]").`);
  return { leaf: f, name: `${parent}.${attrPathText(f.attr)}` };
}

const unknownSub = (name: string) => badRequest('invalidFilter', `Unknown sub-attribute "${name}" in the filter.`);
