import { badRequest } from '../scim-error.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { subAttribute } from '../schema/catalogue.ts';
import type { AttrPath, ScimFilter } from './ast.ts';
import { checkComparison, compareValue, isPresent } from './comparison.ts';
import { asksPresence, presence, type Leaf } from './leaf-test.ts';
import { attrPathText } from './words.ts';

/**
 * Whether ONE element of a multi-valued attribute, defined by `def`, matches a value filter (the `[...]` of
 * `emails[type eq "work"]`): the filter names `def`'s sub-attributes, case-insensitively; for an attribute of plain
 * values `value` names the element itself. Strings compare with the sub-attribute's caseExact, dateTimes as instants;
 * a missing value equals nothing (`ne` holds); `pr` is false for null, "", [] and {}; `x eq null` is `not (x pr)`.
 * Should a sub-attribute be complex or multi-valued, the rules of `toDocumentFilter` apply (`x.y`, `x[...]`, some value
 * of a multi-valued `x`, `x.value` for `x op v` on a multi-valued complex `x`). Unknown sub-attributes and type
 * mismatches throw a 400 ScimError invalidFilter whatever the element holds.
 */
export function matchesElement(element: unknown, filter: ScimFilter, def: AttributeDef): boolean {
  switch (filter.op) {
    case 'and':
    case 'or': {
      const left = matchesElement(element, filter.left, def);
      const right = matchesElement(element, filter.right, def);
      return filter.op === 'and' ? left && right : left || right;
    }
    case 'not':
      return !matchesElement(element, filter.filter, def);
    case 'valuePath': {
      const sub = member(def, filter.attr);
      if (!sub.multiValued || filter.attr.sub !== undefined) throw badRequest('invalidFilter', `"${named(def, filter.attr)}" is not a multi-valued attribute; it cannot take a value filter.`);
      const values = list(field(element, sub.name));
      // With no values the inner filter still runs once, on nothing, so that its names are checked whatever the data.
      const hits = (values.length > 0 ? values : [undefined]).map((v) => matchesElement(v, filter.filter, sub));
      return values.length > 0 && hits.some(Boolean);
    }
    default:
      return leaf(element, filter, def);
  }
}

function leaf(element: unknown, f: Leaf, def: AttributeDef): boolean {
  const name = named(def, f.attr);
  const { values, target } = operand(element, f.attr, def, asksPresence(f));
  if (f.op === 'pr' || f.value === null) return values.some(isPresent) === (presence(f, name) === 'pr');
  const how = checkComparison(target, name, f.op, f.value);
  const expected = f.value;
  return values.some((v) => compareValue(v, f.op, expected, how));
}

/** The values an attribute path reads in an element (one for a singular one, any number for a multi-valued one). */
function operand(element: unknown, attr: AttrPath, def: AttributeDef, presence: boolean): { values: unknown[]; target: AttributeDef } {
  if (!def.subAttributes) {
    if (attr.name.toLowerCase() !== 'value' || attr.sub !== undefined || attr.uri !== undefined) throw unknown(def, attr);
    return { values: [element], target: def };
  }
  const sub = member(def, attr);
  const held = field(element, sub.name);
  const values = sub.multiValued ? list(held) : [held];
  if (attr.sub !== undefined) {
    const inner = subAttribute(sub, attr.sub);
    if (!inner) throw unknown(def, attr);
    return { values: values.map((v) => field(v, inner.name)), target: inner };
  }
  if (presence || !sub.multiValued || sub.type !== 'complex') return { values, target: sub };
  const value = subAttribute(sub, 'value');
  if (!value) throw badRequest('invalidFilter', `"${named(def, attr)}" is complex; compare one of its sub-attributes.`);
  return { values: values.map((v) => field(v, value.name)), target: value };
}

function member(def: AttributeDef, attr: AttrPath): AttributeDef {
  const sub = attr.uri === undefined ? subAttribute(def, attr.name) : undefined;
  if (!sub) throw unknown(def, attr);
  return sub;
}

/** A key of a plain object, by exact name or else case-insensitively. */
function field(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (Object.hasOwn(record, name)) return record[name];
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : record[key];
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const named = (def: AttributeDef, attr: AttrPath) => `${def.name}.${attrPathText(attr)}`;

const unknown = (def: AttributeDef, attr: AttrPath) => badRequest('invalidFilter', `Unknown sub-attribute "${named(def, attr)}" in the filter.`);
