/** An entry as searches evaluate it. */
import { normalizeDN } from '../protocol/dn.ts';
import { attributeKey } from '../schema/schema.ts';

/** A directory entry: its DN as served, the normalized DN, and its values keyed by attributeKey (values as served). */
export interface Entry {
  dn: string;
  ndn: string;
  attrs: ReadonlyMap<string, string[]>;
}

/** An Entry from served attributes; names that share a type (`cn`, `commonName`) have their values merged, empty lists are left out. */
export function makeEntry(dn: string, attributes: Readonly<Record<string, string | readonly string[]>>): Entry & { attrs: Map<string, string[]> } {
  const attrs = new Map<string, string[]>();
  for (const [name, values] of Object.entries(attributes)) {
    if (typeof values !== 'string' && values.length === 0) continue;
    const key = attributeKey(name);
    const list = attrs.get(key) ?? [];
    list.push(...(typeof values === 'string' ? [values] : values));
    attrs.set(key, list);
  }
  return { dn, ndn: normalizeDN(dn), attrs };
}
