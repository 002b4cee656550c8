import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { BASE_DN, GID_START, GROUP_PREFIX, READER, READERS_GROUP, UID_START, USER_PREFIX, groupDN, groupsByUser, membersOf, readerPk, userDN, usersOf, type BenchUser, type Dataset } from './dataset.ts';

/** The hashed passwords written to userPassword: one for the regular users (matched cost), one for the rest. */
export interface LdifHashes {
  matched: string;
  cheap: string;
}

/** One LDIF record. */
function entry(dn: string, attributes: [string, (string | number)[]][]): string {
  const lines = [`dn: ${dn}`];
  for (const [name, values] of attributes) for (const v of values) lines.push(`${name}: ${v}`);
  return `${lines.join('\n')}\n\n`;
}

/** A user as the LDAP provider shows one (the same values), but uid = the username, as posixAccount has it. */
export function userEntry(u: BenchUser, groups: string[], password: string): string {
  const uidNumber = UID_START + u.pk;
  return entry(userDN(u.username), [
    ['objectClass', ['inetOrgPerson', 'posixAccount']],
    ['cn', [u.username]], ['uid', [u.username]], ['sn', [u.name]], ['givenName', [u.name.split(' ')[0]]],
    ['displayName', [u.name]], ['gecos', [u.name]], ['mail', [u.email]],
    ['uidNumber', [uidNumber]], ['gidNumber', [uidNumber]], ['homeDirectory', [`/home/${u.username}`]], ['loginShell', ['/bin/bash']],
    ['userPassword', [password]],
    ['memberOf', groups.map(groupDN)],
  ]);
}

/** The base entry, ou=users and ou=groups. */
export function baseEntries(): string {
  const ous = ['users', 'groups'].map((ou) => entry(`ou=${ou},${BASE_DN}`, [['objectClass', ['organizationalUnit']], ['ou', [ou]]]));
  return [entry(BASE_DN, [['objectClass', ['domain']], ['dc', ['ldap']]]), ...ous].join('');
}

/** A group: groupOfNames with member and uniqueMember, plus gidNumber and memberUid (allowed by extensibleObject). */
function groupEntry(name: string, numPk: number, members: string[]): string {
  return entry(groupDN(name), [
    ['objectClass', ['groupOfNames', 'extensibleObject']],
    ['cn', [name]], ['gidNumber', [GID_START + numPk]],
    ['member', members.map(userDN)], ['uniqueMember', members.map(userDN)], ['memberUid', members],
  ]);
}

/** Writes the whole dataset as LDIF for slapadd: the base entries, every user and every group. */
export async function writeLdif(path: string, d: Dataset, hashes: LdifHashes): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(baseEntries());
  const byUser = groupsByUser(d);
  const readers = readerPk(d);
  for (const u of usersOf(d)) {
    const groups = u.pk === readers ? [READERS_GROUP] : (byUser.get(u.pk) ?? []).map((j) => `${GROUP_PREFIX}${j}`);
    await write(userEntry(u, groups, u.cheap ? hashes.cheap : hashes.matched));
  }
  for (let j = 1; j <= d.groups; j++) await write(groupEntry(`${GROUP_PREFIX}${j}`, j, membersOf(d, j).map((pk) => `${USER_PREFIX}${pk}`)));
  await write(groupEntry(READERS_GROUP, d.groups + 1, [READER]));
  out.end();
  await once(out, 'finish');
}
