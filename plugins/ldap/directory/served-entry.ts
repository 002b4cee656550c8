import { attributeKey } from '../schema/schema.ts';
import type { Entry } from '../search/entry.ts';
import { CompactAttributes } from './compact-attributes.ts';

/** An entry as served: the filter engine's view (`attrs` by attribute key) and what it is. */
export interface ServedEntry extends Entry {
  /** What the entry is, for visibility rules: the user pk it is, or the group pk, or neither (containers, the base). */
  owner: { kind: 'user'; pk: number } | { kind: 'group'; pk: string } | { kind: 'virtual-group'; pk: number } | { kind: 'container' };
}

/** Each attribute key's name as sent to clients: the first name it was served under (kept once, not per entry). */
const NAMES = new Map<string, string>();

/** The name an attribute key is served under. */
export const servedName = (key: string): string => NAMES.get(key) ?? key;

/** The key of an attribute name, remembering the name to serve it under. */
export function servedKey(name: string): string {
  const key = attributeKey(name);
  if (!NAMES.has(key)) NAMES.set(key, name);
  return key;
}

/**
 * Builds an entry from attribute names and values in serving order; a later name with the same key replaces the
 * earlier one, and empty values are left out. Arrays of non-empty strings are kept as given, so entries can share
 * constant ones (object classes, flags); nobody may mutate them.
 */
export function servedEntry(dn: string, ndn: string, owner: ServedEntry['owner'], attributes: [string, (string | number)[]][]): ServedEntry {
  const keys: string[] = [];
  const kept: string[][] = [];
  for (const [name, values] of attributes) {
    const ready = values.every((v) => typeof v === 'string' && v !== '');
    const list = ready ? (values as string[]) : values.filter((v) => v !== '').map(String);
    if (list.length === 0) continue;
    const key = servedKey(name);
    const at = keys.indexOf(key);
    if (at >= 0) kept[at] = list;
    else {
      keys.push(key);
      kept.push(list);
    }
  }
  return { dn, ndn, attrs: new CompactAttributes(keys, kept), owner };
}
