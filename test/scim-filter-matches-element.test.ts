import { describe, expect, it } from 'vitest';
import { matchesElement } from '../plugins/scim/source/filter/evaluate.ts';
import { parseFilter } from '../plugins/scim/source/filter/parse.ts';
import type { AttributeDef } from '../plugins/scim/source/schema/attribute.ts';
import { RESOURCE_TYPES, resolveAttr } from '../plugins/scim/source/schema/catalogue.ts';
import { invalid, refusal } from './support/scim-filter-resolve.ts';

describe('matchesElement', () => {
  const emails = resolveAttr(RESOURCE_TYPES.User, { name: 'emails' })!.def;
  const certificates = resolveAttr(RESOURCE_TYPES.User, { name: 'x509Certificates' })!.def;
  const matches = (element: unknown, filter: string, def = emails) => matchesElement(element, parseFilter(filter), def);
  const work = { type: 'work', value: 'Bjensen@Example.com', primary: true };

  it('evaluates a value filter on one element, names case-insensitively', () => {
    expect(matches(work, 'type eq "work" and value co "@example.com"')).toBe(true);
    expect(matches(work, 'TYPE eq "WORK"')).toBe(true);
    expect(matches({ Type: 'work' }, 'type eq "work"')).toBe(true);
    expect(matches(work, 'type eq "home" or primary eq true')).toBe(true);
    expect(matches(work, 'not (primary eq true)')).toBe(false);
  });

  it('honours the sub-attribute\'s caseExact', () => {
    expect(matches({ value: 'MIIBx' }, 'value eq "miibx"', certificates)).toBe(false);
    expect(matches({ value: 'MIIBx' }, 'value eq "MIIBx"', certificates)).toBe(true);
    expect(matches({ value: 'MIIBx' }, 'display eq "x"', certificates)).toBe(false);
  });

  it('treats a missing value as equal to nothing, and pr as false for null, "", [] and {}', () => {
    expect(matches({}, 'display eq "x"')).toBe(false);
    expect(matches({}, 'display ne "x"')).toBe(true);
    expect(matches({}, 'display lt "x"')).toBe(false);
    expect(matches({ display: 7 }, 'display eq "x"')).toBe(false);
    for (const display of [null, '', [], {}, undefined]) expect(matches({ display }, 'display pr')).toBe(false);
    expect(matches({ display: 'x' }, 'display pr')).toBe(true);
    expect(matches({ primary: false }, 'primary pr')).toBe(true);
    expect(matches({}, 'display eq null')).toBe(true);
    expect(matches({ display: 'x' }, 'display ne null')).toBe(true);
    expect(matches(undefined, 'type eq "work"')).toBe(false);
  });

  it('compares dateTimes as instants and numbers as numbers', () => {
    const def: AttributeDef = {
      name: 'logins', type: 'complex', multiValued: true, required: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none',
      subAttributes: [
        { name: 'at', type: 'dateTime', multiValued: false, required: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' },
        { name: 'count', type: 'integer', multiValued: false, required: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' },
      ],
    };
    const login = { at: '2021-09-08T23:02:28.5+02:00', count: 9 };
    expect(matches(login, 'at eq "2021-09-08T21:02:28.500Z"', def)).toBe(true);
    expect(matches(login, 'at gt "2021-09-08T21:02:28.4999999Z"', def)).toBe(true);
    expect(matches(login, 'at lt "2021-09-08T21:02:28.5000001Z"', def)).toBe(true);
    expect(matches({ at: 'soon' }, 'at lt "2021-09-08T21:02:28Z"', def)).toBe(false);
    expect(matches(login, 'count ge 9 and count lt 1e1', def)).toBe(true);
    expect(matches(login, 'count gt 9', def)).toBe(false);
  });

  it('takes the element itself as `value` for an attribute of plain values', () => {
    const tags: AttributeDef = { name: 'tags', type: 'string', multiValued: true, required: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' };
    expect(matches('Blue', 'value eq "blue"', tags)).toBe(true);
    expect(matches('Blue', 'value sw "r"', tags)).toBe(false);
    expect(refusal(() => matches('Blue', 'color eq "blue"', tags))).toEqual(invalid('Unknown sub-attribute "tags.color" in the filter.'));
  });

  it('refuses unknown sub-attributes and type mismatches whatever the element holds', () => {
    expect(refusal(() => matches(work, 'type eq "home" and foo pr'))).toEqual(invalid('Unknown sub-attribute "emails.foo" in the filter.'));
    expect(refusal(() => matches(undefined, 'foo pr'))).toEqual(invalid('Unknown sub-attribute "emails.foo" in the filter.'));
    expect(refusal(() => matches(work, 'type.x eq "home"'))).toEqual(invalid('Unknown sub-attribute "emails.type.x" in the filter.'));
    expect(refusal(() => matches(work, 'primary eq "true"'))).toEqual(invalid('"emails.primary" is a boolean attribute and cannot be compared with the string "true".'));
    expect(refusal(() => matches(work, 'primary gt false'))).toEqual(invalid('Operator "gt" does not apply to "emails.primary", a boolean attribute.'));
    expect(refusal(() => matches(work, 'value gt null'))).toEqual(invalid('Only "eq" and "ne" compare with null ("emails.value gt null").'));
  });
});
