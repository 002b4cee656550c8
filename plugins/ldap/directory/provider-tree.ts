import type { DirectoryChange, DirectoryGroup, DirectoryUser, LiveDirectory } from '../../sdk/index.ts';
import { childNDN, normalizeDN } from '../protocol/dn.ts';
import { attributeType } from '../schema/schema.ts';
import { containerEntries, groupEntry, userEntry, userValues, virtualGroupEntry, type Tree } from './entry-builders.ts';
import { EqualityIndex } from './equality-index.ts';
import { anyGroupAbove, childrenOf, groupAndBelow } from './group-ancestry.ts';
import { servedName, type ServedEntry } from './served-entry.ts';
import { UsernameIndex } from './username-index.ts';

/**
 * One provider's entries, built from the live directory and rebuilt object by object as it changes: a user's entry
 * depends on its groups' names and superuser flags, a group's on its members' usernames, so a change to one
 * rebuilds the others it shows in. Entries keep the position their object first got, so results come in a stable
 * order: the containers, users by number, groups, virtual groups.
 */
export class ProviderTree {
  readonly tree: Tree;
  readonly nbase: string;
  readonly index = new EqualityIndex();
  /** The custom attribute names entries have carried (declared in the schema, so filters on them are not Undefined). */
  readonly customNames = new Set<string>();
  /** Attribute keys seen already (known or custom), so each entry's keys are classified once. */
  readonly #known = new Set<string>();
  readonly #directory: LiveDirectory;
  /** What members show of each group (name, parent, superuser flag), to tell a membership change from one they must show. */
  readonly #groupFacts = new Map<string, string>();
  /** The normalized DNs of the three containers. */
  readonly #parents: { users: string; groups: string; virtual: string };
  readonly #byNdn = new Map<string, ServedEntry>();
  readonly #users = new Map<number, ServedEntry>();
  readonly #groups = new Map<string, ServedEntry>();
  readonly #virtual = new Map<number, ServedEntry>();
  readonly #order = new Map<string, number>();
  readonly #usernames = new UsernameIndex();
  /** Entries whose DN an entry of an earlier object holds (names equal under the DN's matching rules), waiting for it. */
  readonly #shadowed = new Map<string, Set<ServedEntry>>();
  #containers: ServedEntry[] = [];
  #sorted: ServedEntry[] | null = null;

  constructor(tree: Tree, directory: LiveDirectory) {
    this.tree = tree;
    this.nbase = normalizeDN(tree.base);
    this.#parents = { users: normalizeDN(`ou=users,${tree.base}`), groups: normalizeDN(`ou=groups,${tree.base}`), virtual: normalizeDN(`ou=virtual-groups,${tree.base}`) };
    this.#directory = directory;
    this.#containers = containerEntries(tree, normalizeDN);
    for (const c of this.#containers) this.#put(c, `c:${c.ndn}`);
    this.apply({ users: [...directory.users().keys()], groups: [...directory.groups().keys()] });
  }

  /**
   * Rebuilds what a change touched, and what shows the touched objects: a group's members (and those of the groups
   * below it) only when what they show of it changed (its name, parent or superuser flag), not for a membership
   * change, whose users the change names itself.
   */
  apply(change: DirectoryChange): void {
    const users = new Set(change.users);
    const groups = new Set(change.groups);
    const allGroups = this.#directory.groups();
    const allUsers = this.#directory.users();
    const reshown = change.groups.filter((pk) => this.#groupFacts.get(pk) !== factsOf(allGroups.get(pk)));
    const children = reshown.length ? childrenOf(allGroups) : new Map<string, string[]>();
    for (const pk of reshown) {
      for (const g of groupAndBelow(pk, children)) for (const member of allGroups.get(g)?.members ?? []) users.add(member);
    }
    for (const pk of change.groups) {
      const facts = factsOf(allGroups.get(pk));
      if (facts === undefined) this.#groupFacts.delete(pk);
      else this.#groupFacts.set(pk, facts);
    }
    for (const pk of change.users) for (const g of allUsers.get(pk)?.groups ?? []) groups.add(g);
    for (const pk of users) this.#rebuildUser(pk, allUsers.get(pk));
    for (const pk of groups) this.#rebuildGroup(pk, allGroups.get(pk));
  }

  entry(ndn: string): ServedEntry | undefined {
    return this.#byNdn.get(ndn);
  }

  /** Every entry, in serving order. */
  all(): ServedEntry[] {
    this.#sorted ??= [...this.#byNdn.values()].sort((a, b) => this.#order.get(keyOf(a))! - this.#order.get(keyOf(b))!);
    return this.#sorted;
  }

  /** Serving order of entries found another way (an index). */
  sort(entries: Iterable<ServedEntry>): ServedEntry[] {
    return [...entries].sort((a, b) => this.#order.get(keyOf(a))! - this.#order.get(keyOf(b))!);
  }

  /** The user with this username (as written, else the only one equal to it ignoring case). */
  userByName(username: string): DirectoryUser | undefined {
    const pk = this.#usernames.find(username);
    return pk === undefined ? undefined : this.#directory.users().get(pk);
  }

  userByPk(pk: number): DirectoryUser | undefined {
    return this.#directory.users().get(pk);
  }

  userEntry(pk: number): ServedEntry | undefined {
    return this.#users.get(pk);
  }

  virtualGroupEntry(pk: number): ServedEntry | undefined {
    return this.#virtual.get(pk);
  }

  groupEntry(pk: string): ServedEntry | undefined {
    return this.#groups.get(pk);
  }

  /** A group's entry listing only this member: what a user outside the search group sees of its own groups. */
  groupEntryFor(pk: string, member: DirectoryUser): ServedEntry | undefined {
    const group = this.#directory.groups().get(pk);
    const full = this.#groups.get(pk);
    return group && full ? groupEntry(this.tree, group, [member], full.ndn) : undefined;
  }

  /** Whether the user is a member of the group or of a group below it. */
  isDeepMember(userPk: number, groupPk: string): boolean {
    return anyGroupAbove(this.#directory.groups(), this.#directory.users().get(userPk), (g) => g.pk === groupPk);
  }

  #rebuildUser(pk: number, user: DirectoryUser | undefined): void {
    this.#drop(this.#users, pk);
    this.#drop(this.#virtual, pk);
    this.#usernames.delete(pk);
    if (!user) return;
    const groups = user.groups.map((g) => this.#directory.groups().get(g)).filter((g): g is DirectoryGroup => !!g).sort((a, b) => a.name.localeCompare(b.name));
    const values = userValues(this.tree, user);
    const entry = userEntry(this.tree, user, values, groups, anyGroupAbove(this.#directory.groups(), user, (g) => g.is_superuser), childNDN('cn', user.username, this.#parents.users));
    const virtual = virtualGroupEntry(this.tree, user, values, childNDN('cn', user.username, this.#parents.virtual));
    this.#users.set(pk, entry);
    this.#virtual.set(pk, virtual);
    this.#put(entry, `u:${pk}`);
    this.#put(virtual, `v:${pk}`);
    this.#usernames.set(pk, user.username);
  }

  #rebuildGroup(pk: string, group: DirectoryGroup | undefined): void {
    this.#drop(this.#groups, pk);
    if (!group) return;
    const users = this.#directory.users();
    const members = group.members.map((m) => users.get(m)).filter((u): u is DirectoryUser => !!u);
    const entry = groupEntry(this.tree, group, members, childNDN('cn', group.name, this.#parents.groups));
    this.#groups.set(pk, entry);
    this.#put(entry, `g:${pk}`);
  }

  #put(entry: ServedEntry, key: string): void {
    if (!this.#order.has(key)) this.#order.set(key, this.#order.size);
    KEYS.set(entry, key);
    const clash = this.#byNdn.get(entry.ndn);
    if (clash && keyOf(clash) !== key) {
      const [first, later] = this.#order.get(keyOf(clash))! < this.#order.get(key)! ? [clash, entry] : [entry, clash];
      let waiting = this.#shadowed.get(entry.ndn);
      if (!waiting) this.#shadowed.set(entry.ndn, (waiting = new Set()));
      waiting.add(later);
      if (first === clash) return;
      this.index.remove(clash);
    }
    for (const key of entry.attrs.keys()) if (!this.#known.has(key)) this.#noteAttribute(key);
    this.#byNdn.set(entry.ndn, entry);
    this.index.add(entry);
    this.#sorted = null;
  }

  #noteAttribute(key: string): void {
    this.#known.add(key);
    if (!attributeType(key).known) this.customNames.add(servedName(key));
  }

  #drop<K>(map: Map<K, ServedEntry>, key: K): void {
    const entry = map.get(key);
    if (!entry) return;
    map.delete(key);
    const waiting = this.#shadowed.get(entry.ndn);
    waiting?.delete(entry);
    if (this.#byNdn.get(entry.ndn) === entry) {
      this.#byNdn.delete(entry.ndn);
      this.index.remove(entry);
      this.#sorted = null;
      // The earliest entry waiting for this DN takes it.
      const next = waiting?.size ? this.sort(waiting)[0] : undefined;
      if (next) {
        waiting!.delete(next);
        this.#put(next, keyOf(next));
      }
    }
    if (waiting?.size === 0) this.#shadowed.delete(entry.ndn);
  }
}

/** What a group's members show of it: its name, parent and superuser flag (undefined for a group that is gone). */
const factsOf = (g: DirectoryGroup | undefined) => (g ? `${g.name}\0${g.parent ?? ''}\0${g.is_superuser}` : undefined);

const KEYS = new WeakMap<ServedEntry, string>();
const keyOf = (entry: ServedEntry) => KEYS.get(entry)!;
