import { describe, expect, it } from 'vitest';
import type { AttrPath, ScimFilter } from '../plugins/scim/source/filter/ast.ts';
import { parseFilter } from '../plugins/scim/source/filter/parse.ts';

describe('parse results', () => {
  const eq = (name: string, value: ScimFilter & { op: 'eq' } extends { value: infer V } ? V : never, extra: Partial<AttrPath> = {}): ScimFilter => ({ op: 'eq', attr: { ...extra, name }, value });

  it('gives not precedence over and, and over or', () => {
    expect(parseFilter('a eq 1 or b eq 2 and c eq 3')).toEqual({ op: 'or', left: eq('a', 1), right: { op: 'and', left: eq('b', 2), right: eq('c', 3) } });
    expect(parseFilter('a eq 1 and b eq 2 or c eq 3')).toEqual({ op: 'or', left: { op: 'and', left: eq('a', 1), right: eq('b', 2) }, right: eq('c', 3) });
    expect(parseFilter('not (a eq 1) and b eq 2')).toEqual({ op: 'and', left: { op: 'not', filter: eq('a', 1) }, right: eq('b', 2) });
    expect(parseFilter('(a eq 1 or b eq 2) and c eq 3')).toEqual({ op: 'and', left: { op: 'or', left: eq('a', 1), right: eq('b', 2) }, right: eq('c', 3) });
  });

  it('chains and/or to the left', () => {
    expect(parseFilter('a pr and b pr and c pr')).toEqual({
      op: 'and', left: { op: 'and', left: { op: 'pr', attr: { name: 'a' } }, right: { op: 'pr', attr: { name: 'b' } } }, right: { op: 'pr', attr: { name: 'c' } },
    });
  });

  it('reads operators, keywords and literals in any case (ABNF strings are case-insensitive)', () => {
    expect(parseFilter('userName EQ "x" AND Active Eq TRUE oR nickName pR')).toEqual({
      op: 'or',
      left: { op: 'and', left: eq('userName', 'x'), right: eq('Active', true) },
      right: { op: 'pr', attr: { name: 'nickName' } },
    });
    expect(parseFilter('NOT(x eq Null)')).toEqual({ op: 'not', filter: eq('x', null) });
  });

  it('keeps a schema URN prefix apart, up to the last colon', () => {
    const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    expect(parseFilter(`${enterprise}:manager.value eq "m1"`)).toEqual(eq('manager', 'm1', { uri: enterprise, sub: 'value' }));
    expect(parseFilter(`${enterprise}:employeeNumber pr`)).toEqual({ op: 'pr', attr: { uri: enterprise, name: 'employeeNumber' } });
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq "J"')).toEqual(
      eq('name', 'J', { uri: 'urn:ietf:params:scim:schemas:core:2.0:User', sub: 'familyName' }),
    );
  });

  it('parses value paths, with and, or, not and grouping inside', () => {
    expect(parseFilter('emails[type eq "work" and value co "@x"]')).toEqual({
      op: 'valuePath', attr: { name: 'emails' }, filter: { op: 'and', left: eq('type', 'work'), right: { op: 'co', attr: { name: 'value' }, value: '@x' } },
    });
    expect(parseFilter('emails[not (primary eq true)] or x pr')).toEqual({
      op: 'or', left: { op: 'valuePath', attr: { name: 'emails' }, filter: { op: 'not', filter: eq('primary', true) } }, right: { op: 'pr', attr: { name: 'x' } },
    });
  });

  it('decodes JSON strings', () => {
    expect(parseFilter('x eq "a\\"b\\\\c\\/d\\u00e9\\n\\t"')).toEqual(eq('x', 'a"b\\c/dé\n\t'));
    expect(parseFilter('x eq "(not) [and] or"')).toEqual(eq('x', '(not) [and] or'));
    expect(parseFilter('x eq ""')).toEqual(eq('x', ''));
  });

  it('keeps a backslash that starts no JSON escape (Entra and AD send DOMAIN\\user unescaped)', () => {
    expect(parseFilter('userName eq "domain\\user.name"')).toEqual(eq('userName', 'domain\\user.name'));
    expect(parseFilter('x eq "\\u12"')).toEqual(eq('x', '\\u12'));
  });

  it('reads JSON numbers, with sign, fraction and exponent', () => {
    for (const [written, value] of [['0', 0], ['-1', -1], ['1.5', 1.5], ['2e2', 200], ['-1.25E-2', -0.0125], ['10e+1', 100]] as const) {
      expect(parseFilter(`x gt ${written}`)).toEqual({ op: 'gt', attr: { name: 'x' }, value });
    }
  });

  it('accepts runs of spaces and tabs between tokens, and none around parentheses and strings', () => {
    expect(parseFilter(' \t a  eq\t\t"x"  ')).toEqual(eq('a', 'x'));
    expect(parseFilter('not(a pr)and(b pr)')).toEqual({ op: 'and', left: { op: 'not', filter: { op: 'pr', attr: { name: 'a' } } }, right: { op: 'pr', attr: { name: 'b' } } });
  });

  it('reads an attribute called like a keyword by its place', () => {
    expect(parseFilter('pr pr')).toEqual({ op: 'pr', attr: { name: 'pr' } });
    expect(parseFilter('not eq "x"')).toEqual(eq('not', 'x'));
    expect(parseFilter('$ref eq null')).toEqual(eq('$ref', null));
  });
});
