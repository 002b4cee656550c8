import type { LiveDirectory, Logger, ServedProvider } from '../../sdk/index.ts';
import type { LdapConfig } from '../config.ts';
import { isDescendantOrSelf, normalizeDN } from '../protocol/dn.ts';
import { ProviderTree } from './provider-tree.ts';

/** A served LDAP provider with its entries. */
export interface LdapProvider {
  served: ServedProvider<LdapConfig>;
  tree: ProviderTree;
}

/**
 * Every LDAP provider's tree, kept in step with the live directory; replaced one provider at a time when providers
 * change (a provider whose base DN and numbers did not change keeps its tree).
 */
export class ServedProviders {
  readonly #directory: LiveDirectory;
  readonly #logger: Logger;
  #providers: LdapProvider[] = [];

  constructor(directory: LiveDirectory, logger: Logger) {
    this.#directory = directory;
    this.#logger = logger;
    directory.onChange((change) => {
      for (const p of this.#providers) p.tree.apply(change);
    });
  }

  /** Takes the current provider list, rebuilding the trees of new or renumbered providers. */
  update(served: readonly ServedProvider<LdapConfig>[]): void {
    const old = new Map(this.#providers.map((p) => [p.served.id, p]));
    this.#providers = served.flatMap((s) => {
      const tree = { base: s.config.base_dn.toLowerCase(), uidStart: s.config.uid_start_number, gidStart: s.config.gid_start_number };
      const kept = old.get(s.id);
      if (kept && kept.tree.tree.base === tree.base && kept.tree.tree.uidStart === tree.uidStart && kept.tree.tree.gidStart === tree.gidStart) return [{ served: s, tree: kept.tree }];
      try {
        return [{ served: s, tree: new ProviderTree(tree, this.#directory) }];
      } catch (err) {
        this.#logger.error(`LDAP provider ${s.name} is not served: its base DN ${JSON.stringify(s.config.base_dn)} cannot be read`, err);
        return [];
      }
    });
  }

  all(): readonly LdapProvider[] {
    return this.#providers;
  }

  /** The provider with the longest base DN at or above this DN (lowest id among equals); null when none is. */
  forDN(dn: string): LdapProvider | null {
    let ndn: string;
    try {
      ndn = normalizeDN(dn);
    } catch {
      return null;
    }
    let best: LdapProvider | null = null;
    for (const p of this.#providers) {
      if (!isDescendantOrSelf(ndn, p.tree.nbase)) continue;
      if (!best || p.tree.nbase.length > best.tree.nbase.length) best = p;
    }
    return best;
  }
}
