import { equalityKey } from '../search/filter-match.ts';
import type { ServedEntry } from './served-entry.ts';

/** The attributes whose values are indexed for equality (what clients look entries up by). */
export const INDEXED = new Set(['cn', 'uid', 'samaccountname', 'mail', 'memberof', 'member', 'uniquemember', 'memberuid', 'uidnumber', 'gidnumber', 'entryuuid', 'displayname']);

/** Entries by attribute and normalized value, for the indexed attributes. */
export class EqualityIndex {
  readonly #maps = new Map<string, Map<string, Set<ServedEntry>>>();

  add(entry: ServedEntry): void {
    this.#each(entry, (map, key) => {
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.add(entry);
    });
  }

  remove(entry: ServedEntry): void {
    this.#each(entry, (map, key) => {
      const set = map.get(key);
      set?.delete(entry);
      if (set?.size === 0) map.delete(key);
    });
  }

  /** The entries with this value, or null when the attribute is not indexed (or the value has no equality form). */
  lookup(attr: string, value: string): ReadonlySet<ServedEntry> | null {
    if (!INDEXED.has(attr)) return null;
    const key = equalityKey(attr, value);
    if (key === null) return null;
    return this.#maps.get(attr)?.get(key) ?? EMPTY;
  }

  #each(entry: ServedEntry, fn: (map: Map<string, Set<ServedEntry>>, key: string) => void): void {
    for (const attr of INDEXED) {
      const values = entry.attrs.get(attr);
      if (!values) continue;
      let map = this.#maps.get(attr);
      if (!map) this.#maps.set(attr, (map = new Map()));
      for (const v of values) {
        const key = equalityKey(attr, v);
        if (key !== null) fn(map, key);
      }
    }
  }
}

const EMPTY: ReadonlySet<ServedEntry> = new Set();
