import type { ScimFilter } from '../filter/ast.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { subAttribute } from '../schema/catalogue.ts';
import { badRequest } from '../scim-error.ts';
import { coerceSimple, isObject, sameValue } from './values.ts';

/**
 * The element a value filter describes when it is only `sub eq value` comparisons joined by `and` (`type eq "work"`):
 * `{ type: "work" }`. Undefined for any other filter (or contradicting equalities), which cannot describe a new element.
 */
export function filterEqualities(def: AttributeDef, filter: ScimFilter): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const pending = [filter];
  for (let f = pending.pop(); f; f = pending.pop()) {
    if (f.op === 'and') {
      pending.push(f.left, f.right);
      continue;
    }
    if (f.op !== 'eq' || f.attr.uri || f.attr.sub !== undefined || f.value === null) return undefined;
    const sub = subAttribute(def, f.attr.name);
    if (!sub || sub.type === 'complex' || sub.mutability === 'readOnly') return undefined;
    let value: unknown;
    try {
      value = coerceSimple(sub, f.value);
    } catch {
      return undefined;
    }
    if (Object.hasOwn(out, sub.name) && !sameValue(out[sub.name], value)) return undefined;
    out[sub.name] = value;
  }
  return out;
}

/**
 * Whether an element matches a removal template (the `value` of an Entra-style `remove`): every member of the
 * template equals the element's, a `null` member meaning "absent there". Simple elements compare whole.
 */
export function matchesTemplate(element: unknown, template: unknown): boolean {
  if (!isObject(template)) return sameValue(element, template);
  if (!isObject(element)) return false;
  return Object.entries(template).every(([k, v]) => (v === null ? element[k] === undefined : sameValue(element[k], v)));
}

/** The elements of a multi-valued attribute that are marked `primary: true`. */
export function primaries(elements: unknown): Set<unknown> {
  return new Set(Array.isArray(elements) ? elements.filter((e) => isObject(e) && e.primary === true) : []);
}

/**
 * Keeps at most one `primary: true` element (RFC 7643 §2.4): the one an operation just made primary wins and the
 * others lose their `primary` mark; an operation that makes two elements primary is 400 invalidValue. `before` is
 * the set of primary elements (by identity) before the operation.
 */
export function settlePrimary(def: AttributeDef, elements: unknown, before: Set<unknown>): void {
  const now = [...primaries(elements)];
  if (now.length < 2) return;
  const fresh = now.filter((e) => !before.has(e));
  if (fresh.length > 1) throw badRequest('invalidValue', `At most one "${def.name}" value may be primary.`);
  const keep = fresh[0] ?? now[0];
  for (const e of now) if (e !== keep && isObject(e)) delete e.primary;
}
