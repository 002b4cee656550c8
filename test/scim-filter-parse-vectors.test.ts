import { describe, expect, it } from 'vitest';
import type { AttrPath, ScimFilter } from '../plugins/scim/source/filter/ast.ts';
import { matchesElement } from '../plugins/scim/source/filter/evaluate.ts';
import { parseFilter } from '../plugins/scim/source/filter/parse.ts';
import type { AttributeDef } from '../plugins/scim/source/schema/attribute.ts';
import { COMMON_ATTRIBUTES, SCHEMAS } from '../plugins/scim/source/schema/catalogue.ts';
import { failure } from './support/scim-error.ts';
import { ATTRNAME, NO_NESTED_BRACKETS, NOT_NEEDS_PARENS, simple, SUB_AFTER_BRACKET_IS_PATCH_ONLY, type Upstream, upstream } from './support/scim-filter-conformance.ts';

// scim2-parse-filter's vectors and the RFC 7644 rules behind each refusal: see support/scim-filter-conformance.ts.

const text = (a: AttrPath) => `${a.uri ? `${a.uri}:` : ''}${a.name}${a.sub ? `.${a.sub}` : ''}`;

describe('scim2-parse-filter vectors', () => {
  // The 2 `.value` ones are level `may` in the shared syntax cases (a parser leniency); the others are not User filters.
  const refused = new Map<string, RegExp>([
    ['p1[p2[n1 eq 1]]', NO_NESTED_BRACKETS],
    ['emails[value[hoge eq "@example.com"] and value[hoge eq "@example.com"]] or name eq "xxx"', NO_NESTED_BRACKETS],
    ['not a pr', NOT_NEEDS_PARENS],
    ['not a[b pr]', NOT_NEEDS_PARENS],
    ['a[not b pr]', NOT_NEEDS_PARENS],
    ['emails[type eq "work"].value eq "user@example.com"', SUB_AFTER_BRACKET_IS_PATCH_ONLY],
    ['emails[type eq "work"].value eq "user@example.com" and name eq "foo"', SUB_AFTER_BRACKET_IS_PATCH_ONLY],
    ['064869bf-be25-466f-803d-004a0540574b eq "bjensen"', ATTRNAME],
  ]);

  it.each(upstream.parsed.filter((v) => !refused.has(v.filter)))('parses $filter to the upstream AST (and/or chains flattened)', (v) => {
    expect(flat(toUpstream(parseFilter(v.filter)))).toEqual(flat(v.ast));
  });

  it.each([...refused])('refuses %s, outside RFC 7644 grammar', (filter, rule) => {
    const err = failure(() => parseFilter(filter));
    expect(err.status).toBe(400);
    expect(err.scimType).toBe('invalidFilter');
    expect(err.message).toMatch(rule);
  });

  it('covers every recorded filter', () => {
    expect(upstream.parsed.length).toBe(130);
    expect(upstream.parsed.filter((v) => refused.has(v.filter))).toHaveLength(refused.size);
  });

  // The recorded evaluations, on one User as an element of a complex attribute with the User schema's attributes
  // (and the upstream's `score` as an integer). userName is caseExact false in RFC 7643 §4.1.1; the upstream test
  // "caseExact: true restores case-sensitive behavior" switched that off, so there we answer case-insensitively.
  const user: AttributeDef = { ...simple('user', 'complex'), multiValued: true, subAttributes: [...SCHEMAS[0].attributes, ...COMMON_ATTRIBUTES, simple('score', 'integer')] };
  it.each(upstream.matches.map((m, i) => ({ ...m, i })))('evaluates $filter on $resource as recorded ($i)', (m) => {
    const caseExactOption = m.test.includes('caseExact: true') && m.resource.userName !== 'JohnDoe';
    expect(matchesElement(m.resource, parseFilter(m.filter), user)).toBe(caseExactOption ? !m.result : m.result);
  });
});

/** Our AST in scim2-parse-filter's shape. */
function toUpstream(f: ScimFilter): Upstream {
  switch (f.op) {
    case 'and':
    case 'or':
      return { op: f.op, filters: [toUpstream(f.left), toUpstream(f.right)] };
    case 'not':
      return { op: 'not', filter: toUpstream(f.filter) };
    case 'valuePath':
      return { op: '[]', attrPath: text(f.attr), valFilter: toUpstream(f.filter) };
    case 'pr':
      return { op: 'pr', attrPath: text(f.attr) };
    default:
      return { op: f.op, attrPath: text(f.attr), compValue: f.value };
  }
}

/** Nested and/or of one kind merged (both are associative), so that grouping does not matter. */
function flat(u: Upstream): Upstream {
  if (u.filters) return { op: u.op, filters: u.filters.map(flat).flatMap((g) => (g.op === u.op && g.filters ? g.filters : [g])) };
  if (u.filter) return { ...u, filter: flat(u.filter) };
  if (u.valFilter) return { ...u, valFilter: flat(u.valFilter) };
  return u;
}
