import type { EntityManager } from '@mikro-orm/sql';
import type { DirectoryChange, DirectoryGroup, DirectoryUser, LiveDirectory } from '../../plugins/sdk/index.ts';
import { userUid } from '../users/user.repository.ts';

type UserRow = Omit<DirectoryUser, 'uid' | 'groups'>;
type GroupRow = Omit<DirectoryGroup, 'members'>;

const USERS = `select pk, uuid::text as uuid, username, name, email, is_active, type, path, attributes from core_user`;
const GROUPS = `select pk::text as pk, num_pk, name, parent_pk::text as parent, is_superuser, attributes from core_group`;
const MEMBERS = `select user_pk, group_pk::text as group_pk from core_group_users`;

/**
 * Every user and group of the database in memory, for servers that answer from it (LDAP). `load` reads everything;
 * `reload` re-reads the given objects and their memberships, so the change events only need to say what changed.
 */
export class HostLiveDirectory implements LiveDirectory {
  readonly #users = new Map<number, DirectoryUser>();
  readonly #groups = new Map<string, DirectoryGroup>();
  readonly #listeners: ((change: DirectoryChange) => void)[] = [];
  readonly #installId: string;

  constructor(installId: string) {
    this.#installId = installId;
  }

  users(): ReadonlyMap<number, DirectoryUser> {
    return this.#users;
  }

  groups(): ReadonlyMap<string, DirectoryGroup> {
    return this.#groups;
  }

  onChange(listener: (change: DirectoryChange) => void): void {
    this.#listeners.push(listener);
  }

  /** Reads every user, group and membership in one repeatable-read snapshot. */
  async load(em: EntityManager): Promise<void> {
    const [users, groups, members] = await em.transactional(
      (tx) => Promise.all([tx.execute<UserRow[]>(USERS), tx.execute<GroupRow[]>(GROUPS), tx.execute<{ user_pk: number; group_pk: string }[]>(MEMBERS)]),
      { isolationLevel: 'repeatable read' as never, readOnly: true },
    );
    this.#users.clear();
    this.#groups.clear();
    for (const u of users) this.#users.set(u.pk, this.#user(u, []));
    for (const g of groups) this.#groups.set(g.pk, { ...g, members: [] });
    for (const m of members) {
      this.#users.get(m.user_pk)?.groups.push(m.group_pk);
      this.#groups.get(m.group_pk)?.members.push(m.user_pk);
    }
    this.#emit({ users: [...this.#users.keys()], groups: [...this.#groups.keys()] });
  }

  /** Re-reads these users and groups (absent ones are removed) with their memberships, then tells the listeners. */
  async reload(em: EntityManager, change: DirectoryChange): Promise<void> {
    const userPks = [...new Set(change.users)];
    const groupPks = [...new Set(change.groups)];
    const touched = { users: new Set(userPks), groups: new Set(groupPks) };
    const [users, groups, userMembers, groupMembers] = await Promise.all([
      userPks.length ? em.execute<UserRow[]>(`${USERS} where pk = any(?::int[])`, [`{${userPks.join(',')}}`]) : [],
      groupPks.length ? em.execute<GroupRow[]>(`${GROUPS} where pk = any(?::uuid[])`, [`{${groupPks.join(',')}}`]) : [],
      userPks.length ? em.execute<{ user_pk: number; group_pk: string }[]>(`${MEMBERS} where user_pk = any(?::int[])`, [`{${userPks.join(',')}}`]) : [],
      groupPks.length ? em.execute<{ user_pk: number; group_pk: string }[]>(`${MEMBERS} where group_pk = any(?::uuid[])`, [`{${groupPks.join(',')}}`]) : [],
    ]);
    for (const pk of userPks) this.#dropUser(pk, touched);
    for (const pk of groupPks) this.#dropGroup(pk, touched);
    for (const u of users) this.#users.set(u.pk, this.#user(u, []));
    for (const g of groups) this.#groups.set(g.pk, { ...g, members: [] });
    const seen = new Set<string>();
    for (const m of [...userMembers, ...groupMembers]) {
      const key = `${m.user_pk}:${m.group_pk}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const user = this.#users.get(m.user_pk);
      const group = this.#groups.get(m.group_pk);
      if (!user || !group) continue;
      if (!user.groups.includes(m.group_pk)) user.groups.push(m.group_pk);
      if (!group.members.includes(m.user_pk)) group.members.push(m.user_pk);
      touched.users.add(m.user_pk);
      touched.groups.add(m.group_pk);
    }
    this.#emit({ users: [...touched.users], groups: [...touched.groups] });
  }

  #user(row: UserRow, groups: string[]): DirectoryUser {
    return { ...row, uid: userUid(row.pk, this.#installId), groups };
  }

  /** Removes a user and its memberships, noting the groups whose member lists changed. */
  #dropUser(pk: number, touched: { groups: Set<string> }): void {
    const user = this.#users.get(pk);
    if (!user) return;
    for (const g of user.groups) {
      const group = this.#groups.get(g);
      if (!group) continue;
      group.members = group.members.filter((m) => m !== pk);
      touched.groups.add(g);
    }
    this.#users.delete(pk);
  }

  #dropGroup(pk: string, touched: { users: Set<number> }): void {
    const group = this.#groups.get(pk);
    if (!group) return;
    for (const u of group.members) {
      const user = this.#users.get(u);
      if (!user) continue;
      user.groups = user.groups.filter((g) => g !== pk);
      touched.users.add(u);
    }
    this.#groups.delete(pk);
  }

  #emit(change: DirectoryChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}
