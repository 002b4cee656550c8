import type { DirectoryGroup, DirectoryUser } from '../../sdk/index.ts';
import { escapeDNValue, parseDN } from '../protocol/dn.ts';
import { customAttributes } from './custom-attributes.ts';
import { servedEntry, type ServedEntry } from './served-entry.ts';

/** What entries of one provider are built from: its base DN (served lower-cased) and its number ranges. */
export interface Tree {
  base: string;
  uidStart: number;
  gidStart: number;
}

const USER_CLASSES = ['top', 'person', 'organizationalPerson', 'inetOrgPerson', 'user', 'posixAccount', 'goauthentik.io/ldap/user'];
const GROUP_CLASSES = ['top', 'group', 'groupOfUniqueNames', 'groupOfNames', 'posixGroup', 'goauthentik.io/ldap/group'];
/** The structural class of a base entry by the type of its first RDN. */
const BASE_CLASSES: Record<string, string> = { dc: 'domain', o: 'organization', ou: 'organizationalUnit', c: 'country', l: 'locality' };
const USER_CLASSES_CUSTOM = [...USER_CLASSES, 'extensibleObject'];
const GROUP_CLASSES_CUSTOM = [...GROUP_CLASSES, 'extensibleObject'];
const VIRTUAL_CLASSES = [...GROUP_CLASSES, 'goauthentik.io/ldap/virtual-group'];
const TRUE = ['TRUE'];
const FALSE = ['FALSE'];
const LOGIN_SHELL = ['/bin/bash'];
/** A flag's values (shared arrays: entries never change them). */
const bool = (b: boolean) => (b ? TRUE : FALSE);
const numberAttribute = (attributes: Record<string, unknown>, name: string) => {
  const v = attributes[name];
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
};

export const userDN = (tree: Tree, username: string) => `cn=${escapeDNValue(username)},ou=users,${tree.base}`;
export const groupDN = (tree: Tree, name: string) => `cn=${escapeDNValue(name)},ou=groups,${tree.base}`;
export const virtualGroupDN = (tree: Tree, username: string) => `cn=${escapeDNValue(username)},ou=virtual-groups,${tree.base}`;

/** uidNumber: the user's own `uidNumber` attribute, else the provider's start plus the user's number. Also the gidNumber of the user's virtual group. */
export const uidNumber = (tree: Tree, user: DirectoryUser) => numberAttribute(user.attributes, 'uidNumber') ?? tree.uidStart + user.pk;

/** gidNumber: the group's own `gidNumber` attribute, else the provider's start plus the group's number (unique per group). */
export const gidNumber = (tree: Tree, group: DirectoryGroup) => numberAttribute(group.attributes, 'gidNumber') ?? tree.gidStart + group.num_pk;

/** Values a user's entry and its virtual group both serve, as one array each (entries never change their arrays). */
export interface UserValues {
  username: string[];
  uid: string[];
  number: string[];
  name: string[];
  dn: string[];
}

export function userValues(tree: Tree, user: DirectoryUser): UserValues {
  return { username: [user.username], uid: [user.uid], number: [String(uidNumber(tree, user))], name: [user.name], dn: [userDN(tree, user.username)] };
}

/** A user's entry; `groups` are the groups to list in memberOf, `superuser` whether any of its groups (or their parents) is a superuser group. */
export function userEntry(tree: Tree, user: DirectoryUser, values: UserValues, groups: DirectoryGroup[], superuser: boolean, ndn: string): ServedEntry {
  const custom = customAttributes(user.attributes, user.username);
  const given = user.name.trim().split(/\s+/)[0] ?? '';
  return servedEntry(values.dn[0], ndn, { kind: 'user', pk: user.pk }, [
    ['objectClass', custom.length ? USER_CLASSES_CUSTOM : USER_CLASSES],
    ['cn', values.username],
    ['uid', values.uid],
    ['sAMAccountName', values.username],
    ['name', values.name],
    ['displayName', values.name],
    ['givenName', given === user.name ? values.name : [given]],
    ['sn', user.name ? values.name : values.username],
    ['gecos', values.name],
    ['mail', [user.email]],
    ['memberOf', groups.map((g) => groupDN(tree, g.name))],
    ['uidNumber', values.number],
    ['gidNumber', values.number],
    ['homeDirectory', [`/home/${user.username}`]],
    ['loginShell', LOGIN_SHELL],
    ['ak-active', bool(user.is_active)],
    ['ak-superuser', bool(superuser)],
    ['entryUUID', [user.uuid]],
    ...custom,
  ]);
}

/** A group's entry listing `members` (the users the reader may see). */
export function groupEntry(tree: Tree, group: DirectoryGroup, members: DirectoryUser[], ndn: string): ServedEntry {
  const custom = customAttributes(group.attributes);
  const memberDNs = members.map((u) => userDN(tree, u.username));
  return servedEntry(groupDN(tree, group.name), ndn, { kind: 'group', pk: group.pk }, [
    ['objectClass', custom.length ? GROUP_CLASSES_CUSTOM : GROUP_CLASSES],
    ['cn', [group.name]],
    ['uid', [group.pk]],
    ['sAMAccountName', [group.name]],
    ['gidNumber', [gidNumber(tree, group)]],
    ['member', memberDNs],
    ['uniqueMember', memberDNs],
    ['memberUid', members.map((u) => u.username)],
    ['ak-superuser', bool(group.is_superuser)],
    ['entryUUID', [group.pk]],
    ...custom,
  ]);
}

/** A user's own group (gidNumber = the user's uidNumber, as posix systems expect of a user private group). */
export function virtualGroupEntry(tree: Tree, user: DirectoryUser, values: UserValues, ndn: string): ServedEntry {
  return servedEntry(virtualGroupDN(tree, user.username), ndn, { kind: 'virtual-group', pk: user.pk }, [
    ['objectClass', VIRTUAL_CLASSES],
    ['cn', values.username],
    ['uid', values.uid],
    ['gidNumber', values.number],
    ['member', values.dn],
    ['uniqueMember', values.dn],
    ['memberUid', values.username],
  ]);
}

/** The base entry and the three containers below it. */
export function containerEntries(tree: Tree, ndnOf: (dn: string) => string): ServedEntry[] {
  const { type, value } = parseDN(tree.base)[0][0];
  const base = servedEntry(tree.base, ndnOf(tree.base), { kind: 'container' }, [
    ['objectClass', ['top', BASE_CLASSES[type.toLowerCase()] ?? 'extensibleObject']],
    [type, [value]],
  ]);
  return [base, ...['users', 'groups', 'virtual-groups'].map((ou) => {
    const dn = `ou=${ou},${tree.base}`;
    return servedEntry(dn, ndnOf(dn), { kind: 'container' }, [
      ['objectClass', ['top', 'organizationalUnit', 'nsContainer', 'extensibleObject']],
      ['ou', [ou]],
      ['cn', [ou]],
      ['distinguishedName', [dn]],
    ]);
  })];
}
