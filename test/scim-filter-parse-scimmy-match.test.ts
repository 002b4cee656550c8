import { describe, expect, it } from 'vitest';
import type { AttrPath, ScimFilter } from '../plugins/scim/source/filter/ast.ts';
import { matchesElement } from '../plugins/scim/source/filter/evaluate.ts';
import { parseFilter } from '../plugins/scim/source/filter/parse.ts';
import type { AttributeDef } from '../plugins/scim/source/schema/attribute.ts';
import { failure } from './support/scim-error.ts';
import { scimmy, simple } from './support/scim-filter-conformance.ts';

// SCIMMY's match fixtures (its 4 users and their expected matches): see support/scim-filter-conformance.ts.

describe('SCIMMY filter fixtures', () => {
  // SCIMMY's match fixtures: expectations over its 4 users. Each user is taken as one element of a multi-valued
  // complex attribute whose sub-attributes are the users' attributes, so matchesElement decides. SCIMMY matches
  // these schema-less records with case (`userName co "A"` is users 1 and 2, not MeganB): strings are caseExact here.
  const exact = (name: string) => ({ ...simple(name, 'string'), caseExact: true });
  const record: AttributeDef = {
    ...simple('user', 'complex'), multiValued: true,
    subAttributes: [
      simple('id', 'integer'), exact('userName'), simple('date', 'dateTime'), simple('number', 'integer'), simple('exists', 'boolean'),
      { ...simple('name', 'complex'), subAttributes: ['formatted', 'givenName', 'familyName'].map(exact) },
      { ...simple('emails', 'complex'), multiValued: true, subAttributes: [exact('type'), exact('value'), simple('primary', 'boolean')] },
    ],
  };
  const users = scimmy.match.source as { id: number }[];
  // SCIMMY coerces strings to numbers and booleans and reads partial dates; RFC 7644 §3.4.2.2 answers invalidFilter
  // for an unsupported "filter comparison combination", and RFC 7643 §2.3.5 makes dateTime an xsd:dateTime.
  const TYPE = /cannot be compared with the string/;
  const DATE = /is not a date-time/;
  const ORDER = /does not apply to "user.date", a dateTime attribute/;
  const typeRefusals = new Map<string, RegExp>([
    ['{"exists":["eq","True"]}', TYPE], ['{"exists":["eq","False"]}', TYPE], ['{"exists":["eq","falsey"]}', TYPE],
    ['{"number":["eq","6"]}', TYPE], ['{"number":["ne","6"]}', TYPE], ['{"number":["gt","9"]}', TYPE],
    ['{"number":["ge","9"]}', TYPE], ['{"number":["lt","6"]}', TYPE], ['{"number":["le","6"]}', TYPE],
    ['{"date":["gt","2021-08-05"]}', DATE], ['{"date":["lt","2021-09"]}', DATE], ['{"date":["co","2021-09"]}', ORDER],
    ['{"date":["not","co","2021-09"]}', ORDER], ['{"date":[["ge","2021-09"],["lt","2021-09-20"]]}', DATE],
    ['[{"date":["gt","2021-09-08"]},{"userName":["co","a"]}]', DATE],
  ]);
  const matchCases = Object.entries(scimmy.match.targets as Record<string, { expression: unknown; expected: number[] }[]>)
    .flatMap(([group, list]) => list.map((c) => ({ group, key: JSON.stringify(c.expression), ...c })))
    .filter((c) => c.group !== 'unknown');

  it.each(matchCases.filter((c) => !typeRefusals.has(c.key)))('$group: $key matches users $expected', (c) => {
    const filter = fromScimmy(c.expression, record);
    expect(users.filter((u) => matchesElement(u, filter, record)).map((u) => u.id)).toEqual(c.expected);
  });

  it.each(matchCases.filter((c) => typeRefusals.has(c.key)))('$group: $key is refused (SCIMMY: $expected)', (c) => {
    const err = failure(() => users.map((u) => matchesElement(u, fromScimmy(c.expression, record), record)));
    expect([err.status, err.scimType]).toEqual([400, 'invalidFilter']);
    expect(err.message).toMatch(typeRefusals.get(c.key)!);
  });

  it('honours caseExact: with userName caseExact false, `userName co "A"` also matches MeganB', () => {
    const caseless = { ...record, subAttributes: record.subAttributes!.map((s) => (s.name === 'userName' ? { ...s, caseExact: false } : s)) };
    expect(users.filter((u) => matchesElement(u, parseFilter('userName co "A"'), caseless)).map((u) => u.id)).toEqual([1, 2, 4]);
  });

  it('refuses an unknown operator where SCIMMY matches nothing', () => {
    expect(scimmy.match.targets.unknown).toEqual([{ expression: { userName: ['un', 'AdeleV'] }, expected: [] }]);
    expect(failure(() => parseFilter('userName un "AdeleV"')).message).toBe('Unknown operator "un" at position 9.');
    expect(matchCases.length + 1).toBe(59);
  });
});

/** A SCIMMY match expression as our AST: an object is `and` of its keys, an array `or` of its objects. */
function fromScimmy(expression: unknown, def: AttributeDef): ScimFilter {
  const join = (op: 'and' | 'or', parts: ScimFilter[]) => parts.reduce((left, right) => ({ op, left, right }));
  if (Array.isArray(expression)) return join('or', expression.map((e) => fromScimmy(e, def)));
  return join('and', Object.entries(expression as Record<string, unknown>).flatMap(([name, value]) => {
    const sub = def.subAttributes!.find((s) => s.name.toLowerCase() === name.toLowerCase())!;
    if (Array.isArray(value) && Array.isArray(value[0])) return value.map((c) => condition({ name }, c as unknown[]));
    if (Array.isArray(value) && typeof value[0] === 'object') return [{ op: 'valuePath', attr: { name }, filter: fromScimmy(value[0], sub) }];
    if (Array.isArray(value)) return [condition({ name }, value)];
    if (sub.multiValued) return [{ op: 'valuePath', attr: { name }, filter: fromScimmy(value, sub) }];
    return Object.entries(value as Record<string, unknown[]>).map(([s, c]) => condition({ name, sub: s }, c));
  }));
}

function condition(attr: AttrPath, c: unknown[]): ScimFilter {
  const [op, value] = c as [string, string | number | boolean | null];
  if (op.toLowerCase() === 'not') return { op: 'not', filter: condition(attr, c.slice(1)) };
  if (op === 'np') return { op: 'not', filter: { op: 'pr', attr } }; // SCIMMY's "not present"
  if (op === 'pr') return { op: 'pr', attr };
  return { op: op as 'eq', attr, value };
}
