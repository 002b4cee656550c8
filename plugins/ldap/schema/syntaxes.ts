/** The LDAP syntaxes (RFC 4517 §3.3, RFC 4512, RFC 4530, RFC 3672) the served attribute types and matching rules use. */

export interface Syntax {
  oid: string;
  desc: string;
}

const BASE = '1.3.6.1.4.1.1466.115.121.1';

/** Syntax OIDs by the name code refers to them with. */
export const SYNTAX = {
  attributeTypeDescription: `${BASE}.3`,
  boolean: `${BASE}.7`,
  countryString: `${BASE}.11`,
  dn: `${BASE}.12`,
  directoryString: `${BASE}.15`,
  ia5String: `${BASE}.26`,
  integer: `${BASE}.27`,
  matchingRuleDescription: `${BASE}.30`,
  matchingRuleUseDescription: `${BASE}.31`,
  nameAndOptionalUid: `${BASE}.34`,
  numericString: `${BASE}.36`,
  objectClassDescription: `${BASE}.37`,
  oid: `${BASE}.38`,
  octetString: `${BASE}.40`,
  subtreeSpecification: `${BASE}.45`,
  ldapSyntaxDescription: `${BASE}.54`,
  substringAssertion: `${BASE}.58`,
  uuid: '1.3.6.1.1.16.1',
} as const;

/** Every declared syntax, in ldapSyntaxes order. */
export const SYNTAXES: readonly Syntax[] = [
  { oid: SYNTAX.attributeTypeDescription, desc: 'Attribute Type Description' },
  { oid: SYNTAX.boolean, desc: 'Boolean' },
  { oid: SYNTAX.countryString, desc: 'Country String' },
  { oid: SYNTAX.dn, desc: 'DN' },
  { oid: SYNTAX.directoryString, desc: 'Directory String' },
  { oid: SYNTAX.ia5String, desc: 'IA5 String' },
  { oid: SYNTAX.integer, desc: 'INTEGER' },
  { oid: SYNTAX.matchingRuleDescription, desc: 'Matching Rule Description' },
  { oid: SYNTAX.matchingRuleUseDescription, desc: 'Matching Rule Use Description' },
  { oid: SYNTAX.nameAndOptionalUid, desc: 'Name And Optional UID' },
  { oid: SYNTAX.numericString, desc: 'Numeric String' },
  { oid: SYNTAX.objectClassDescription, desc: 'Object Class Description' },
  { oid: SYNTAX.oid, desc: 'OID' },
  { oid: SYNTAX.octetString, desc: 'Octet String' },
  { oid: SYNTAX.subtreeSpecification, desc: 'Subtree Specification' },
  { oid: SYNTAX.ldapSyntaxDescription, desc: 'LDAP Syntax Description' },
  { oid: SYNTAX.substringAssertion, desc: 'Substring Assertion' },
  { oid: SYNTAX.uuid, desc: 'UUID' },
];
