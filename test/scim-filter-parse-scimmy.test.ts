import { describe, expect, it } from 'vitest';
import type { ScimFilter } from '../plugins/scim/source/filter/ast.ts';
import { parseFilter } from '../plugins/scim/source/filter/parse.ts';
import { failure } from './support/scim-error.ts';
import { ATTRNAME, COMP_VALUE, NOT_NEEDS_PARENS, scimmy, SUB_AFTER_BRACKET_IS_PATCH_ONLY, VALUE_PATH_IS_A_FILTER } from './support/scim-filter-conformance.ts';

// SCIMMY's parse and expression fixtures, and the RFC 7644 rules behind each refusal: see support/scim-filter-conformance.ts.

describe('SCIMMY filter fixtures', () => {
  // SCIMMY writes `not X` for not (X), reads `a[f] op v` and `a[f].b[g]`, unquoted strings and `$` inside names.
  const refusals: [string, RegExp][] = [
    ['valid$Name eq null', ATTRNAME], ['-valid$Name eq -null', ATTRNAME], ['value eq 123abc', COMP_VALUE], ['value eq 123abc5e4', COMP_VALUE],
    ['not eq pr', COMP_VALUE], ['NOT id pr', NOT_NEEDS_PARENS], ['not id pr', NOT_NEEDS_PARENS],
    ['email.value ew "@example.com" and not userName eq "Test"', NOT_NEEDS_PARENS], ['email.type eq "work" or not userName ne "Test"', NOT_NEEDS_PARENS],
    ['email.type eq "work" AND not email.value ew "@example.com"', NOT_NEEDS_PARENS], ['email.type eq "work" and not email.value ew "@example.com"', NOT_NEEDS_PARENS],
    ['NOT email.type eq "work" and not email.value ew "@example.com"', NOT_NEEDS_PARENS], ['not email.type eq "work" and not email.value ew "@example.com"', NOT_NEEDS_PARENS],
    ['NOt not sw "A" and userName ew "Z" and userName co "m"', NOT_NEEDS_PARENS], ['not not sw "A" and userName ew "Z" and userName co "m"', NOT_NEEDS_PARENS],
    ['not emails[type eq "work"].value pr', NOT_NEEDS_PARENS], ['emails[not type eq "work"] pr', NOT_NEEDS_PARENS],
    ['emails[not type eq "work"] co "A"', NOT_NEEDS_PARENS], ['not emails[not type eq "work"] co "A"', NOT_NEEDS_PARENS],
    ['emails[type eq "work"] pr', VALUE_PATH_IS_A_FILTER], ['emails[type eq "work"] co "A"', VALUE_PATH_IS_A_FILTER],
    ['userType eq "Employee" and emails[type eq "work" or primary eq true] pr', VALUE_PATH_IS_A_FILTER],
    ['userType eq "Employee" and emails[type eq "work"] pr or userType eq "Employee" and emails[primary eq true] pr', VALUE_PATH_IS_A_FILTER],
  ];
  const refused = new Map(refusals);
  const isRefused = (source: string) => refused.has(source) || /\]\.\w/.test(source);
  const ruleFor = (source: string) => refused.get(source) ?? SUB_AFTER_BRACKET_IS_PATCH_ONLY;

  // SCIMMY reads `not (A or B)` as `not A or not B`; RFC 7644 negates the group (not A and not B, De Morgan).
  const deMorgan = new Map<string, ScimFilter>([
    ['userName sw "A" and not (userName ew "Z" or displayName co "Bob")', {
      op: 'and', left: { op: 'sw', attr: { name: 'userName' }, value: 'A' },
      right: { op: 'not', filter: { op: 'or', left: { op: 'ew', attr: { name: 'userName' }, value: 'Z' }, right: { op: 'co', attr: { name: 'displayName' }, value: 'Bob' } } },
    }],
    ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', {
      op: 'and', left: { op: 'ne', attr: { name: 'userType' }, value: 'Employee' },
      right: { op: 'not', filter: { op: 'or', left: { op: 'co', attr: { name: 'emails' }, value: 'example.com' }, right: { op: 'co', attr: { name: 'emails', sub: 'value' }, value: 'example.org' } } },
    }],
  ]);

  const parseCases: { source: string; target: unknown }[] = Object.values(scimmy.parse as Record<string, { source: string; target: unknown }[]>).flat();
  // The expression fixtures go the other way (notation → text); the same text must parse back to the notation.
  const expressionCases = Object.values(scimmy.expression as Record<string, { source: unknown; target: string }[]>).flat().map((c) => ({ source: c.target, target: c.source }));
  const cases = [...parseCases, ...expressionCases];

  it.each(cases.filter((c) => !isRefused(c.source) && !deMorgan.has(c.source)))('parses $source as SCIMMY does', (c) => {
    expect(toScimmy(parseFilter(c.source))).toEqual(c.target);
  });

  it.each([...deMorgan])('parses %s as RFC 7644 negation, not as SCIMMY', (source, ast) => {
    expect(parseFilter(source)).toEqual(ast);
  });

  it.each(cases.filter((c) => isRefused(c.source)).map((c) => c.source))('refuses %s, outside RFC 7644 grammar', (source) => {
    const err = failure(() => parseFilter(source));
    expect([err.status, err.scimType]).toEqual([400, 'invalidFilter']);
    expect(err.message).toMatch(ruleFor(source));
  });

  it('covers every fixture', () => {
    expect([parseCases.length, expressionCases.length]).toEqual([56, 31]);
    expect(refusals.every(([s]) => cases.some((c) => c.source === s))).toBe(true);
  });
});

type Conjunct = { path: string[]; condition: unknown[] }[];
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Our AST in SCIMMY's notation: alternatives (disjunctive normal form), each an object of path → condition(s). */
function toScimmy(f: ScimFilter): Record<string, unknown>[] {
  return dnf(f, false, []).map((conjunct) => {
    const out: Record<string, unknown> = {};
    for (const { path, condition } of conjunct) {
      let node = out;
      for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
      const key = path[path.length - 1];
      const held = node[key] as unknown[] | undefined;
      if (held !== undefined && !Array.isArray(held)) throw new Error(`"${key}" holds both conditions and sub-attributes`);
      node[key] = held === undefined ? condition : typeof held[0] === 'string' ? [held, condition] : [...held, condition];
    }
    return out;
  });
}

function dnf(f: ScimFilter, negated: boolean, prefix: string[]): Conjunct[] {
  switch (f.op) {
    case 'and':
    case 'or': {
      const [left, right] = [dnf(f.left, negated, prefix), dnf(f.right, negated, prefix)];
      return (f.op === 'and') !== negated ? left.flatMap((l) => right.map((r) => [...l, ...r])) : [...left, ...right];
    }
    case 'not':
      return dnf(f.filter, !negated, prefix);
    case 'valuePath':
      if (negated) throw new Error('SCIMMY has no notation for a negated value path');
      return dnf(f.filter, false, [...prefix, lowerFirst(f.attr.name)]);
    default: {
      const path = [...prefix, lowerFirst(f.attr.name), ...(f.attr.sub ? [lowerFirst(f.attr.sub)] : [])];
      const condition = f.op === 'pr' ? ['pr'] : [f.op, f.value];
      return [[{ path, condition: negated ? ['not', ...condition] : condition }]];
    }
  }
}
