/** Search filters compiled to entry predicates (RFC 4511 §4.5.1.7). */

// Three-valued: unknown attribute types, missing matching rules and invalid assertion values make an item Undefined;
// NOT keeps Undefined; only TRUE selects an entry.
import type { Filter } from '../protocol/types.ts';
import { SYNTAX } from '../schema/syntaxes.ts';
import { attributeType } from '../schema/schema.ts';
import { approxTest } from './approx.ts';
import { type AttributeRef, resolveAttribute } from './attribute-ref.ts';
import type { Entry } from './entry.ts';
import { compileExtensible } from './extensible.ts';
import { equalityTest, orderingTest, substringsTest } from './rule-tests.ts';
import { anyValue, type EntryTest, FALSE, TRUE, type Tri, undefinedTest, UNDEFINED, type ValueTest } from './tri.ts';

export interface CompileOptions {
  /** Custom attribute names the server declares (see subschemaAttributes): filters on them are not Undefined where an entry lacks them. */
  customAttributes?: Iterable<string>;
}

/** A predicate selecting the entries the filter evaluates to TRUE for; assertion values are prepared once, here. */
export function compileFilter(filter: Filter, options: CompileOptions = {}): (entry: Entry) => boolean {
  const custom = new Set([...(options.customAttributes ?? [])].map((name) => name.toLowerCase()));
  const test = compile(filter, (description) => resolveAttribute(description, custom));
  return (entry) => test(entry) === TRUE;
}

/** The normal form of a value under the attribute's equality rule (an index key); null without such a rule or for a value outside its syntax. */
export function equalityKey(attrKey: string, value: string): string | null {
  return attributeType(attrKey).equality?.normalize(value) ?? null;
}

type Resolve = (description: string) => AttributeRef;

function compile(filter: Filter, resolve: Resolve): EntryTest {
  switch (filter.type) {
    case 'and': {
      const tests = filter.filters.map((f) => compile(f, resolve));
      return (e) => {
        let result: Tri = TRUE;
        for (const test of tests) {
          const r = test(e);
          if (r === FALSE) return FALSE;
          if (r === UNDEFINED) result = UNDEFINED;
        }
        return result;
      };
    }
    case 'or': {
      const tests = filter.filters.map((f) => compile(f, resolve));
      return (e) => {
        let result: Tri = FALSE;
        for (const test of tests) {
          const r = test(e);
          if (r === TRUE) return TRUE;
          if (r === UNDEFINED) result = UNDEFINED;
        }
        return result;
      };
    }
    case 'not': {
      const test = compile(filter.filter, resolve);
      return (e) => {
        const r = test(e);
        return r === UNDEFINED ? UNDEFINED : r === TRUE ? FALSE : TRUE;
      };
    }
    case 'present': {
      const { key } = resolve(filter.attribute);
      if (key === 'objectclass') return () => TRUE;
      return (e) => ((e.attrs.get(key)?.length ?? 0) > 0 ? TRUE : FALSE);
    }
    case 'equality': {
      const ref = resolve(filter.attribute);
      return onValues(ref, ref.type.equality && equalityTest(ref.type.equality, filter.value));
    }
    case 'greaterOrEqual':
    case 'lessOrEqual': {
      const ref = resolve(filter.attribute);
      const accept = filter.type === 'greaterOrEqual' ? (order: number) => order >= 0 : (order: number) => order <= 0;
      return onValues(ref, ref.type.ordering && orderingTest(ref.type.ordering, filter.value, accept));
    }
    case 'substrings': {
      const ref = resolve(filter.attribute);
      return onValues(ref, ref.type.substr && substringsTest(ref.type.substr, filter.initial, filter.any, filter.final));
    }
    case 'approxMatch': {
      const ref = resolve(filter.attribute);
      const text = ref.type.syntax === SYNTAX.directoryString || ref.type.syntax === SYNTAX.ia5String;
      return onValues(ref, text ? approxTest(filter.value) : ref.type.equality && equalityTest(ref.type.equality, filter.value));
    }
    case 'extensible':
      return compileExtensible(filter, resolve);
  }
}

// The entry test of an attribute's value test; no test (no rule, invalid assertion) is Undefined.
function onValues(ref: AttributeRef, test: ValueTest | null | undefined): EntryTest {
  if (!test) return undefinedTest;
  const { key, absent } = ref;
  return (e) => {
    const values = e.attrs.get(key);
    return values === undefined || values.length === 0 ? absent : anyValue(values, test);
  };
}
