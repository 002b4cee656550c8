import type { DirectoryUser } from '../../sdk/index.ts';
import type { ServedEntry } from '../directory/served-entry.ts';
import type { LdapProvider } from '../directory/served-providers.ts';

/**
 * How a bound user sees a provider's entries. Members of the search group (or a group below it) see everything;
 * anyone else sees the base and containers, their own entry and virtual group, and their own groups with the member
 * lists cut down to themselves. Returns the entry to serve, or null when it is hidden.
 */
export function viewer(provider: LdapProvider, userPk: number): (entry: ServedEntry) => ServedEntry | null {
  const group = provider.served.config.search_group;
  if (group && provider.tree.isDeepMember(userPk, group)) return (entry) => entry;
  const user = provider.tree.userByPk(userPk);
  const own = new Set(user?.groups ?? []);
  return (entry) => {
    const owner = entry.owner;
    if (owner.kind === 'container') return entry;
    if (owner.kind === 'user' || owner.kind === 'virtual-group') return owner.pk === userPk ? entry : null;
    if (!own.has(owner.pk)) return null;
    return provider.tree.groupEntryFor(owner.pk, user as DirectoryUser) ?? null;
  };
}
