import { describe, expect, it } from 'vitest';
import { group, invalid, refusal, str, user } from './support/scim-filter-resolve.ts';

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
