/** The attributes of the subschema entry (RFC 4512 §4.2): every syntax, matching rule, attribute type and object class served. */
import type { Attribute } from '../protocol/types.ts';
import { ATTRIBUTE_TYPES } from './attribute-types.ts';
import { customAttributeTypes } from './custom-attributes.ts';
import * as describe from './descriptions.ts';
import { MATCHING_RULES } from './matching-rules.ts';
import { OBJECT_CLASSES } from './object-classes.ts';
import { SYNTAXES } from './syntaxes.ts';

/** ldapSyntaxes, matchingRules, attributeTypes (the static ones and one per custom name, see customAttributeTypes), objectClasses and matchingRuleUse. */
export function subschemaAttributes(extraAttributeNames: readonly string[]): Attribute[] {
  const types = [...ATTRIBUTE_TYPES, ...customAttributeTypes(extraAttributeNames)];
  const ruleUse = MATCHING_RULES.flatMap((rule) => {
    const applies = types.filter((t) => rule.appliesTo.includes(t.syntax)).map((t) => t.names[0]);
    return applies.length > 0 ? [describe.matchingRuleUseDescription(rule, applies)] : [];
  });
  return [
    { type: 'ldapSyntaxes', values: SYNTAXES.map(describe.syntaxDescription) },
    { type: 'matchingRules', values: MATCHING_RULES.map(describe.matchingRuleDescription) },
    { type: 'attributeTypes', values: types.map(describe.attributeTypeDescription) },
    { type: 'objectClasses', values: OBJECT_CLASSES.map(describe.objectClassDescription) },
    { type: 'matchingRuleUse', values: ruleUse },
  ];
}
