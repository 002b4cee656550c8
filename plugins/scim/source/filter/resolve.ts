import type { DocumentFilter, HostField, Relation } from '../../../sdk/index.ts';
import { badRequest } from '../scim-error.ts';
import { resolveAttr, subAttribute, type ResolvedAttr, type ResourceType, type ResourceTypeName } from '../schema/catalogue.ts';
import type { AttrPath, ScimFilter } from './ast.ts';
import { compareValue } from './comparison.ts';
import { mapTree } from './filter-tree.ts';
import { asksPresence, leafOf, negated, presence, testOf, type Leaf, type Test } from './leaf-test.ts';
import { elementFilter, relatedFilter, relatedSub } from './value-filter.ts';
import { attrPathText } from './words.ts';

/** Always true (every object has an id), and always false. */
const ALWAYS: DocumentFilter = { op: 'pr', target: { field: 'id' } };
const NEVER: DocumentFilter = { op: 'not', filter: ALWAYS };

/** Core-schema attributes the host keeps as fields. */
const HOST_FIELDS: Record<ResourceTypeName, Map<string, HostField>> = {
  User: new Map([['userName', 'name'], ['active', 'active']]),
  Group: new Map([['displayName', 'name']]),
};
const COMMON_FIELDS = new Map<string, HostField>([['id', 'id'], ['externalId', 'externalId'], ['meta.created', 'created'], ['meta.lastModified', 'lastModified']]);
/** The multi-valued attribute that lists related objects, and the relation the host keeps for it. */
const RELATIONS: Record<ResourceTypeName, { attribute: string; relation: Relation }> = {
  User: { attribute: 'groups', relation: 'groups' },
  Group: { attribute: 'members', relation: 'members' },
};

/**
 * Resolves a parsed filter against a resource type's schema into the host's DocumentFilter; every failure is a 400
 * ScimError invalidFilter. `and`/`or` chains become one node. Where attributes go:
 * - `id`, `externalId`, `meta.created`, `meta.lastModified` (xsd:dateTime values) and, for a User, `userName`
 *   (`name`) and `active`, for a Group, `displayName` (`name`): host fields (a User's `displayName` is what the
 *   source sent, in the document). `meta.resourceType` and
 *   `meta pr`: always true (`{op:'pr',target:{field:'id'}}`) or always false (`not` of it). Other `meta`
 *   sub-attributes and attributes never returned (`password`): refused.
 * - A User's `groups`, a Group's `members`: `{op:'related', relation, filter}` on `{related:'id'}` (`value`) and
 *   `{related:'display'}` (`display`).
 * - Other multi-valued attributes: `{op:'some', path, filter}` with element-relative targets (`{path:['value']}`,
 *   `{path:[]}` for plain values); `x op v` on a multi-valued complex `x` compares `x.value` (RFC 7644 §3.4.2.2).
 * - `x[f]`: `{op:'some', path, filter: f}` (or `related`), `f` holding for one element: both sides of its `and`.
 * - Anything else: `{path: keys}` (an extension's attributes under its URN).
 * Presence is about the whole path: `x pr` is `{op:'pr',target}`, `some(path, {op:'pr',target:{path:[]}})` (or
 * `{path:[sub]}`) for a multi-valued `x`, `related(relation, {op:'pr',target:{related:'id'}})` (or `display`) for a
 * relation; `x ne null` is `x pr`; `x eq null` is `{op:'not', filter: <x pr>}`. Inside `x[...]`, they apply to one
 * element. Comparisons carry the value type and caseExact of the attribute's definition.
 * With `sentInDocument` (the source has property mappings, which may write other local values), a User's `userName`
 * and `active` and a Group's `displayName` read the document where it keeps the sent value, else the host field.
 */
export function toDocumentFilter(type: ResourceType, filter: ScimFilter, opts: { sentInDocument?: boolean } = {}): DocumentFilter {
  return mapTree(filter, (f): DocumentFilter => (f.op === 'valuePath' ? valuePath(type, f) : leaf(type, f, opts.sentInDocument ?? false)));
}

/** The test on the value the document keeps at `path` when it keeps one, else on the host field. */
function sentOrLocal(field: HostField, path: string[], t: Test): DocumentFilter {
  const kept: DocumentFilter = { op: 'pr', target: { path } };
  return { op: 'or', filters: [{ op: 'and', filters: [kept, leafOf({ path }, t)] }, { op: 'and', filters: [{ op: 'not', filter: kept }, leafOf({ field }, t)] }] };
}

function valuePath(type: ResourceType, f: ScimFilter & { op: 'valuePath' }): DocumentFilter {
  const r = resolve(type, f.attr);
  const name = attrPathText(f.attr);
  if (r.subDef || !r.def.multiValued) throw badRequest('invalidFilter', `"${name}" is not a multi-valued attribute; it cannot take a value filter.`);
  const relation = relationOf(type, r);
  return relation
    ? { op: 'related', relation, filter: relatedFilter(r.def, f.filter, name) }
    : { op: 'some', path: r.keys, filter: elementFilter(r.def, f.filter, name) };
}

function leaf(type: ResourceType, f: Leaf, sentInDocument: boolean): DocumentFilter {
  const r = resolve(type, f.attr);
  const name = attrPathText(f.attr);
  const key = r.subDef ? `${r.def.name}.${r.subDef.name}` : r.def.name;
  const def = r.subDef ?? r.def;
  if (r.schema === null) {
    const field = COMMON_FIELDS.get(key);
    if (field) return leafOf({ field }, testOf(f, def, name));
    if (key === 'meta') return constant(testOf(f, def, name), undefined);
    if (key === 'meta.resourceType') return constant(testOf(f, def, name), type.name);
    throw badRequest('invalidFilter', `"${name}" is not filterable.`);
  }
  const field = r.schema === type.schema ? HOST_FIELDS[type.name].get(key) : undefined;
  if (field) return sentInDocument ? sentOrLocal(field, r.keys, testOf(f, def, name)) : leafOf({ field }, testOf(f, def, name));
  if (!r.def.multiValued) return leafOf({ path: r.keys }, testOf(f, def, name));
  // Multi-valued: presence is about the whole attribute, a comparison about one element (`value` when none is named).
  const relation = relationOf(type, r);
  const sub = r.subDef?.name ?? 'value';
  const parent = attrPathText({ ...f.attr, sub: undefined });
  const p = asksPresence(f) ? presence(f, name) : undefined;
  if (relation) {
    if (!p) return { op: 'related', relation, filter: relatedFilter(r.def, { ...f, attr: { name: sub } }, parent) };
    return negated(p, { op: 'related', relation, filter: { op: 'pr', target: { related: relatedSub(r.def, sub, name).target } } });
  }
  const path = r.subDef ? r.keys.slice(0, -1) : r.keys;
  if (p) return negated(p, { op: 'some', path, filter: { op: 'pr', target: { path: r.subDef ? [r.subDef.name] : [] } } });
  if (!r.subDef && r.def.subAttributes && !subAttribute(r.def, 'value')) throw badRequest('invalidFilter', `"${name}" is complex; compare one of its sub-attributes.`);
  return { op: 'some', path, filter: elementFilter(r.def, { ...f, attr: { name: sub } }, parent) };
}

function resolve(type: ResourceType, attr: AttrPath): ResolvedAttr {
  const r = resolveAttr(type, attr);
  if (!r) throw badRequest('invalidFilter', `Unknown attribute "${attrPathText(attr)}" in the filter.`);
  if (r.def.returned === 'never' || r.subDef?.returned === 'never') {
    throw badRequest('invalidFilter', `"${attrPathText(attr)}" is never returned and cannot be filtered on.`);
  }
  return r;
}

const relationOf = (type: ResourceType, r: ResolvedAttr) =>
  r.schema === type.schema && r.def.name === RELATIONS[type.name].attribute ? RELATIONS[type.name].relation : undefined;

/** A filter whose value is known without reading any object: `actual` is the attribute's value in every object. */
function constant(t: Test, actual: string | undefined): DocumentFilter {
  if (t.kind !== 'compare') return t.kind === 'pr' ? ALWAYS : NEVER;
  return compareValue(actual, t.op, t.value, t) ? ALWAYS : NEVER;
}
