/** Declarations for the custom attributes (from users' and groups' JSON attributes) an entry may carry beyond the static schema. */
import { CUSTOM_ATTRIBUTE_ARC } from './arc.ts';
import { ATTRIBUTE_TYPES, type AttributeTypeDef } from './attribute-types.ts';
import { SYNTAX } from './syntaxes.ts';

const DESCR = /^[A-Za-z][A-Za-z0-9-]*$/;

/** Whether a name is an RFC 4512 descr (keystring), the only names a schema description can declare. */
export function isDescr(name: string): boolean {
  return DESCR.test(name);
}

// 32-bit FNV-1a of the UTF-8 bytes.
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(s, 'utf8')) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

// OIDs are CUSTOM_ATTRIBUTE_ARC.<FNV-1a of the lower-cased name>; should two hashes collide, the later name in
// code-unit order takes the next free number.

/** Directory String attribute types with the caseIgnore rules for the custom names that are descrs and not declared statically, one per lower-cased name. */
export function customAttributeTypes(names: Iterable<string>): AttributeTypeDef[] {
  const declared = new Set(ATTRIBUTE_TYPES.flatMap((t) => t.names.map((n) => n.toLowerCase())));
  const wanted = new Map<string, string>();
  for (const name of names) {
    const key = name.toLowerCase();
    if (isDescr(name) && !declared.has(key) && !wanted.has(key)) wanted.set(key, name);
  }
  const taken = new Set<number>();
  return [...wanted.keys()].sort().map((key) => {
    let n = hash(key);
    while (taken.has(n)) n = (n + 1) >>> 0;
    taken.add(n);
    return {
      oid: `${CUSTOM_ATTRIBUTE_ARC}.${n}`,
      names: [wanted.get(key) ?? key],
      desc: 'custom attribute',
      syntax: SYNTAX.directoryString,
      equality: 'caseIgnoreMatch',
      ordering: 'caseIgnoreOrderingMatch',
      substr: 'caseIgnoreSubstringsMatch',
    };
  });
}
