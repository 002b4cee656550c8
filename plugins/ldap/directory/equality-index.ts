import { equalityKey } from '../search/filter-match.ts';
import type { ServedEntry } from './served-entry.ts';

/** The attributes whose values are indexed for equality (what clients look entries up by). */
export const INDEXED = new Set(['cn', 'uid', 'samaccountname', 'mail', 'memberof', 'member', 'uniquemember', 'memberuid', 'uidnumber', 'gidnumber', 'entryuuid', 'displayname']);

/** One entry, or a set once a value is shared (most values are unique, and a set per value would dominate memory). */
type Slot = ServedEntry | Set<ServedEntry>;

/** Entries by attribute and normalized value, for the indexed attributes. */
export class EqualityIndex {
  readonly #maps = new Map<string, Map<string, Slot>>();

  add(entry: ServedEntry): void {
    for (const [attr, values] of this.#indexed(entry)) {
      let map = this.#maps.get(attr);
      if (!map) this.#maps.set(attr, (map = new Map()));
      for (const v of values) {
        const key = equalityKey(attr, v);
        if (key === null) continue;
        const slot = map.get(key);
        if (slot === undefined) map.set(key, entry);
        else if (slot instanceof Set) slot.add(entry);
        else if (slot !== entry) map.set(key, new Set([slot, entry]));
      }
    }
  }

  remove(entry: ServedEntry): void {
    for (const [attr, values] of this.#indexed(entry)) {
      const map = this.#maps.get(attr);
      if (!map) continue;
      for (const v of values) {
        const key = equalityKey(attr, v);
        if (key === null) continue;
        const slot = map.get(key);
        if (slot === entry) map.delete(key);
        else if (slot instanceof Set) {
          slot.delete(entry);
          if (slot.size === 1) map.set(key, slot.values().next().value!);
        }
      }
    }
  }

  /** The entries with this value, or null when the attribute is not indexed (or the value has no equality form). */
  lookup(attr: string, value: string): ReadonlySet<ServedEntry> | null {
    if (!INDEXED.has(attr)) return null;
    const key = equalityKey(attr, value);
    if (key === null) return null;
    const slot = this.#maps.get(attr)?.get(key);
    return slot === undefined ? EMPTY : slot instanceof Set ? slot : new Set([slot]);
  }

  *#indexed(entry: ServedEntry): Iterable<[string, string[]]> {
    for (const [attr, values] of entry.attrs) if (INDEXED.has(attr)) yield [attr, values];
  }
}

const EMPTY: ReadonlySet<ServedEntry> = new Set();
