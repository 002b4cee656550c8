/** RFC 4512 §4.1 description strings of schema elements, as the subschema entry serves them. */
import type { AttributeTypeDef } from './attribute-types.ts';
import type { MatchingRule } from './matching-rules.ts';
import type { ObjectClassDef } from './object-classes.ts';
import type { Syntax } from './syntaxes.ts';

const qdstring = (s: string) => `'${s.replaceAll('\\', '\\5C').replaceAll("'", '\\27')}'`;
const qdescrs = (names: readonly string[]) => (names.length === 1 ? `'${names[0]}'` : `( ${names.map((n) => `'${n}'`).join(' ')} )`);
const oids = (list: readonly string[]) => (list.length === 1 ? list[0] : `( ${list.join(' $ ')} )`);

function describe(oid: string, fields: (string | false | undefined)[]): string {
  return `( ${[oid, ...fields.filter((f) => typeof f === 'string')].join(' ')} )`;
}

/** An AttributeTypeDescription. */
export function attributeTypeDescription(d: AttributeTypeDef): string {
  return describe(d.oid, [
    `NAME ${qdescrs(d.names)}`,
    d.desc !== undefined && `DESC ${qdstring(d.desc)}`,
    d.equality && `EQUALITY ${d.equality}`,
    d.ordering && `ORDERING ${d.ordering}`,
    d.substr && `SUBSTR ${d.substr}`,
    `SYNTAX ${d.syntax}${d.length === undefined ? '' : `{${d.length}}`}`,
    d.singleValue && 'SINGLE-VALUE',
    d.noUserModification && 'NO-USER-MODIFICATION',
    d.usage !== undefined && d.usage !== 'userApplications' && `USAGE ${d.usage}`,
  ]);
}

/** An ObjectClassDescription. */
export function objectClassDescription(d: ObjectClassDef): string {
  return describe(d.oid, [
    `NAME ${qdescrs(d.names)}`,
    d.desc !== undefined && `DESC ${qdstring(d.desc)}`,
    d.sup.length > 0 && `SUP ${oids(d.sup)}`,
    d.kind,
    d.must.length > 0 && `MUST ${oids(d.must)}`,
    d.may.length > 0 && `MAY ${oids(d.may)}`,
  ]);
}

/** A MatchingRuleDescription. */
export function matchingRuleDescription(r: MatchingRule): string {
  return describe(r.oid, [`NAME ${qdescrs([r.name])}`, `SYNTAX ${r.syntax}`]);
}

/** A MatchingRuleUseDescription: the attribute types a rule applies to. */
export function matchingRuleUseDescription(r: MatchingRule, applies: readonly string[]): string {
  return describe(r.oid, [`NAME ${qdescrs([r.name])}`, `APPLIES ${oids(applies)}`]);
}

/** A SyntaxDescription. */
export function syntaxDescription(s: Syntax): string {
  return describe(s.oid, [`DESC ${qdstring(s.desc)}`]);
}
