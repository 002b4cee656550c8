import { describe, expect, it } from 'vitest';
import type { DocumentFilter } from '../plugins/sdk/index.ts';
import { matchesElement } from '../plugins/scim/source/filter/evaluate.ts';
import { parseFilter } from '../plugins/scim/source/filter/parse.ts';
import { toDocumentFilter } from '../plugins/scim/source/filter/resolve.ts';
import type { AttributeDef } from '../plugins/scim/source/schema/attribute.ts';
import { ENTERPRISE_USER_SCHEMA, RESOURCE_TYPES, resolveAttr } from '../plugins/scim/source/schema/catalogue.ts';
import { failure } from './support/scim-error.ts';

const user = (filter: string) => toDocumentFilter(RESOURCE_TYPES.User, parseFilter(filter));
const group = (filter: string) => toDocumentFilter(RESOURCE_TYPES.Group, parseFilter(filter));

const refusal = (run: () => unknown) => {
  const err = failure(run);
  return { status: err.status, scimType: err.scimType, detail: err.message };
};
const invalid = (detail: string) => ({ status: 400, scimType: 'invalidFilter', detail });

const ALWAYS: DocumentFilter = { op: 'pr', target: { field: 'id' } };
const NEVER: DocumentFilter = { op: 'not', filter: ALWAYS };
const str = (value: string, caseExact = false) => ({ type: 'string' as const, caseExact, value });

describe('toDocumentFilter: host fields', () => {
  it('maps a User\'s userName and active, and the common id and externalId; a User\'s displayName is in the document', () => {
    expect(user('userName eq "Bjensen"')).toEqual({ op: 'eq', target: { field: 'name' }, ...str('Bjensen') });
    expect(user('displayName co "Babs"')).toEqual({ op: 'co', target: { path: ['displayName'] }, ...str('Babs') });
    expect(user('active eq false')).toEqual({ op: 'eq', target: { field: 'active' }, type: 'boolean', caseExact: false, value: false });
    expect(user('id eq "2819c223"')).toEqual({ op: 'eq', target: { field: 'id' }, ...str('2819c223', true) });
    expect(user('externalId sw "ABC"')).toEqual({ op: 'sw', target: { field: 'externalId' }, ...str('ABC', true) });
  });

  it('maps a Group\'s displayName to its name', () => {
    expect(group('displayName eq "Admins"')).toEqual({ op: 'eq', target: { field: 'name' }, ...str('Admins') });
  });

  it('finds attributes case-insensitively and through the core schema URN', () => {
    expect(user('USERNAME eq "x"')).toEqual(user('userName eq "x"'));
    expect(user('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"')).toEqual(user('userName eq "x"'));
    expect(group('urn:ietf:params:scim:schemas:core:2.0:Group:displayName pr')).toEqual({ op: 'pr', target: { field: 'name' } });
  });

  it('maps meta.created and meta.lastModified as dateTimes, with any xsd:dateTime value', () => {
    expect(user('meta.lastModified gt "2011-05-13T04:42:34Z"')).toEqual({ op: 'gt', target: { field: 'lastModified' }, type: 'dateTime', caseExact: true, value: '2011-05-13T04:42:34Z' });
    for (const value of ['2021-09-23T19:35:41.8420572Z', '0001-01-03T00:00:00.0000000Z', '2015-10-10T14:38:21.8617979-07:00', '2024-02-29T23:59:59']) {
      expect(user(`meta.created ge "${value}"`)).toMatchObject({ op: 'ge', target: { field: 'created' }, type: 'dateTime', value });
    }
  });

  it('refuses a dateTime value that is not an xsd:dateTime', () => {
    for (const value of ['yesterday', '2021-08-05', '2021-13-01T00:00:00Z', '2023-02-29T00:00:00Z', '2021-01-01T24:00:00Z', '2021-01-01T00:00:00+15:00']) {
      expect(refusal(() => user(`meta.lastModified gt "${value}"`))).toEqual(
        invalid(`"${value}" is not a date-time (xsd:dateTime, such as "2011-05-13T04:42:34Z") for "meta.lastModified".`),
      );
    }
    expect(refusal(() => user('meta.created lt 2015'))).toEqual(invalid('"meta.created" is a dateTime attribute and cannot be compared with the number 2015.'));
  });
});

describe('toDocumentFilter: meta', () => {
  it('compiles meta.resourceType to a constant, case-insensitively', () => {
    expect(user('meta.resourceType eq "User"')).toEqual(ALWAYS);
    expect(user('meta.resourceType eq "user"')).toEqual(ALWAYS);
    expect(group('meta.resourceType eq "User"')).toEqual(NEVER);
    expect(group('meta.resourceType ne "User"')).toEqual(ALWAYS);
    expect(group('meta.resourceType sw "gr"')).toEqual(ALWAYS);
    expect(user('meta.resourceType pr')).toEqual(ALWAYS);
    expect(user('meta.resourceType eq null')).toEqual(NEVER);
    expect(user('meta pr')).toEqual(ALWAYS);
    expect(user('not (meta.resourceType eq "Group")')).toEqual({ op: 'not', filter: NEVER });
  });

  it('refuses the other meta sub-attributes and meta itself in a comparison', () => {
    expect(refusal(() => user('meta.location pr'))).toEqual(invalid('"meta.location" is not filterable.'));
    expect(refusal(() => user('meta.version eq "W/\\"1\\""'))).toEqual(invalid('"meta.version" is not filterable.'));
    expect(refusal(() => user('meta eq "x"'))).toEqual(invalid('"meta" is complex; compare one of its sub-attributes.'));
    expect(refusal(() => user('meta.resourceType eq 1'))).toEqual(invalid('"meta.resourceType" is a string attribute and cannot be compared with the number 1.'));
  });
});

describe('toDocumentFilter: relations', () => {
  const related = (relation: 'groups' | 'members', filter: unknown) => ({ op: 'related', relation, filter });

  it('reads a User\'s groups through the groups relation', () => {
    expect(user('groups eq "g1"')).toEqual(related('groups', { op: 'eq', target: { related: 'id' }, ...str('g1') }));
    expect(user('groups.value eq "g1"')).toEqual(user('groups eq "g1"'));
    expect(user('groups.display co "adm"')).toEqual(related('groups', { op: 'co', target: { related: 'display' }, ...str('adm') }));
    expect(user('groups[value eq "g1" or display sw "a"]')).toEqual(related('groups', {
      op: 'or', filters: [{ op: 'eq', target: { related: 'id' }, ...str('g1') }, { op: 'sw', target: { related: 'display' }, ...str('a') }],
    }));
  });

  it('reads a Group\'s members through the members relation', () => {
    expect(group('members[value eq "u1"]')).toEqual(related('members', { op: 'eq', target: { related: 'id' }, ...str('u1') }));
    expect(group('members.display eq "bjensen"')).toEqual(related('members', { op: 'eq', target: { related: 'display' }, ...str('bjensen') }));
  });

  it('asks presence of the relation as a whole', () => {
    const some = related('members', { op: 'pr', target: { related: 'id' } });
    expect(group('members pr')).toEqual(some);
    expect(group('members ne null')).toEqual(some);
    expect(group('members eq null')).toEqual({ op: 'not', filter: some });
    expect(user('groups.display pr')).toEqual(related('groups', { op: 'pr', target: { related: 'display' } }));
    expect(group('members[not (display pr)]')).toEqual(related('members', { op: 'not', filter: { op: 'pr', target: { related: 'display' } } }));
  });

  it('refuses the relation\'s other sub-attributes and non-string values', () => {
    expect(refusal(() => user('groups.type eq "direct"'))).toEqual(invalid('"groups.type" is not filterable.'));
    expect(refusal(() => group('members[$ref pr]'))).toEqual(invalid('"members.$ref" is not filterable.'));
    expect(refusal(() => group('members[foo eq "x"]'))).toEqual(invalid('Unknown sub-attribute "members.foo" in the filter.'));
    expect(refusal(() => group('members eq 7'))).toEqual(invalid('"members.value" is a string attribute and cannot be compared with the number 7.'));
  });
});

describe('toDocumentFilter: document paths', () => {
  const enterprise = ENTERPRISE_USER_SCHEMA;

  it('reads other attributes at their keys, extensions under their URN', () => {
    expect(user('title pr')).toEqual({ op: 'pr', target: { path: ['title'] } });
    expect(user('name.givenName sw "Ba"')).toEqual({ op: 'sw', target: { path: ['name', 'givenName'] }, ...str('Ba') });
    expect(user(`${enterprise}:manager.value eq "m1"`)).toEqual({ op: 'eq', target: { path: [enterprise, 'manager', 'value'] }, ...str('m1') });
    expect(user(`${enterprise.toLowerCase()}:EMPLOYEENUMBER eq "701984"`)).toEqual({ op: 'eq', target: { path: [enterprise, 'employeeNumber'] }, ...str('701984') });
    expect(user('profileUrl eq "https://x"')).toEqual({ op: 'eq', target: { path: ['profileUrl'] }, ...str('https://x') });
  });

  it('reads a complex attribute only for presence', () => {
    expect(user('name pr')).toEqual({ op: 'pr', target: { path: ['name'] } });
    expect(user('name eq null')).toEqual({ op: 'not', filter: { op: 'pr', target: { path: ['name'] } } });
    expect(refusal(() => user('name eq "Barbara"'))).toEqual(invalid('"name" is complex; compare one of its sub-attributes.'));
    expect(refusal(() => user(`${enterprise}:manager eq "m1"`))).toEqual(invalid(`"${enterprise}:manager" is complex; compare one of its sub-attributes.`));
  });

  it('turns eq null into not pr and ne null into pr', () => {
    expect(user('title eq null')).toEqual({ op: 'not', filter: { op: 'pr', target: { path: ['title'] } } });
    expect(user('title ne null')).toEqual({ op: 'pr', target: { path: ['title'] } });
    expect(user('externalId eq null')).toEqual({ op: 'not', filter: { op: 'pr', target: { field: 'externalId' } } });
    expect(refusal(() => user('title gt null'))).toEqual(invalid('Only "eq" and "ne" compare with null ("title gt null").'));
  });

  it('flattens and/or chains and keeps not', () => {
    expect(user('title pr and nickName pr and locale pr or not (userType eq "x")')).toEqual({
      op: 'or',
      filters: [
        { op: 'and', filters: ['title', 'nickName', 'locale'].map((k) => ({ op: 'pr', target: { path: [k] } })) },
        { op: 'not', filter: { op: 'eq', target: { path: ['userType'] }, ...str('x') } },
      ],
    });
  });
});

describe('toDocumentFilter: multi-valued attributes', () => {
  const some = (path: string[], filter: unknown) => ({ op: 'some', path, filter });

  it('compares one element, and the value sub-attribute when none is named', () => {
    expect(user('emails.value eq "a@x"')).toEqual(some(['emails'], { op: 'eq', target: { path: ['value'] }, ...str('a@x') }));
    expect(user('emails eq "a@x"')).toEqual(user('emails.value eq "a@x"'));
    expect(user('emails co "example.com"')).toEqual(some(['emails'], { op: 'co', target: { path: ['value'] }, ...str('example.com') }));
    expect(user('emails.primary eq true')).toEqual(some(['emails'], { op: 'eq', target: { path: ['primary'] }, type: 'boolean', caseExact: false, value: true }));
    expect(user('x509Certificates eq "MIIB"')).toEqual(some(['x509Certificates'], { op: 'eq', target: { path: ['value'] }, ...str('MIIB', true) }));
  });

  it('applies a value filter to one element', () => {
    expect(user('emails[type eq "work" and value co "@x"]')).toEqual(some(['emails'], {
      op: 'and', filters: [{ op: 'eq', target: { path: ['type'] }, ...str('work') }, { op: 'co', target: { path: ['value'] }, ...str('@x') }],
    }));
    expect(user('emails[type eq "work"] and emails[primary eq true]')).toEqual({
      op: 'and',
      filters: [
        some(['emails'], { op: 'eq', target: { path: ['type'] }, ...str('work') }),
        some(['emails'], { op: 'eq', target: { path: ['primary'] }, type: 'boolean', caseExact: false, value: true }),
      ],
    });
    expect(user('addresses[type eq "work" and not (postalCode pr)]')).toEqual(some(['addresses'], {
      op: 'and', filters: [{ op: 'eq', target: { path: ['type'] }, ...str('work') }, { op: 'not', filter: { op: 'pr', target: { path: ['postalCode'] } } }],
    }));
  });

  it('asks presence of the whole attribute: pr is some element there, eq null is none', () => {
    const anyEmail = some(['emails'], { op: 'pr', target: { path: [] } });
    expect(user('emails pr')).toEqual(anyEmail);
    expect(user('emails ne null')).toEqual(anyEmail);
    expect(user('emails eq null')).toEqual({ op: 'not', filter: anyEmail });
    expect(user('emails.type eq null')).toEqual({ op: 'not', filter: some(['emails'], { op: 'pr', target: { path: ['type'] } }) });
    expect(user('emails[type eq null]')).toEqual(some(['emails'], { op: 'not', filter: { op: 'pr', target: { path: ['type'] } } }));
  });

  it('refuses a multi-valued complex attribute without value sub-attribute in a comparison', () => {
    expect(refusal(() => user('addresses eq "Main St"'))).toEqual(invalid('"addresses" is complex; compare one of its sub-attributes.'));
    expect(user('addresses pr')).toEqual(some(['addresses'], { op: 'pr', target: { path: [] } }));
  });

  it('refuses value filters on singular attributes and unknown sub-attributes inside them', () => {
    expect(refusal(() => user('name[givenName eq "x"]'))).toEqual(invalid('"name" is not a multi-valued attribute; it cannot take a value filter.'));
    expect(refusal(() => user('emails[foo eq "x"]'))).toEqual(invalid('Unknown sub-attribute "emails.foo" in the filter.'));
    expect(refusal(() => user('emails[value.x eq "x"]'))).toEqual(invalid('Unknown sub-attribute "emails.value.x" in the filter.'));
  });
});

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
