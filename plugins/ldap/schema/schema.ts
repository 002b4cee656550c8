/** Schema lookups by name or OID (case-insensitive): attribute types with their matching rules resolved, object classes, matching rules. */
import { ATTRIBUTE_TYPES, type AttributeUsage } from './attribute-types.ts';
import { MATCHING_RULES, type MatchingRule } from './matching-rules.ts';
import { OBJECT_CLASSES, type ObjectClassDef } from './object-classes.ts';
import { SYNTAX } from './syntaxes.ts';

export { subschemaAttributes } from './subschema.ts';

export interface AttributeType {
  /** Empty for a type the schema does not know. */
  oid: string;
  names: readonly string[];
  /** The canonical name. */
  name: string;
  /** The lower-cased canonical name: the key of the attribute in an entry's map. */
  key: string;
  syntax: string;
  equality?: MatchingRule;
  ordering?: MatchingRule;
  substr?: MatchingRule;
  singleValue: boolean;
  usage: AttributeUsage;
  /** False for the default definition given to names the schema does not declare (custom attributes). */
  known: boolean;
}

interface Index {
  attributes: Map<string, AttributeType>;
  classes: Map<string, ObjectClassDef>;
  rules: Map<string, MatchingRule>;
  oids: Map<string, string>;
}

let built: Index | undefined;

// Built on first use: the matching rules' normalizers and the DN module import this one in a cycle.
function index(): Index {
  return (built ??= build());
}

function build(): Index {
  const rules = new Map<string, MatchingRule>();
  const oids = new Map<string, string>();
  for (const r of MATCHING_RULES) {
    rules.set(r.oid, r);
    rules.set(r.name.toLowerCase(), r);
    oids.set(r.name.toLowerCase(), r.oid);
  }
  const rule = (name: string | undefined) => (name === undefined ? undefined : rules.get(name.toLowerCase()));
  const attributes = new Map<string, AttributeType>();
  for (const d of ATTRIBUTE_TYPES) {
    const type: AttributeType = {
      oid: d.oid,
      names: d.names,
      name: d.names[0],
      key: d.names[0].toLowerCase(),
      syntax: d.syntax,
      equality: rule(d.equality),
      ordering: rule(d.ordering),
      substr: rule(d.substr),
      singleValue: d.singleValue === true,
      usage: d.usage ?? 'userApplications',
      known: true,
    };
    attributes.set(d.oid, type);
    for (const name of d.names) {
      attributes.set(name.toLowerCase(), type);
      oids.set(name.toLowerCase(), d.oid);
    }
  }
  const classes = new Map<string, ObjectClassDef>();
  for (const c of OBJECT_CLASSES) {
    classes.set(c.oid, c);
    for (const name of c.names) {
      classes.set(name.toLowerCase(), c);
      oids.set(name.toLowerCase(), c.oid);
    }
  }
  return { attributes, classes, rules, oids };
}

/** The attribute type of a name or OID; an unknown one gets the default: Directory String, caseIgnore rules, multi-valued, `known: false`. */
export function attributeType(nameOrOid: string): AttributeType {
  const found = index().attributes.get(nameOrOid.toLowerCase());
  if (found) return found;
  const { rules } = index();
  return {
    oid: '',
    names: [nameOrOid],
    name: nameOrOid,
    key: nameOrOid.toLowerCase(),
    syntax: SYNTAX.directoryString,
    equality: rules.get('caseignorematch'),
    ordering: rules.get('caseignoreorderingmatch'),
    substr: rules.get('caseignoresubstringsmatch'),
    singleValue: false,
    usage: 'userApplications',
    known: false,
  };
}

/** The lower-cased canonical name of an attribute type (`commonName` and `2.5.4.3` give `cn`), the key entries use. */
export function attributeKey(nameOrOid: string): string {
  const lower = nameOrOid.toLowerCase();
  return index().attributes.get(lower)?.key ?? lower;
}

/** The object class of a name or OID, if declared. */
export function objectClass(nameOrOid: string): ObjectClassDef | undefined {
  return index().classes.get(nameOrOid.toLowerCase());
}

/** The matching rule of a name or OID, if declared. */
export function matchingRule(nameOrOid: string): MatchingRule | undefined {
  return index().rules.get(nameOrOid.toLowerCase());
}

/** The OID of a declared attribute type, object class or matching rule name. */
export function oidOf(name: string): string | undefined {
  return index().oids.get(name.toLowerCase());
}
