/** The matching rules (RFC 4517 §4.2, RFC 4530, RFC 2307's caseExactIA5SubstringsMatch) with their implementations. */
import * as n from './normalizers.ts';
import { foldAscii, type PartPosition, prepare, spacedPart, spacedValue, squeeze } from './string-prep.ts';
import { SYNTAX } from './syntaxes.ts';

export type RuleUsage = 'equality' | 'ordering' | 'substrings';

export interface MatchingRule {
  oid: string;
  name: string;
  /** The assertion syntax. */
  syntax: string;
  usage: RuleUsage;
  /** Syntaxes of the attribute types the rule can be used with (matchingRuleUse; extensible matches without an attribute). */
  appliesTo: readonly string[];
  /** The comparable form of a value or of an equality/ordering assertion; null when it is not a value of the syntax. */
  normalize: (value: string) => string | null;
  /** Ordering rules: the order of two normalized values. */
  compare?: (a: string, b: string) => number;
  /** Substrings rules: the comparable form of an assertion component. */
  part?: (component: string, position: PartPosition) => string;
}

const STRINGS = [SYNTAX.directoryString, SYNTAX.ia5String, SYNTAX.countryString];
const IA5 = [SYNTAX.ia5String];
const DESCRIPTIONS = [
  SYNTAX.attributeTypeDescription,
  SYNTAX.objectClassDescription,
  SYNTAX.matchingRuleDescription,
  SYNTAX.matchingRuleUseDescription,
  SYNTAX.ldapSyntaxDescription,
];

type Prep = (value: string) => string;
const ignoreCase: Prep = (v) => prepare(v, true);
const exactCase: Prep = (v) => prepare(v, false);
const ia5Exact: Prep = (v) => v;
const squeezed = (prep: Prep) => (v: string) => squeeze(prep(v));

function equality(oid: string, name: string, syntax: string, appliesTo: readonly string[], normalize: MatchingRule['normalize']): MatchingRule {
  return { oid, name, syntax, usage: 'equality', appliesTo, normalize };
}

function ordering(oid: string, name: string, syntax: string, appliesTo: readonly string[], normalize: MatchingRule['normalize'], compare: MatchingRule['compare']): MatchingRule {
  return { oid, name, syntax, usage: 'ordering', appliesTo, normalize, compare };
}

function substrings(oid: string, name: string, appliesTo: readonly string[], prep: Prep): MatchingRule {
  return {
    oid,
    name,
    syntax: SYNTAX.substringAssertion,
    usage: 'substrings',
    appliesTo,
    normalize: (v) => spacedValue(prep(v)),
    part: (component, position) => spacedPart(prep(component), position),
  };
}

/** Every declared matching rule. */
export const MATCHING_RULES: readonly MatchingRule[] = [
  equality('2.5.13.0', 'objectIdentifierMatch', SYNTAX.oid, [SYNTAX.oid], n.normalizeOid),
  equality('2.5.13.1', 'distinguishedNameMatch', SYNTAX.dn, [SYNTAX.dn], n.normalizeDnValue),
  equality('2.5.13.2', 'caseIgnoreMatch', SYNTAX.directoryString, STRINGS, squeezed(ignoreCase)),
  ordering('2.5.13.3', 'caseIgnoreOrderingMatch', SYNTAX.directoryString, STRINGS, squeezed(ignoreCase), n.compareStrings),
  substrings('2.5.13.4', 'caseIgnoreSubstringsMatch', STRINGS, ignoreCase),
  equality('2.5.13.5', 'caseExactMatch', SYNTAX.directoryString, STRINGS, squeezed(exactCase)),
  ordering('2.5.13.6', 'caseExactOrderingMatch', SYNTAX.directoryString, STRINGS, squeezed(exactCase), n.compareStrings),
  substrings('2.5.13.7', 'caseExactSubstringsMatch', STRINGS, exactCase),
  equality('2.5.13.8', 'numericStringMatch', SYNTAX.numericString, [SYNTAX.numericString], n.normalizeNumericString),
  equality('2.5.13.13', 'booleanMatch', SYNTAX.boolean, [SYNTAX.boolean], n.normalizeBoolean),
  equality('2.5.13.14', 'integerMatch', SYNTAX.integer, [SYNTAX.integer], n.normalizeInteger),
  ordering('2.5.13.15', 'integerOrderingMatch', SYNTAX.integer, [SYNTAX.integer], n.normalizeInteger, n.compareIntegers),
  equality('2.5.13.17', 'octetStringMatch', SYNTAX.octetString, [SYNTAX.octetString, ...STRINGS], (v) => v),
  equality('2.5.13.23', 'uniqueMemberMatch', SYNTAX.nameAndOptionalUid, [SYNTAX.nameAndOptionalUid], n.normalizeUniqueMember),
  equality('2.5.13.30', 'objectIdentifierFirstComponentMatch', SYNTAX.oid, DESCRIPTIONS, n.normalizeFirstComponent),
  equality('1.3.6.1.4.1.1466.109.114.1', 'caseExactIA5Match', SYNTAX.ia5String, IA5, squeezed(ia5Exact)),
  equality('1.3.6.1.4.1.1466.109.114.2', 'caseIgnoreIA5Match', SYNTAX.ia5String, IA5, squeezed(foldAscii)),
  substrings('1.3.6.1.4.1.1466.109.114.3', 'caseIgnoreIA5SubstringsMatch', IA5, foldAscii),
  substrings('1.3.6.1.4.1.4203.1.2.1', 'caseExactIA5SubstringsMatch', IA5, ia5Exact),
  equality('1.3.6.1.1.16.2', 'uuidMatch', SYNTAX.uuid, [SYNTAX.uuid], n.normalizeUuid),
  ordering('1.3.6.1.1.16.3', 'uuidOrderingMatch', SYNTAX.uuid, [SYNTAX.uuid], n.normalizeUuid, n.compareStrings),
];
