import { matchesElement } from '../filter/evaluate.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { subAttribute } from '../schema/catalogue.ts';
import { badRequest } from '../scim-error.ts';
import { deleteAt, getAt, setAt } from './document.ts';
import { filterEqualities, matchesTemplate, primaries, settlePrimary } from './multi-valued.ts';
import type { PatchOperation } from './patch-request.ts';
import type { Target } from './target.ts';
import { coerceComplex, coerceElements, coerceSimple, isObject, sameValue, withoutNulls } from './values.ts';

type Doc = Record<string, unknown>;

/** An immutable attribute may go from absent to a value, never from one value to another or to absent. */
function guardImmutable(def: AttributeDef, current: unknown, next: unknown): void {
  if (def.mutability === 'immutable' && current !== undefined && !sameValue(current, next)) {
    throw badRequest('mutability', `"${def.name}" is immutable: it can be set once, not changed or removed.`);
  }
}

/** Sets (or with `null` unassigns) one sub-attribute of a complex value, in place. */
function putSub(obj: Doc, sub: AttributeDef, value: unknown): void {
  guardImmutable(sub, obj[sub.name], value === null ? undefined : value);
  if (value === null) delete obj[sub.name];
  else obj[sub.name] = value;
}

/** Merges sub-attributes into a complex value (RFC 7644 §3.5.2.3: sub-attributes not given stay as they are). */
function mergeInto(def: AttributeDef, obj: Doc, value: Doc): void {
  for (const [name, v] of Object.entries(value)) putSub(obj, subAttribute(def, name)!, v);
}

const arrayAt = (doc: Doc, keys: string[]): unknown[] => {
  const v = getAt(doc, keys);
  return Array.isArray(v) ? [...v] : v === undefined ? [] : [v];
};

/** The elements a target's filter selects; the filter's names are checked even when there is no element. */
function selected(elements: unknown[], t: Target): unknown[] {
  if (elements.length === 0) matchesElement(undefined, t.filter!, t.def);
  return elements.filter((e) => matchesElement(e, t.filter!, t.def));
}

const noMatch = (t: Target) => badRequest('noTarget', `"${t.text}": the filter matches no value.`);

/**
 * add/replace through a value filter: every matching element gets the value (merged, or as its sub-attribute).
 * When nothing matches and the filter is only `and`ed equalities, a new element is made of those equalities and
 * the value (Entra and Okta send `emails[type eq "work"].value` for a user without a work e-mail); otherwise noTarget.
 */
function writeFiltered(doc: Doc, t: Target, raw: unknown): void {
  const { def, sub, filter } = t;
  const elements = arrayAt(doc, t.keys);
  const value = raw === null ? null : sub ? coerceSimple(sub, raw) : coerceComplex(def, raw);
  const matches = selected(elements, t);
  if (matches.length === 0) {
    const equalities = filterEqualities(def, filter!);
    if (!equalities || value === null) throw noMatch(t);
    elements.push(sub ? { ...equalities, [sub.name]: value } : { ...equalities, ...withoutNulls(value as Doc) });
  } else if (value === null && !sub) {
    setAt(doc, t.keys, elements.filter((e) => !matches.includes(e)));
    return;
  } else {
    for (const m of matches) {
      if (!isObject(m)) continue;
      if (sub) putSub(m, sub, value);
      else mergeInto(def, m, value as Doc);
    }
  }
  setAt(doc, t.keys, elements);
}

/** add or replace at a target; `null` unassigns (RFC 7643 §2.5). */
function write(doc: Doc, t: Target, op: 'add' | 'replace', raw: unknown): void {
  const { def, sub, keys } = t;
  if (t.filter) return writeFiltered(doc, t, raw);
  const current = getAt(doc, keys);
  if (sub) {
    const value = raw === null ? null : coerceSimple(sub, raw);
    if (!def.multiValued) {
      const obj = isObject(current) ? current : {};
      putSub(obj, sub, value);
      setAt(doc, keys, obj);
      return;
    }
    const elements = arrayAt(doc, keys);
    if (elements.length === 0 && value !== null) elements.push({ [sub.name]: value });
    for (const e of elements) if (isObject(e)) putSub(e, sub, value);
    setAt(doc, keys, elements);
    return;
  }
  if (def.multiValued) {
    const next = op === 'add' ? arrayAt(doc, keys) : [];
    for (const element of raw === null ? [] : coerceElements(def, raw)) if (!next.some((e) => sameValue(e, element))) next.push(element);
    guardImmutable(def, current, next);
    setAt(doc, keys, next);
    return;
  }
  if (def.type === 'complex' && raw !== null) {
    const obj = isObject(current) ? current : {};
    mergeInto(def, obj, coerceComplex(def, raw, true));
    setAt(doc, keys, obj);
    return;
  }
  const value = raw === null ? undefined : coerceSimple(def, raw);
  guardImmutable(def, current, value);
  if (value === undefined) deleteAt(doc, keys);
  else setAt(doc, keys, value);
}

/** The templates of an Entra-style `remove` with a value: each names the elements (or the value) to remove. */
function removalTemplates(def: AttributeDef, raw: unknown): unknown[] {
  return (Array.isArray(raw) ? raw : [raw]).map((item) => {
    if (Array.isArray(item) || item === null) throw badRequest('invalidValue', `A "${def.name}" value to remove must be a value, not a list or null.`);
    const template = def.type === 'complex' ? coerceComplex(def, item, !def.multiValued) : coerceSimple(def, item);
    if (isObject(template) && Object.keys(template).length === 0) throw badRequest('invalidValue', `A "${def.name}" value to remove must name a sub-attribute.`);
    return template;
  });
}

/**
 * remove at a target: with a filter, the matching elements (or their sub-attribute; noTarget when none match);
 * with a `value`, the elements (or the single value) that match it; else the attribute or sub-attribute.
 */
function remove(doc: Doc, t: Target, raw: unknown): void {
  const { def, sub, keys } = t;
  if (t.filter) {
    const elements = arrayAt(doc, keys);
    const matches = selected(elements, t);
    if (matches.length === 0) throw noMatch(t);
    if (!sub) setAt(doc, keys, elements.filter((e) => !matches.includes(e)));
    else for (const m of matches) if (isObject(m)) putSub(m, sub, null);
    return;
  }
  const current = getAt(doc, keys);
  if (sub) {
    for (const e of def.multiValued ? arrayAt(doc, keys) : [current]) if (isObject(e)) putSub(e, sub, null);
    return;
  }
  if (raw !== undefined && raw !== null) {
    const templates = removalTemplates(def, raw);
    if (def.multiValued) {
      setAt(doc, keys, arrayAt(doc, keys).filter((e) => !templates.some((tpl) => matchesTemplate(e, tpl))));
      return;
    }
    if (!templates.some((tpl) => matchesTemplate(current, tpl))) return;
  }
  guardImmutable(def, current, undefined);
  deleteAt(doc, keys);
}

/**
 * Applies one operation at a target, in place. A readOnly target is 400 mutability, except an add/replace that
 * gives the value it already has (Okta sends a group's `id` in a no-path rename), which changes nothing. After an
 * operation on a multi-valued attribute with `primary`, at most one element stays primary.
 */
export function applyAt(doc: Doc, t: Target, op: PatchOperation['op'], raw: unknown): void {
  if (t.def.mutability === 'readOnly' || t.sub?.mutability === 'readOnly') {
    if (op !== 'remove' && !t.filter && !t.sub && sameValue(getAt(doc, t.keys), raw)) return;
    throw badRequest('mutability', `"${t.text}" is read-only.`);
  }
  const before = primaries(getAt(doc, t.keys));
  if (op === 'remove') remove(doc, t, raw);
  else write(doc, t, op, raw);
  if (t.def.multiValued && subAttribute(t.def, 'primary')) settlePrimary(t.def, getAt(doc, t.keys), before);
}
