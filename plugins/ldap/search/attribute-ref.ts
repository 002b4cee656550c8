/** How a filter's attribute description resolves: its type, its key in entries, and what an entry without it gives. */
import { type AttributeType, attributeType } from '../schema/schema.ts';
import { FALSE, type Tri, UNDEFINED } from './tri.ts';

export interface AttributeRef {
  type: AttributeType;
  key: string;
  /** FALSE for a type the schema or the custom attributes declare; Undefined for an unknown one (RFC 4511 §4.5.1.7). */
  absent: Tri;
}

/** The reference of an attribute description; custom attribute names count as known, with the default type. */
export function resolveAttribute(description: string, customAttributes: ReadonlySet<string>): AttributeRef {
  const type = attributeType(description);
  const known = type.known || customAttributes.has(type.key);
  return { type, key: type.key, absent: known ? FALSE : UNDEFINED };
}
