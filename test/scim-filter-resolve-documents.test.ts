import { describe, expect, it } from 'vitest';
import { ENTERPRISE_USER_SCHEMA } from '../plugins/scim/source/schema/catalogue.ts';
import { invalid, refusal, str, user } from './support/scim-filter-resolve.ts';

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
