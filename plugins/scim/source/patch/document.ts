import type { ResourceType } from '../schema/catalogue.ts';
import { isObject } from './values.ts';

/** The value at `keys` in a resource document, if any. */
export function getAt(doc: Record<string, unknown>, keys: string[]): unknown {
  let node: unknown = doc;
  for (const key of keys) {
    if (!isObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** Sets the value at `keys`, creating the containing objects (an extension's object) as needed. */
export function setAt(doc: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = doc;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = isObject(next) ? next : (node[key] = {});
  }
  node[keys.at(-1)!] = value;
}

/** Removes the value at `keys` (nothing when absent). */
export function deleteAt(doc: Record<string, unknown>, keys: string[]): void {
  const parent = getAt(doc, keys.slice(0, -1));
  if (isObject(parent)) delete parent[keys.at(-1)!];
}

/** The value with `null`s, empty arrays and empty objects removed, recursively; `undefined` when nothing is left. */
function pruned(value: unknown): unknown {
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(pruned).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (isObject(value)) {
    const entries = Object.entries(value).map(([k, v]) => [k, pruned(v)] as const).filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value;
}

/**
 * Settles a patched document: unassigned values (null, empty arrays, empty objects) are dropped (RFC 7643 §2.5
 * counts them as absent), and a `schemas` member, when the document has one, lists the core schema and the
 * extensions that have attributes.
 */
export function settle(type: ResourceType, doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(
    Object.entries(doc).map(([k, v]) => [k, k === 'schemas' ? v : pruned(v)] as const).filter(([, v]) => v !== undefined),
  );
  if (Object.hasOwn(out, 'schemas')) out.schemas = [type.schema, ...type.extensions.filter((e) => Object.hasOwn(out, e))];
  return out;
}
