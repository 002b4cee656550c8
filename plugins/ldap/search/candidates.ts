import type { EqualityIndex } from '../directory/equality-index.ts';
import type { ServedEntry } from '../directory/served-entry.ts';
import type { Filter } from '../protocol/types.ts';
import { attributeKey } from '../schema/schema.ts';

/**
 * The entries a filter can match, from the equality index, when it says so cheaply: an indexed equality, an AND
 * with one (the smallest set), or an OR of them all. Null means every entry must be tested. The filter is still
 * applied to every candidate afterwards.
 */
export function candidates(filter: Filter, index: EqualityIndex): ReadonlySet<ServedEntry> | null {
  switch (filter.type) {
    case 'equality':
      return index.lookup(attributeKey(filter.attribute), filter.value);
    case 'and': {
      let best: ReadonlySet<ServedEntry> | null = null;
      for (const f of filter.filters) {
        const found = candidates(f, index);
        if (found && (!best || found.size < best.size)) best = found;
      }
      return best;
    }
    case 'or': {
      if (filter.filters.length === 0) return null;
      const union = new Set<ServedEntry>();
      for (const f of filter.filters) {
        const found = candidates(f, index);
        if (!found) return null;
        for (const e of found) union.add(e);
      }
      return union;
    }
    default:
      return null;
  }
}
