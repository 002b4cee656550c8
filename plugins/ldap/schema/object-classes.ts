/** The object classes served. */

// MUST lists are the standards' except groupOfNames' and groupOfUniqueNames', whose members are optional as in 389-ds
// (groups may be empty), and Microsoft's group's, without Active Directory's groupType. MAY lists name only the
// attribute types this server declares.
import { AK_ARC } from './arc.ts';

export type ObjectClassKind = 'ABSTRACT' | 'STRUCTURAL' | 'AUXILIARY';

export interface ObjectClassDef {
  oid: string;
  /** The first is the canonical name. */
  names: readonly string[];
  desc?: string;
  sup: readonly string[];
  kind: ObjectClassKind;
  must: readonly string[];
  may: readonly string[];
}

function oc(oid: string, name: string, sup: string | null, kind: ObjectClassKind, must: readonly string[], may: readonly string[], desc?: string): ObjectClassDef {
  return { oid, names: [name], ...(desc ? { desc } : {}), sup: sup ? [sup] : [], kind, must, may };
}

/** Every declared object class. */
export const OBJECT_CLASSES: readonly ObjectClassDef[] = [
  oc('2.5.6.0', 'top', null, 'ABSTRACT', ['objectClass'], []),
  oc('1.3.6.1.4.1.1466.101.120.111', 'extensibleObject', 'top', 'AUXILIARY', [], []),
  oc('2.5.17.0', 'subentry', 'top', 'STRUCTURAL', ['cn', 'subtreeSpecification'], []),
  oc('2.5.20.1', 'subschema', null, 'AUXILIARY', [], ['objectClasses', 'attributeTypes', 'matchingRules', 'matchingRuleUse']),
  oc('0.9.2342.19200300.100.4.13', 'domain', 'top', 'STRUCTURAL', ['dc'], ['description']),
  oc('2.5.6.2', 'country', 'top', 'STRUCTURAL', ['c'], ['description']),
  oc('2.5.6.3', 'locality', 'top', 'STRUCTURAL', [], ['l', 'description']),
  oc('2.5.6.4', 'organization', 'top', 'STRUCTURAL', ['o'], ['l', 'description']),
  oc('2.5.6.5', 'organizationalUnit', 'top', 'STRUCTURAL', ['ou'], ['description']),
  oc('2.16.840.1.113730.3.2.1', 'nsContainer', 'top', 'STRUCTURAL', ['cn'], []),
  oc('2.5.6.6', 'person', 'top', 'STRUCTURAL', ['sn', 'cn'], ['description']),
  oc('2.5.6.7', 'organizationalPerson', 'person', 'STRUCTURAL', [], ['ou']),
  oc('2.16.840.1.113730.3.2.2', 'inetOrgPerson', 'organizationalPerson', 'STRUCTURAL', [], ['displayName', 'givenName', 'mail', 'uid']),
  oc('1.2.840.113556.1.5.9', 'user', 'organizationalPerson', 'STRUCTURAL', [], ['distinguishedName', 'memberOf', 'name', 'sAMAccountName']),
  oc('1.2.840.113556.1.5.8', 'group', 'top', 'STRUCTURAL', [], ['cn', 'description', 'distinguishedName', 'member', 'memberOf', 'name', 'sAMAccountName']),
  oc('2.5.6.9', 'groupOfNames', 'top', 'STRUCTURAL', ['cn'], ['member', 'description']),
  oc('2.5.6.17', 'groupOfUniqueNames', 'top', 'STRUCTURAL', ['cn'], ['uniqueMember', 'description']),
  oc('1.3.6.1.1.1.2.0', 'posixAccount', 'top', 'AUXILIARY', ['cn', 'uid', 'uidNumber', 'gidNumber', 'homeDirectory'], ['loginShell', 'gecos', 'description']),
  oc('1.3.6.1.1.1.2.2', 'posixGroup', 'top', 'AUXILIARY', ['gidNumber'], ['memberUid', 'description']),
  oc(`${AK_ARC}.1`, 'goauthentik.io/ldap/user', 'top', 'AUXILIARY', [], ['ak-active', 'ak-superuser'], 'an authentik user'),
  oc(`${AK_ARC}.7`, 'goauthentik.io/ldap/group', 'top', 'AUXILIARY', [], ['ak-superuser', 'uid'], 'an authentik group'),
  oc(`${AK_ARC}.8`, 'goauthentik.io/ldap/virtual-group', 'top', 'AUXILIARY', [], [], "the group of one user that authentik serves for each user's gidNumber"),
];
