import { equalityKey } from '../search/filter-match.ts';
import type { ServedEntry } from './served-entry.ts';

/** The attributes whose values are indexed for equality (what clients look entries up by). */
export const INDEXED = new Set(['cn', 'uid', 'samaccountname', 'mail', 'memberof', 'member', 'uniquemember', 'memberuid', 'uidnumber', 'gidnumber', 'entryuuid', 'displayname']);

/** One entry, a few in an array (a user and its virtual group share cn, uid and gidNumber), or a set for many (a group's members' memberOf). */
type Slot = ServedEntry | ServedEntry[] | Set<ServedEntry>;

/** Entries per value kept in an array before a set takes over. */
const ARRAY_MAX = 8;

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
        else if (Array.isArray(slot)) {
          if (slot.includes(entry)) continue;
          if (slot.length < ARRAY_MAX) slot.push(entry);
          else map.set(key, new Set([...slot, entry]));
        } else if (slot !== entry) map.set(key, [slot, entry]);
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
          if (slot.size <= ARRAY_MAX) map.set(key, [...slot]);
        } else if (Array.isArray(slot)) {
          const left = slot.filter((e) => e !== entry);
          if (left.length !== slot.length) map.set(key, left.length === 1 ? left[0] : left);
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
    return slot === undefined ? EMPTY : slot instanceof Set ? slot : new Set(Array.isArray(slot) ? slot : [slot]);
  }

  *#indexed(entry: ServedEntry): Iterable<[string, string[]]> {
    for (const [attr, values] of entry.attrs) if (INDEXED.has(attr)) yield [attr, values];
  }
}

const EMPTY: ReadonlySet<ServedEntry> = new Set();
