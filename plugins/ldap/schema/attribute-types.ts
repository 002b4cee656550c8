/** The attribute types served: RFC 4519, 4524, 2798, 2307bis, Microsoft's, operational ones (RFC 4512, 4530, 5020, 3045, 3672), ours. */

// Supertypes are flattened (no SUP): 'name' is Microsoft's, not RFC 4519's supertype of cn, and a filter on
// distinguishedName must not match member values as it would on a supertype.
import { AK_ARC } from './arc.ts';
import { SYNTAX } from './syntaxes.ts';

export type AttributeUsage = 'userApplications' | 'directoryOperation' | 'distributedOperation' | 'dSAOperation';

export interface AttributeTypeDef {
  oid: string;
  /** The first is the canonical name. */
  names: readonly string[];
  desc?: string;
  syntax: string;
  /** The syntax's suggested upper bound, as in SYNTAX oid{len}. */
  length?: number;
  equality?: string;
  ordering?: string;
  substr?: string;
  singleValue?: boolean;
  noUserModification?: boolean;
  usage?: AttributeUsage;
}

const text = { syntax: SYNTAX.directoryString, equality: 'caseIgnoreMatch', substr: 'caseIgnoreSubstringsMatch' } as const;
const ia5 = { syntax: SYNTAX.ia5String, equality: 'caseIgnoreIA5Match', substr: 'caseIgnoreIA5SubstringsMatch' } as const;
const exactIa5 = { syntax: SYNTAX.ia5String, equality: 'caseExactIA5Match', singleValue: true } as const;
const dn = { syntax: SYNTAX.dn, equality: 'distinguishedNameMatch' } as const;
const integer = { syntax: SYNTAX.integer, equality: 'integerMatch', ordering: 'integerOrderingMatch', singleValue: true } as const;
const bool = { syntax: SYNTAX.boolean, equality: 'booleanMatch', singleValue: true } as const;
const operational = { noUserModification: true, usage: 'directoryOperation' } as const;
const dsa = { noUserModification: true, usage: 'dSAOperation' } as const;
const schemaList = (oid: string, name: string, syntax: string): AttributeTypeDef => ({ oid, names: [name], syntax, equality: 'objectIdentifierFirstComponentMatch', usage: 'directoryOperation' });

/** Every statically declared attribute type. */
export const ATTRIBUTE_TYPES: readonly AttributeTypeDef[] = [
  { oid: '2.5.4.0', names: ['objectClass'], syntax: SYNTAX.oid, equality: 'objectIdentifierMatch' },
  { oid: '2.5.4.3', names: ['cn', 'commonName'], ...text, length: 32768 },
  { oid: '2.5.4.4', names: ['sn', 'surname'], ...text, length: 32768 },
  { oid: '2.5.4.6', names: ['c', 'countryName'], syntax: SYNTAX.countryString, equality: 'caseIgnoreMatch', substr: 'caseIgnoreSubstringsMatch', singleValue: true },
  { oid: '2.5.4.7', names: ['l', 'localityName'], ...text, length: 32768 },
  { oid: '2.5.4.10', names: ['o', 'organizationName'], ...text, length: 32768 },
  { oid: '2.5.4.11', names: ['ou', 'organizationalUnitName'], ...text, length: 32768 },
  { oid: '2.5.4.13', names: ['description'], ...text, length: 1024 },
  { oid: '2.5.4.31', names: ['member'], ...dn },
  { oid: '2.5.4.42', names: ['givenName', 'gn'], ...text, length: 32768 },
  { oid: '2.5.4.49', names: ['distinguishedName'], ...dn },
  { oid: '2.5.4.50', names: ['uniqueMember'], syntax: SYNTAX.nameAndOptionalUid, equality: 'uniqueMemberMatch' },
  { oid: '0.9.2342.19200300.100.1.1', names: ['uid', 'userid'], ...text, length: 256 },
  { oid: '0.9.2342.19200300.100.1.3', names: ['mail', 'rfc822Mailbox'], ...ia5, length: 256 },
  { oid: '0.9.2342.19200300.100.1.25', names: ['dc', 'domainComponent'], ...ia5, singleValue: true },
  { oid: '2.16.840.1.113730.3.1.241', names: ['displayName'], ...text, singleValue: true },
  { oid: '1.2.840.113556.1.4.1', names: ['name'], ...text, singleValue: true },
  { oid: '1.2.840.113556.1.4.221', names: ['sAMAccountName'], ...text, singleValue: true },
  { oid: '1.2.840.113556.1.2.102', names: ['memberOf'], ...dn },
  { oid: '1.3.6.1.1.1.1.0', names: ['uidNumber'], ...integer },
  { oid: '1.3.6.1.1.1.1.1', names: ['gidNumber'], ...integer },
  { oid: '1.3.6.1.1.1.1.2', names: ['gecos'], ...ia5, singleValue: true },
  { oid: '1.3.6.1.1.1.1.3', names: ['homeDirectory'], ...exactIa5 },
  { oid: '1.3.6.1.1.1.1.4', names: ['loginShell'], ...exactIa5 },
  { oid: '1.3.6.1.1.1.1.12', names: ['memberUid'], syntax: SYNTAX.ia5String, equality: 'caseExactIA5Match', substr: 'caseExactIA5SubstringsMatch' },
  { oid: `${AK_ARC}.2`, names: ['ak-superuser'], desc: 'whether the user is a superuser, or the group makes its members superusers', ...bool },
  { oid: `${AK_ARC}.6`, names: ['ak-active'], desc: 'whether the user is active', ...bool },
  { oid: '1.3.6.1.1.16.4', names: ['entryUUID'], syntax: SYNTAX.uuid, equality: 'uuidMatch', ordering: 'uuidOrderingMatch', singleValue: true, ...operational },
  { oid: '1.3.6.1.1.20', names: ['entryDN'], ...dn, singleValue: true, ...operational },
  { oid: '2.5.18.10', names: ['subschemaSubentry'], ...dn, singleValue: true, ...operational },
  { oid: '2.5.18.9', names: ['hasSubordinates'], ...bool, ...operational },
  { oid: '2.5.21.9', names: ['structuralObjectClass'], syntax: SYNTAX.oid, equality: 'objectIdentifierMatch', singleValue: true, ...operational },
  { oid: '2.5.18.6', names: ['subtreeSpecification'], syntax: SYNTAX.subtreeSpecification, singleValue: true, usage: 'directoryOperation' },
  { oid: '1.3.6.1.4.1.1466.101.120.5', names: ['namingContexts'], syntax: SYNTAX.dn, usage: 'dSAOperation' },
  { oid: '1.3.6.1.4.1.1466.101.120.7', names: ['supportedExtension'], syntax: SYNTAX.oid, usage: 'dSAOperation' },
  { oid: '1.3.6.1.4.1.1466.101.120.13', names: ['supportedControl'], syntax: SYNTAX.oid, usage: 'dSAOperation' },
  { oid: '1.3.6.1.4.1.1466.101.120.15', names: ['supportedLDAPVersion'], syntax: SYNTAX.integer, usage: 'dSAOperation' },
  { oid: '1.3.6.1.4.1.4203.1.3.5', names: ['supportedFeatures'], syntax: SYNTAX.oid, equality: 'objectIdentifierMatch', usage: 'dSAOperation' },
  { oid: '1.3.6.1.1.4', names: ['vendorName'], syntax: SYNTAX.directoryString, equality: 'caseExactMatch', singleValue: true, ...dsa },
  { oid: '1.3.6.1.1.5', names: ['vendorVersion'], syntax: SYNTAX.directoryString, equality: 'caseExactMatch', singleValue: true, ...dsa },
  { oid: `${AK_ARC}.9`, names: ['rootDomainNamingContext'], desc: 'the Active Directory root DSE attribute', ...dn, singleValue: true, ...dsa },
  schemaList('1.3.6.1.4.1.1466.101.120.16', 'ldapSyntaxes', SYNTAX.ldapSyntaxDescription),
  schemaList('2.5.21.4', 'matchingRules', SYNTAX.matchingRuleDescription),
  schemaList('2.5.21.5', 'attributeTypes', SYNTAX.attributeTypeDescription),
  schemaList('2.5.21.6', 'objectClasses', SYNTAX.objectClassDescription),
  schemaList('2.5.21.8', 'matchingRuleUse', SYNTAX.matchingRuleUseDescription),
];
