import { attributeKey } from '../schema/schema.ts';
import type { Entry } from '../search/entry.ts';

/** An entry as served: the filter engine's view (`attrs` by attribute key) plus each attribute's name as sent to clients. */
export interface ServedEntry extends Entry {
  names: Map<string, string>;
  /** What the entry is, for visibility rules: the user pk it is, or the group pk, or neither (containers, the base). */
  owner: { kind: 'user'; pk: number } | { kind: 'group'; pk: string } | { kind: 'virtual-group'; pk: number } | { kind: 'container' };
}

/** Builds an entry from attribute names and values in serving order; a later name with the same key replaces the earlier one, and empty values are left out. */
export function servedEntry(dn: string, ndn: string, owner: ServedEntry['owner'], attributes: [string, (string | number)[]][]): ServedEntry {
  const attrs = new Map<string, string[]>();
  const names = new Map<string, string>();
  for (const [name, values] of attributes) {
    const kept = values.map(String).filter((v) => v !== '');
    const key = attributeKey(name);
    if (kept.length === 0) continue;
    attrs.set(key, kept);
    names.set(key, name);
  }
  return { dn, ndn, attrs, names, owner };
}
