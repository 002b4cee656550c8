import { describe, expect, it } from 'vitest';
import { parsePath } from '../plugins/scim/source/filter/parse.ts';
import { failure } from './support/scim-error.ts';

describe('parsePath', () => {
  it('parses attribute paths, value paths and a sub-attribute after the bracket', () => {
    expect(parsePath('members[value eq "x"]')).toEqual({ attr: { name: 'members' }, filter: { op: 'eq', attr: { name: 'value' }, value: 'x' } });
    expect(parsePath('emails[type eq "work"].value')).toEqual({ attr: { name: 'emails' }, filter: { op: 'eq', attr: { name: 'type' }, value: 'work' }, sub: 'value' });
    expect(parsePath('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager')).toEqual({
      attr: { uri: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', name: 'manager' },
    });
    expect(parsePath('name.givenName')).toEqual({ attr: { name: 'name', sub: 'givenName' } });
    expect(parsePath('addresses[type eq "work" and not (primary eq false)].postalCode')).toEqual({
      attr: { name: 'addresses' },
      filter: { op: 'and', left: { op: 'eq', attr: { name: 'type' }, value: 'work' }, right: { op: 'not', filter: { op: 'eq', attr: { name: 'primary' }, value: false } } },
      sub: 'postalCode',
    });
  });

  it.each([
    ['', 'The path is empty.'],
    ['emails[type eq "work"', 'Unbalanced bracket at position 6.'],
    ['emails[type eq "work"].value.x', 'Invalid attribute name "value.x" at position 23: a name starts with a letter and holds letters, digits, "-" and "_".'],
    ['emails[type eq "work"] .value', 'Expected the end of the path at position 23.'],
    ['emails[type eqq "work"]', 'Unknown operator "eqq" at position 12.'],
    ['emails[type[x pr]]', 'Value filters cannot be nested: unexpected "[" at position 11.'],
    ['name givenName', 'Expected the end of the path at position 5.'],
    ['name..givenName', 'Invalid attribute path "name..givenName" at position 0: at most one sub-attribute may follow the attribute.'],
    ['(name)', 'Expected an attribute path at position 0.'],
    ['1name', 'Invalid attribute name "1name" at position 0: a name starts with a letter and holds letters, digits, "-" and "_".'],
    ['emails]', 'Unbalanced bracket at position 6.'],
  ])('refuses %j: %s', (path, detail) => {
    const err = failure(() => parsePath(path));
    expect({ status: err.status, scimType: err.scimType, detail: err.message }).toEqual({ status: 400, scimType: 'invalidPath', detail });
  });
});
