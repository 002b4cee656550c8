import type { CompareOp, ValueType } from '../../../sdk/index.ts';
import { badRequest } from '../scim-error.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import type { ScimFilter } from './ast.ts';
import { checkComparison } from './comparison.ts';

/** `pr` or a comparison with a value. */
export type Leaf = Exclude<ScimFilter, { op: 'and' | 'or' | 'not' | 'valuePath' }>;

/** `pr` and `ne null` ask whether a value is there, `eq null` whether it is not. */
export type Presence = 'pr' | 'absent';

/** What a leaf asks of the value it reads, checked against the attribute's definition. */
export type Test = { kind: Presence } | { kind: 'compare'; op: CompareOp; value: string | number | boolean; type: ValueType; caseExact: boolean };

/** The node a leaf becomes over a target of type T. */
export type LeafOf<T> =
  | { op: 'pr'; target: T }
  | { op: 'not'; filter: { op: 'pr'; target: T } }
  | { op: CompareOp; target: T; type: ValueType; caseExact: boolean; value: string | number | boolean };

/** Whether a leaf is `pr`, `eq null` or `ne null`: it asks about presence rather than a value. */
export const asksPresence = (f: Leaf) => f.op === 'pr' || f.value === null;

/** Presence or absence for `pr`, `ne null`, `eq null`; other operators with null are refused. */
export function presence(f: Leaf, name: string): Presence {
  if (f.op === 'pr' || f.op === 'ne') return 'pr';
  if (f.op === 'eq') return 'absent';
  throw badRequest('invalidFilter', `Only "eq" and "ne" compare with null ("${name} ${f.op} null").`);
}

/** What a leaf on the attribute `def` (written `name`) asks; invalidFilter when the comparison does not fit. */
export function testOf(f: Leaf, def: AttributeDef, name: string): Test {
  if (f.op === 'pr' || f.value === null) return { kind: presence(f, name) };
  return { kind: 'compare', op: f.op, value: f.value, ...checkComparison(def, name, f.op, f.value) };
}

/** The node for a test on `target`: `pr`, `not pr`, or a typed comparison. */
export function leafOf<T>(target: T, t: Test): LeafOf<T> {
  if (t.kind === 'compare') return { op: t.op, target, type: t.type, caseExact: t.caseExact, value: t.value };
  return negated(t.kind, { op: 'pr', target });
}

/** `present` itself, or its negation for absence. */
export function negated<F>(p: Presence, present: F): F | { op: 'not'; filter: F } {
  return p === 'pr' ? present : { op: 'not', filter: present };
}
