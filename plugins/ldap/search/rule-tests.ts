/** Assertions compiled against a matching rule, the assertion value prepared once. */
import type { MatchingRule } from '../schema/matching-rules.ts';
import { containsParts } from '../schema/string-prep.ts';
import { FALSE, TRUE, UNDEFINED, type ValueTest } from './tri.ts';

/** An equality assertion; null if the assertion value is not one of the rule's syntax. */
export function equalityTest(rule: MatchingRule, assertion: string): ValueTest | null {
  const expected = rule.normalize(assertion);
  if (expected === null) return null;
  const normalize = rule.normalize;
  return (value) => {
    const n = normalize(value);
    return n === expected ? TRUE : n === null ? UNDEFINED : FALSE;
  };
}

/** An ordering assertion: TRUE when `accept` takes the order of the value against the assertion; null for an invalid assertion. */
export function orderingTest(rule: MatchingRule, assertion: string, accept: (order: number) => boolean): ValueTest | null {
  const bound = rule.normalize(assertion);
  const compare = rule.compare;
  if (bound === null || compare === undefined) return null;
  const normalize = rule.normalize;
  return (value) => {
    const n = normalize(value);
    return n === null ? UNDEFINED : accept(compare(n, bound)) ? TRUE : FALSE;
  };
}

/** A substrings assertion; null if the rule prepares no components. */
export function substringsTest(rule: MatchingRule, initial: string | undefined, any: readonly string[], final: string | undefined): ValueTest | null {
  const part = rule.part;
  if (part === undefined) return null;
  const i = initial === undefined ? undefined : part(initial, 'initial');
  const a = any.map((p) => part(p, 'any'));
  const f = final === undefined ? undefined : part(final, 'final');
  const normalize = rule.normalize;
  return (value) => {
    const n = normalize(value);
    return n === null ? UNDEFINED : containsParts(n, i, a, f) ? TRUE : FALSE;
  };
}

/** A Substring Assertion value (RFC 4517 §3.3.30: `initial*any*final`, `\2A` and `\5C` escapes); null if invalid. */
export function parseSubstringAssertion(text: string): { initial?: string; any: string[]; final?: string } | null {
  const segments = text.split('*');
  if (segments.length < 2 || /\\(?!2a|5c)/i.test(text)) return null;
  const unescaped = segments.map((s) => s.replace(/\\(2a|5c)/gi, (_, hex: string) => (hex.toLowerCase() === '2a' ? '*' : '\\')));
  const initial = unescaped[0];
  const final = unescaped[unescaped.length - 1];
  return {
    ...(initial === '' ? {} : { initial }),
    any: unescaped.slice(1, -1).filter((s) => s !== ''),
    ...(final === '' ? {} : { final }),
  };
}

/** The assertion test of any rule as an extensible match uses it (an ordering rule holds when the value is less); null if invalid. */
export function ruleTest(rule: MatchingRule, assertion: string): ValueTest | null {
  if (rule.usage === 'equality') return equalityTest(rule, assertion);
  if (rule.usage === 'ordering') return orderingTest(rule, assertion, (order) => order < 0);
  const parsed = parseSubstringAssertion(assertion);
  return parsed && substringsTest(rule, parsed.initial, parsed.any, parsed.final);
}
