import { describe, expect, it } from 'vitest';
import { ALWAYS, group, invalid, NEVER, refusal, str, user } from './support/scim-filter-resolve.ts';

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
