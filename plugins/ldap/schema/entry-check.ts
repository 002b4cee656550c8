/** Checks of an entry against the schema, for tests of what the server serves. */
import type { Entry } from '../search/entry.ts';
import { isDescr } from './custom-attributes.ts';
import type { ObjectClassDef } from './object-classes.ts';
import { attributeKey, attributeType, objectClass } from './schema.ts';

// Problems: unknown classes, unlisted superclasses, MUST attributes missing, user attributes no class allows (with
// extensibleObject, custom names no description could declare), attributes without values, SINGLE-VALUE ones with many.

/** The schema problems of an entry, empty when it is consistent. */
export function checkEntryAgainstSchema(entry: Entry): string[] {
  const problems: string[] = [];
  const classes: ObjectClassDef[] = [];
  const listed = new Set<string>();
  for (const name of entry.attrs.get('objectclass') ?? []) {
    const c = objectClass(name);
    if (c === undefined) problems.push(`${entry.dn}: unknown object class ${name}`);
    else if (!listed.has(c.oid)) {
      classes.push(c);
      listed.add(c.oid);
    }
  }
  if (listed.size === 0) problems.push(`${entry.dn}: no objectClass`);
  const allowed = new Set<string>();
  for (const c of classes) {
    for (const sup of c.sup) if (!listed.has(objectClass(sup)?.oid ?? sup)) problems.push(`${entry.dn}: ${c.names[0]} needs its superclass ${sup} listed`);
    for (const must of c.must) {
      const key = attributeKey(must);
      allowed.add(key);
      if ((entry.attrs.get(key)?.length ?? 0) === 0) problems.push(`${entry.dn}: MUST ${must} of ${c.names[0]} missing`);
    }
    for (const may of c.may) allowed.add(attributeKey(may));
  }
  const extensible = classes.some((c) => c.names[0] === 'extensibleObject');
  for (const [key, values] of entry.attrs) {
    const type = attributeType(key);
    if (values.length === 0) problems.push(`${entry.dn}: ${type.name} has no values`);
    if (type.singleValue && values.length > 1) problems.push(`${entry.dn}: SINGLE-VALUE ${type.name} has ${values.length} values`);
    if (type.usage !== 'userApplications' || allowed.has(key)) continue;
    if (!extensible) problems.push(`${entry.dn}: ${type.name} is not allowed by its object classes`);
    else if (!type.known && !isDescr(key)) problems.push(`${entry.dn}: ${key} is not a descr, so no attribute type can declare it`);
  }
  return problems;
}
