import { describe, expect, it } from 'vitest';
import { applyPatch } from '../plugins/scim/source/patch/apply-patch.ts';
import { ENTERPRISE_USER_SCHEMA as ENT, RESOURCE_TYPES } from '../plugins/scim/source/schema/catalogue.ts';
import { body, GROUP, patchGroup, patchUser, USER } from './support/scim-patch-engine.ts';

describe('provider sequences', () => {
  it('Okta: deactivates with a no-path replace and renames a group sending its unchanged id', () => {
    expect(patchUser({ op: 'replace', value: { active: false } }).active).toBe(false);
    expect(patchGroup({ op: 'replace', value: { id: 'g1', displayName: 'Crew' } }).resource.displayName).toBe('Crew');
  });

  it('Okta: removes a member selected by value', () => {
    expect(patchGroup({ op: 'remove', path: 'members[value eq "u2"]' }).relation).toEqual({ add: [], remove: ['u2'] });
  });

  it('Entra: dotted no-path keys, a string manager, and string booleans', () => {
    const result = patchUser(
      { op: 'Replace', value: { 'name.givenName': 'Joanna', 'name.familyName': 'Roe', active: 'False' } },
      { op: 'Add', path: `${ENT}:manager`, value: 'm2' },
    );
    expect(result).toMatchObject({ name: { givenName: 'Joanna', familyName: 'Roe' }, active: false, [ENT]: { department: 'Eng', manager: { value: 'm2' } } });
  });

  it('Microsoft reference collection: reads `urn:…:User.manager` as `urn:…:User:manager`', () => {
    expect(patchUser({ op: 'replace', path: `${ENT}.manager`, value: 'm3' })[ENT]).toEqual({ department: 'Eng', manager: { value: 'm3' } });
  });

  it('Entra: replacing emails[type eq "work"].value on a user without a work e-mail creates it', () => {
    const homeOnly = { ...USER, emails: [{ value: 'jo@home.example', type: 'home' }] };
    const result = applyPatch(RESOURCE_TYPES.User, homeOnly, body({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'jo@work.example' })).resource;
    expect(result.emails).toEqual([{ value: 'jo@home.example', type: 'home' }, { type: 'work', value: 'jo@work.example' }]);
  });

  it('Entra: adds and removes group members with value lists', () => {
    const result = patchGroup({ op: 'Add', path: 'members', value: [{ value: 'u3' }, { value: 'u4' }] }, { op: 'Remove', path: 'members', value: [{ value: 'u1' }] });
    expect(result.relation).toEqual({ add: ['u3', 'u4'], remove: ['u1'] });
    expect(result.resource.members).toEqual(GROUP.members);
  });
});
