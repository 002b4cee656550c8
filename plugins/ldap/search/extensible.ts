/** extensibleMatch (RFC 4511 §4.5.1.7.7): a named rule, the attribute's equality rule, or a rule over every attribute it applies to; `:dn:` adds the DN's AVAs. */
import type { Filter } from '../protocol/types.ts';
import { type Ava, parseDN } from '../protocol/dn.ts';
import type { MatchingRule } from '../schema/matching-rules.ts';
import { attributeKey, attributeType, matchingRule } from '../schema/schema.ts';
import type { AttributeRef } from './attribute-ref.ts';
import type { Entry } from './entry.ts';
import { ruleTest } from './rule-tests.ts';
import { anyValue, type EntryTest, FALSE, or, TRUE, type Tri, undefinedTest, type ValueTest } from './tri.ts';

type Extensible = Extract<Filter, { type: 'extensible' }>;

const avasOf = new WeakMap<Entry, Ava[]>();

function avas(entry: Entry): Ava[] {
  let found = avasOf.get(entry);
  if (found === undefined) {
    found = parseDN(entry.dn).flat().filter((ava) => !ava.hex);
    avasOf.set(entry, found);
  }
  return found;
}

/** The test of an extensible filter; Undefined for an unknown rule, a rule not applicable to the attribute, or an invalid assertion. */
export function compileExtensible(filter: Extensible, resolve: (description: string) => AttributeRef): EntryTest {
  const named = filter.matchingRule === undefined ? undefined : matchingRule(filter.matchingRule);
  if (filter.matchingRule !== undefined && named === undefined) return undefinedTest;
  const ref = filter.attribute === undefined ? undefined : resolve(filter.attribute);
  const rule = named ?? ref?.type.equality;
  if (rule === undefined || (ref !== undefined && !rule.appliesTo.includes(ref.type.syntax))) return undefinedTest;
  const test = ruleTest(rule, filter.value);
  if (test === null) return undefinedTest;
  const values = ref === undefined ? everyApplicable(rule, test) : (e: Entry) => attributeValues(e, ref, test);
  if (!filter.dnAttributes) return values;
  const inDn = ref === undefined ? (type: string) => rule.appliesTo.includes(attributeType(type).syntax) : (type: string) => attributeKey(type) === ref.key;
  return (e) => {
    const result = values(e);
    if (result === TRUE) return TRUE;
    let dn: Tri = FALSE;
    for (const ava of avas(e)) if (inDn(ava.type)) dn = or(dn, test(ava.value));
    return or(result, dn);
  };
}

function attributeValues(entry: Entry, ref: AttributeRef, test: ValueTest): Tri {
  const values = entry.attrs.get(ref.key);
  return values === undefined || values.length === 0 ? ref.absent : anyValue(values, test);
}

function everyApplicable(rule: MatchingRule, test: ValueTest): EntryTest {
  const applies = new Map<string, boolean>();
  return (e) => {
    let result: Tri = FALSE;
    for (const [key, values] of e.attrs) {
      let yes = applies.get(key);
      if (yes === undefined) applies.set(key, (yes = rule.appliesTo.includes(attributeType(key).syntax)));
      if (yes) result = or(result, anyValue(values, test));
      if (result === TRUE) return TRUE;
    }
    return result;
  };
}
