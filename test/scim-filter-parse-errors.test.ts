import { describe, expect, it } from 'vitest';
import { parseFilter } from '../plugins/scim/source/filter/parse.ts';
import { failure } from './support/scim-error.ts';

describe('parse errors', () => {
  it.each([
    ['userName eqq "x"', 'Unknown operator "eqq" at position 9.'],
    ['userName eq ', 'Expected a value after "eq" at position 12.'],
    ['(userName eq "x" and (title pr)', 'Unbalanced parenthesis at position 0.'],
    ['userName eq "x") or title pr', 'Unbalanced parenthesis at position 15.'],
    ['emails[type eq "work"', 'Unbalanced bracket at position 6.'],
    ['emails[type eq "work")', 'Unbalanced parenthesis at position 21.'],
    ['userName eq "bjensen', 'Unterminated string starting at position 12.'],
    ['userName', 'Expected an operator after "userName" at position 8.'],
    ['userName eq "x" and', 'Expected an attribute path, "(" or "not" after "and" at position 19.'],
    ['userName eq "x" title pr', 'Expected "and", "or" or the end of the filter at position 16.'],
    ['userName eq bjensen', 'Invalid value "bjensen" at position 12: a value is a quoted string, a number, true, false or null.'],
    ['x gt 1e400', 'The number 1e400 at position 5 is out of range.'],
    ['not title pr', 'Expected "(" after "not" at position 4.'],
    ['emails [type eq "work"]', 'Unexpected blank before "[" at position 6.'],
    ['emails.value[type eq "work"]', 'A value filter cannot follow the sub-attribute "emails.value" at position 12.'],
    ['name.givenName.x eq "y"', 'Invalid attribute path "name.givenName.x" at position 0: at most one sub-attribute may follow the attribute.'],
    ['foo:bar eq 1', 'Invalid schema URN "foo" at position 0.'],
    ['x eq "a\nb"', 'Unescaped control character U+000A in the string at position 7.'],
    ['x eq 1\n', 'Unexpected control character U+000A at position 6.'],
    ['', 'The filter is empty.'],
    ['  ', 'The filter is empty.'],
    ['()', 'Expected an attribute path, "(" or "not" after "(" at position 1.'],
  ])('%j: %s', (filter, detail) => {
    const err = failure(() => parseFilter(filter));
    expect({ status: err.status, scimType: err.scimType, detail: err.message }).toEqual({ status: 400, scimType: 'invalidFilter', detail });
  });

  it('refuses more than 4096 characters and nesting deeper than 32', () => {
    expect(failure(() => parseFilter(`x eq "${'a'.repeat(4090)}"`)).message).toBe('The filter is longer than 4096 characters.');
    expect(parseFilter(`x eq "${'a'.repeat(4089)}"`)).toEqual({ op: 'eq', attr: { name: 'x' }, value: 'a'.repeat(4089) });
    expect(parseFilter(`${'('.repeat(32)}x pr${')'.repeat(32)}`)).toEqual({ op: 'pr', attr: { name: 'x' } });
    expect(failure(() => parseFilter(`${'('.repeat(33)}x pr${')'.repeat(33)}`)).message).toBe('The filter nests deeper than 32 levels at position 32.');
    expect(failure(() => parseFilter(`${'not ('.repeat(17)}x pr${')'.repeat(17)}`)).message).toBe('The filter nests deeper than 32 levels at position 80.');
  });
});
