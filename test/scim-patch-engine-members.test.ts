import { describe, expect, it } from 'vitest';
import { GROUP, patchGroup, refusal, refusedType } from './support/scim-patch-engine.ts';

describe('relation folding (members of a Group)', () => {
  it.each([
    ['add then remove the same id: the removal wins', [{ op: 'add', path: 'members', value: [{ value: 'x' }] }, { op: 'remove', path: 'members[value eq "x"]' }], { add: [], remove: ['x'] }],
    ['remove then add the same id: the addition wins', [{ op: 'remove', path: 'members', value: [{ value: 'x' }] }, { op: 'add', path: 'members', value: [{ value: 'x' }] }], { add: ['x'], remove: [] }],
    ['replace then add: the set includes it', [{ op: 'replace', path: 'members', value: [{ value: 'a' }] }, { op: 'add', path: 'members', value: { value: 'b' } }], { set: ['a', 'b'], add: [], remove: [] }],
    ['add then replace: the set clears pending changes', [{ op: 'add', path: 'members', value: [{ value: 'a' }] }, { op: 'replace', path: 'members', value: [{ value: 'b' }] }], { set: ['b'], add: [], remove: [] }],
    ['remove without filter or value: set to none', [{ op: 'remove', path: 'members' }], { set: [], add: [], remove: [] }],
    ['an or-filter of value equalities', [{ op: 'remove', path: 'members[value eq "a" or value eq "b"]' }], { add: [], remove: ['a', 'b'] }],
    ['a no-path value with members', [{ op: 'replace', value: { displayName: 'Crew', members: [{ value: 'a', display: 'A' }] } }], { set: ['a'], add: [], remove: [] }],
    ['no member operation', [{ op: 'replace', path: 'displayName', value: 'Crew' }], { add: [], remove: [] }],
  ])('%s', (_label, ops, relation) => {
    const result = patchGroup(...ops);
    expect(result.relation).toEqual(relation);
    expect(result.resource.members).toEqual(GROUP.members);
  });

  it('refuses a member filter on anything but value, and empty member ids', () => {
    expect(refusal(() => patchGroup({ op: 'remove', path: 'members[display eq "A"]' }))).toMatchObject({ scimType: 'invalidFilter', detail: expect.stringContaining('members can only be selected by value') });
    expect(refusedType(() => patchGroup({ op: 'add', path: 'members', value: [{ value: '' }] }))).toBe('invalidValue');
    expect(refusedType(() => patchGroup({ op: 'add', path: 'members', value: [{ display: 'no id' }] }))).toBe('invalidValue');
  });
});
