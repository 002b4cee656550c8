/** RFC 4511 §4.5.1.7 three-valued filter results and the tests filters compile to. */
import type { Entry } from './entry.ts';

export const FALSE = 0;
export const TRUE = 1;
export const UNDEFINED = 2;
export type Tri = typeof FALSE | typeof TRUE | typeof UNDEFINED;

/** A compiled filter (item) applied to an entry. */
export type EntryTest = (entry: Entry) => Tri;

/** A compiled assertion applied to one attribute value. */
export type ValueTest = (value: string) => Tri;

/** A test that is always Undefined (unknown type or rule, no applicable rule, invalid assertion value). */
export const undefinedTest: EntryTest = () => UNDEFINED;

/** TRUE if a value matches, else Undefined if one could not be compared, else FALSE. */
export function anyValue(values: readonly string[], test: ValueTest): Tri {
  let result: Tri = FALSE;
  for (const value of values) {
    const r = test(value);
    if (r === TRUE) return TRUE;
    if (r === UNDEFINED) result = UNDEFINED;
  }
  return result;
}

/** Three-valued OR. */
export function or(a: Tri, b: Tri): Tri {
  return a === TRUE || b === TRUE ? TRUE : a === UNDEFINED || b === UNDEFINED ? UNDEFINED : FALSE;
}
