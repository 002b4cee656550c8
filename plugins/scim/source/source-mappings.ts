import type { Directory, PropertyMapping, SourceKind } from '../../sdk/index.ts';
import { SOURCE_MAPPING_TYPE } from './local-mapping.ts';

/** How long mappings read from the directory are used before they are read again. */
const FRESH_MS = 1000;

/**
 * A source instance's property mappings: the pks its configuration names per kind (fixed for the instance, which
 * the host recreates when the configuration changes), read through the directory at most once a second per kind,
 * so an edited mapping applies within a second.
 */
export class SourceMappings {
  readonly #directory: Directory;
  readonly #pks: Record<SourceKind, string[]>;
  readonly #read = new Map<SourceKind, { at: number; mappings: Promise<PropertyMapping[]> }>();

  constructor(directory: Directory, pks: Record<SourceKind, string[]>) {
    this.#directory = directory;
    this.#pks = pks;
  }

  /** Whether the configuration names mappings for the kind. */
  configured(kind: SourceKind): boolean {
    return this.#pks[kind].length > 0;
  }

  /** The kind's `scim-source` mappings in name order (deleted ones left out); no query when the configuration names none. */
  of(kind: SourceKind): Promise<PropertyMapping[]> {
    if (!this.configured(kind)) return Promise.resolve([]);
    const cached = this.#read.get(kind);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.mappings;
    const entry = { at: Date.now(), mappings: this.#directory.mappings(this.#pks[kind], SOURCE_MAPPING_TYPE) };
    this.#read.set(kind, entry);
    entry.mappings.catch(() => {
      if (this.#read.get(kind) === entry) this.#read.delete(kind);
    });
    return entry.mappings;
  }
}
