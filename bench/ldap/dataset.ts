/**
 * The directory both servers hold, defined once so the SQL seed and the LDIF agree: `users` users `user-<i>` (pk i,
 * the password-hash cost matched between the servers), `fastUsers` users `fast-<i>` with a cheap hash (binds
 * "apart from the hash"), the reader `ldap-reader` (member of the search group `ldap-readers`, which may search
 * everything), and `groups` groups `group-<j>` of `members` users each: group j holds users (j−1)·stride+k (mod
 * users) for k < members, stride = users / groups, so at 10 000 users, 100 groups × 200 every user is in two groups.
 */
export interface Dataset {
  users: number;
  fastUsers: number;
  groups: number;
  members: number;
}

export const BASE_DN = 'dc=ldap,dc=goauthentik,dc=io';
export const PASSWORD = 'bench-password-1';
export const USER_PREFIX = 'user-';
export const FAST_PREFIX = 'fast-';
export const GROUP_PREFIX = 'group-';
export const READER = 'ldap-reader';
export const READERS_GROUP = 'ldap-readers';
/** The uidNumber and gidNumber ranges of the LDAP provider's defaults (uidNumber = 2000 + pk, gidNumber = 4000 + num_pk). */
export const UID_START = 2000;
export const GID_START = 4000;
/** The attributes the searches ask for: ones both servers hold with the same values. */
export const TEN_ATTRIBUTES = ['objectClass', 'cn', 'sn', 'givenName', 'displayName', 'mail', 'uidNumber', 'gidNumber', 'homeDirectory', 'loginShell'];

export const userDN = (username: string) => `cn=${username},ou=users,${BASE_DN}`;
export const groupDN = (name: string) => `cn=${name},ou=groups,${BASE_DN}`;

/** One user of the directory, as both servers show it. */
export interface BenchUser {
  pk: number;
  username: string;
  name: string;
  email: string;
  cheap: boolean;
}

/** Every user: the regular ones (pk 1..users), the fast ones after them, the reader last. */
export function* usersOf(d: Dataset): Generator<BenchUser> {
  const user = (pk: number, username: string, cheap: boolean): BenchUser => ({ pk, username, name: `Bench ${username}`, email: `${username}@example.org`, cheap });
  for (let i = 1; i <= d.users; i++) yield user(i, `${USER_PREFIX}${i}`, false);
  for (let i = 1; i <= d.fastUsers; i++) yield user(d.users + i, `${FAST_PREFIX}${i}`, true);
  yield user(readerPk(d), READER, true);
}

export const readerPk = (d: Dataset) => d.users + d.fastUsers + 1;
export const stride = (d: Dataset) => Math.max(1, Math.floor(d.users / d.groups));

/** The pks of group j's members (1-based j). */
export function membersOf(d: Dataset, j: number): number[] {
  const count = Math.min(d.members, d.users);
  return Array.from({ length: count }, (_, k) => (((j - 1) * stride(d) + k) % d.users) + 1);
}

/** The groups (by number) each regular user is in. */
export function groupsByUser(d: Dataset): Map<number, number[]> {
  const byUser = new Map<number, number[]>();
  for (let j = 1; j <= d.groups; j++) {
    for (const pk of membersOf(d, j)) {
      const list = byUser.get(pk);
      if (list) list.push(j);
      else byUser.set(pk, [j]);
    }
  }
  return byUser;
}
