import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyPatch, type PatchResult } from '../plugins/scim/source/patch/apply-patch.ts';
import { PATCH_OP_SCHEMA } from '../plugins/scim/source/patch/patch-request.ts';
import { ENTERPRISE_USER_SCHEMA as ENT, RESOURCE_TYPES, type ResourceType } from '../plugins/scim/source/schema/catalogue.ts';
import { ScimError } from '../plugins/scim/source/scim-error.ts';
import { prng } from './support/prng.ts';
import { deepFreeze } from './support/scim-error.ts';

type Doc = Record<string, unknown>;

const USER: Doc = deepFreeze({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
  id: 'u1', userName: 'jo', name: { givenName: 'Jo', familyName: 'Doe' }, active: true,
  emails: [{ value: 'a@x.example', type: 'work', primary: true }, { value: 'b@x.example', type: 'home' }],
  phoneNumbers: [{ value: '+1', type: 'mobile' }],
  meta: { resourceType: 'User', created: '2026-01-01T00:00:00Z' },
  [ENT]: { department: 'Eng', manager: { value: 'm1' } },
});
const GROUP: Doc = deepFreeze({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g1', displayName: 'Staff', members: [{ value: 'u1' }, { value: 'u2', $ref: 'User' }] });

const deep = (levels: number) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < levels; i++) v = { value: v, next: [v] };
  return v;
};
const DEEP = deep(10_000);
const HUGE = 'x'.repeat(1_000_000);

const PATHS = [
  'active', 'userName', 'displayName', 'nickName', 'name', 'name.givenName', 'NAME.familyname', 'emails', 'emails.value', 'emails.display',
  'emails[type eq "work"]', 'emails[type eq "work"].value', 'emails[primary eq true].primary', 'emails[value co "x" or type eq "home"]',
  'phoneNumbers[type eq "fax"].value', 'addresses[type eq "work"].formatted', 'roles', 'roles[value eq "a"]', 'x509Certificates',
  `${ENT}:department`, `${ENT}:manager`, `${ENT}:manager.value`, 'externalId', 'password', 'members', 'members[value eq "u1"]',
  'members[value eq "u1" or value eq "u9"]', 'members[value eq "u2"].$ref',
];
const BAD_PATHS = [
  'id', 'meta', 'meta.created', 'schemas', 'groups', `${ENT}:manager.displayName`, 'members[display eq "x"]', 'members.value', 'unknown',
  'name.nope', 'emails[', 'emails]', '[]', '', ' ', 'a b', 'emails[type eq]', 'emails[not (type eq "x")]', ENT, 'urn:x:y', '((((',
  HUGE.slice(0, 5000), 'emails[type eq "work"].value.x',
];
const OPS = ['add', 'remove', 'replace', 'Add', 'REPLACE', 'Remove'];
const BAD_OPS = ['delete', '', 'remove ', 'copy', 1, null, true, {}];

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

/** Values that fit some attribute: most operations should get past validation and exercise the engine. */
const PLAUSIBLE: unknown[] = [
  true, false, 'False', 'true', 'x', 'Jo', 'a@x.example', 'u3', '+15550100', 'QUJD', null,
  { value: 'c@x.example', type: 'work' }, { value: 'd@x.example', primary: true }, [{ value: 'e@x.example', type: 'home', primary: 'True' }],
  { givenName: 'A', familyName: null }, { value: 'm2' }, [{ value: 'u3' }, { value: 'u4', display: 'U4' }], { value: 'u1' }, [{ value: 'a', primary: true }],
  { active: 'False', displayName: 'Z' }, { 'name.givenName': 'B', [`${ENT}:department`]: 'Ops' }, { [ENT]: { costCenter: 'C' } }, { members: [{ value: 'u5' }] },
  { id: 'u1', displayName: 'Same id' }, { 'emails[type eq "work"].value': 'w@x.example' }, {},
];

function randomValue(rand: () => number, depth = 0): unknown {
  const r = rand();
  if (depth === 0 && r < 0.6) return pick(rand, PLAUSIBLE);
  if (depth > 3 || r < 0.75) return pick(rand, [true, 'True', '', 0, 1.5, -1, null, '2026-01-01T00:00:00Z', HUGE, NaN, DEEP, [DEEP], [[[]]], [null], {}, []]);
  if (r < 0.87) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  const keys = ['value', 'type', 'primary', 'display', 'givenName', '$ref', 'name.givenName', 'emails', 'members', 'active', ENT, `${ENT}:department`, 'id', '__proto__', 'constructor', 'zz'];
  return Object.fromEntries(Array.from({ length: 1 + Math.floor(rand() * 4) }, () => [pick(rand, keys), randomValue(rand, depth + 1)]));
}

/** Paths with values that fit them, so that many bodies pass validation and reach the engine's semantics. */
const USER_TYPED: [string, unknown[]][] = [
  ['active', [true, 'False']], ['displayName', ['Z', null]], ['name', [{ givenName: 'A' }, { familyName: null }]], ['name.givenName', ['B', null]],
  ['emails', [{ value: 'c@x.example', type: 'work' }, [{ value: 'd@x.example', primary: true }], [{ value: 'a@x.example' }]]],
  ['emails[type eq "work"].value', ['w@x.example']], ['emails[type eq "home"].primary', [true, 'False']], ['emails[type eq "home"]', [{ display: 'H' }]],
  ['phoneNumbers[type eq "fax"].value', ['+15550100']], [`${ENT}:manager`, ['m2', { value: 'm3' }]], [`${ENT}:department`, ['Ops', null]],
  ['roles', [[{ value: 'a', primary: 'True' }]]], ['externalId', ['e-1']], ['password', ['p4ss']], ['x509Certificates', [[{ value: 'QUJD' }]]],
];
const GROUP_TYPED: [string, unknown[]][] = [
  ['displayName', ['Crew', null]], ['externalId', ['e-2']], ['members', [[{ value: 'u3' }], { value: 'u1' }, [], null]],
  ['members[value eq "u1"]', [{ display: 'U' }, null]], ['members[value eq "u1" or value eq "u9"]', [null]], ['members[value eq "u2"].$ref', ['User', 'Group']],
];

function typedOperation(rand: () => number, typed: [string, unknown[]][]): unknown {
  const [path, values] = pick(rand, typed);
  const op = pick(rand, OPS);
  return rand() < 0.2 && op.toLowerCase() !== 'remove' ? { op, value: { [path]: pick(rand, values) } } : { op, path, value: pick(rand, values) };
}

function randomOperation(rand: () => number): unknown {
  if (rand() < 0.03) return pick(rand, [null, 7, 'op', [], [{ op: 'add' }], DEEP]);
  const op: Doc = { op: rand() < 0.95 ? pick(rand, OPS) : pick(rand, BAD_OPS) };
  const p = rand();
  if (p < 0.65) op.path = pick(rand, PATHS);
  else if (p < 0.75) op.path = pick(rand, BAD_PATHS);
  else if (p < 0.78) op.path = pick(rand, [1, true, null, ['active'], { a: 1 }]);
  if (rand() < 0.9) op.value = randomValue(rand);
  return op;
}

const VECTOR_OPERATIONS: unknown[] = JSON.parse(readFileSync(new URL('./fixtures/scim-conformance/scim-patch-vectors.json', import.meta.url), 'utf8'))
  .vectors.flatMap((v: { operations?: unknown }) => (Array.isArray(v.operations) ? v.operations : []));

/** A vector operation with one part changed: its op, path or value swapped, wrapped or dropped. */
function mutated(rand: () => number): unknown {
  const base = VECTOR_OPERATIONS[Math.floor(rand() * VECTOR_OPERATIONS.length)] as Doc;
  const op: Doc = { ...base };
  const r = rand();
  if (r < 0.2) op.op = pick(rand, [...OPS, ...BAD_OPS]);
  else if (r < 0.4) op.path = pick(rand, [...PATHS, ...BAD_PATHS]);
  else if (r < 0.6) op.value = randomValue(rand);
  else if (r < 0.7) op.value = [op.value];
  else if (r < 0.8) delete op.path;
  else if (r < 0.9) delete op.value;
  else op.value = { value: op.value };
  return op;
}

function randomBody(rand: () => number, typed: [string, unknown[]][]): unknown {
  const r = rand();
  if (r < 0.03) return pick(rand, [null, 'x', 42, [], {}, { schemas: PATCH_OP_SCHEMA }, DEEP]);
  const operation = () => {
    const k = rand();
    return k < 0.6 ? typedOperation(rand, typed) : k < 0.85 ? randomOperation(rand) : mutated(rand);
  };
  const ops = Array.from({ length: 1 + Math.floor(rand() * 3) }, operation);
  return { schemas: [PATCH_OP_SCHEMA], Operations: r < 0.05 ? ops[0] : ops };
}

type Outcome = 'result' | 'refused';

function outcome(type: ResourceType, resource: Doc, body: unknown, relation: boolean): Outcome {
  let result: PatchResult;
  try {
    result = applyPatch(type, resource, body, relation ? { relation: 'members' } : {});
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    expect((e as ScimError).status).toBe(400);
    expect(typeof (e as ScimError).scimType).toBe('string');
    return 'refused';
  }
  for (const value of Object.values(result.resource)) {
    if (Array.isArray(value)) expect(value.filter((e) => (e as Doc | null)?.primary === true).length).toBeLessThanOrEqual(1);
  }
  expect(result.relation !== undefined).toBe(relation);
  return 'result';
}

const SUBJECTS = [
  { type: RESOURCE_TYPES.User, resource: USER, typed: USER_TYPED, relation: false },
  { type: RESOURCE_TYPES.Group, resource: GROUP, typed: GROUP_TYPED, relation: false },
  { type: RESOURCE_TYPES.Group, resource: GROUP, typed: GROUP_TYPED, relation: true },
];

describe('PATCH fuzzing', () => {
  it.each([1, 7, 42, 2026])('seed %i: 1500 random and mutated bodies either patch or fail with a 400 ScimError', (seed) => {
    const rand = prng(seed).next;
    const counts: Record<Outcome, number> = { result: 0, refused: 0 };
    for (let i = 0; i < 1500; i++) {
      const subject = rand() < 0.6 ? SUBJECTS[0]! : pick(rand, SUBJECTS);
      counts[outcome(subject.type, subject.resource, randomBody(rand, subject.typed), subject.relation)]++;
    }
    expect(counts.result).toBeGreaterThan(300);
    expect(counts.refused).toBeGreaterThan(300);
  });
});
