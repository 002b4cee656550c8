import { describe, expect, it } from 'vitest';
import { ENTERPRISE_USER_SCHEMA } from '../plugins/scim/source/schema/catalogue.ts';
import { group, invalid, refusal, str, user } from './support/scim-filter-resolve.ts';

describe('toDocumentFilter: refusals', () => {
  it.each([
    ['foo eq 1', 'Unknown attribute "foo" in the filter.'],
    ['name.foo eq "x"', 'Unknown attribute "name.foo" in the filter.'],
    ['urn:example:params:Custom:x eq "y"', 'Unknown attribute "urn:example:params:Custom:x" in the filter.'],
    ['employeeNumber eq "1"', 'Unknown attribute "employeeNumber" in the filter.'],
    ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', 'Unknown attribute "schemas" in the filter.'],
    ['password eq "secret"', '"password" is never returned and cannot be filtered on.'],
    ['password pr', '"password" is never returned and cannot be filtered on.'],
    ['active gt false', 'Operator "gt" does not apply to "active", a boolean attribute.'],
    ['active co "t"', 'Operator "co" does not apply to "active", a boolean attribute.'],
    ['meta.created sw "2021"', 'Operator "sw" does not apply to "meta.created", a dateTime attribute.'],
    ['emails.primary le true', 'Operator "le" does not apply to "emails.primary", a boolean attribute.'],
    ['active eq "true"', '"active" is a boolean attribute and cannot be compared with the string "true".'],
    ['userName eq 42', '"userName" is a string attribute and cannot be compared with the number 42.'],
    ['title eq false', '"title" is a string attribute and cannot be compared with false.'],
  ])('User %s: %s', (filter, detail) => {
    expect(refusal(() => user(filter))).toEqual(invalid(detail));
  });

  it('refuses User attributes on a Group', () => {
    expect(refusal(() => group('userName eq "x"'))).toEqual(invalid('Unknown attribute "userName" in the filter.'));
    expect(refusal(() => group(`${ENTERPRISE_USER_SCHEMA}:employeeNumber eq "1"`))).toEqual(invalid(`Unknown attribute "${ENTERPRISE_USER_SCHEMA}:employeeNumber" in the filter.`));
  });

  it('orders strings with gt/ge/lt/le', () => {
    expect(user('userName ge "m"')).toEqual({ op: 'ge', target: { field: 'name' }, ...str('m') });
  });
});
