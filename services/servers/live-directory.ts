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

  /**
   * Re-reads these users and groups (absent ones are removed) with their memberships, then tells the listeners which
   * objects changed: those re-read, and the users and groups whose memberships changed because of them (not every
   * member of a re-read group, so a change to a big group stays cheap).
   */
  async reload(em: EntityManager, change: DirectoryChange): Promise<void> {
    const userPks = [...new Set(change.users)];
    const groupPks = [...new Set(change.groups)];
    const [users, groups, userMembers, groupMembers] = await Promise.all([
      userPks.length ? em.execute<UserRow[]>(`${USERS} where pk = any(?::int[])`, [`{${userPks.join(',')}}`]) : [],
      groupPks.length ? em.execute<GroupRow[]>(`${GROUPS} where pk = any(?::uuid[])`, [`{${groupPks.join(',')}}`]) : [],
      userPks.length ? em.execute<{ user_pk: number; group_pk: string }[]>(`${MEMBERS} where user_pk = any(?::int[])`, [`{${userPks.join(',')}}`]) : [],
      groupPks.length ? em.execute<{ user_pk: number; group_pk: string }[]>(`${MEMBERS} where group_pk = any(?::uuid[])`, [`{${groupPks.join(',')}}`]) : [],
    ]);
    const touched = { users: new Set(userPks), groups: new Set(groupPks) };
    const before = new Set<string>();
    for (const pk of userPks) for (const g of this.#users.get(pk)?.groups ?? []) before.add(`${pk}:${g}`);
    for (const pk of groupPks) for (const u of this.#groups.get(pk)?.members ?? []) before.add(`${u}:${pk}`);
    for (const pk of userPks) this.#dropUser(pk);
    for (const pk of groupPks) this.#dropGroup(pk);
    for (const u of users) this.#users.set(u.pk, this.#user(u, []));
    for (const g of groups) this.#groups.set(g.pk, { ...g, members: [] });
    for (const m of [...userMembers, ...groupMembers]) {
      const key = `${m.user_pk}:${m.group_pk}`;
      const user = this.#users.get(m.user_pk);
      const group = this.#groups.get(m.group_pk);
      if (!user || !group || user.groups.includes(m.group_pk)) continue;
      user.groups.push(m.group_pk);
      group.members.push(m.user_pk);
      if (!before.delete(key)) {
        touched.users.add(m.user_pk);
        touched.groups.add(m.group_pk);
      }
    }
    for (const key of before) {
      const at = key.indexOf(':');
      touched.users.add(Number(key.slice(0, at)));
      touched.groups.add(key.slice(at + 1));
    }
    this.#emit({ users: [...touched.users], groups: [...touched.groups] });
  }

  #user(row: UserRow, groups: string[]): DirectoryUser {
    return { ...row, uid: userUid(row.pk, this.#installId), groups };
  }

  /** Removes a user and its memberships (the groups' member lists lose it). */
  #dropUser(pk: number): void {
    const user = this.#users.get(pk);
    if (!user) return;
    for (const g of user.groups) {
      const group = this.#groups.get(g);
      if (group) group.members = group.members.filter((m) => m !== pk);
    }
    this.#users.delete(pk);
  }

  /** Removes a group and its memberships (its members' group lists lose it). */
  #dropGroup(pk: string): void {
    const group = this.#groups.get(pk);
    if (!group) return;
    const members = new Set(group.members);
    for (const u of members) {
      const user = this.#users.get(u);
      if (user) user.groups = user.groups.filter((g) => g !== pk);
    }
    this.#groups.delete(pk);
  }

  #emit(change: DirectoryChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}
