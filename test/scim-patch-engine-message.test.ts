import { describe, expect, it } from 'vitest';
import { applyPatch } from '../plugins/scim/source/patch/apply-patch.ts';
import { MAX_OPERATIONS, PATCH_OP_SCHEMA } from '../plugins/scim/source/patch/patch-request.ts';
import { RESOURCE_TYPES } from '../plugins/scim/source/schema/catalogue.ts';
import { body, refusal, USER } from './support/scim-patch-engine.ts';

describe('PatchOp message', () => {
  const op = { op: 'replace', path: 'active', value: false };
  it.each([
    ['a non-object body', 'x', 'invalidSyntax'],
    ['a body without the PatchOp schema', { schemas: ['urn:x'], Operations: [op] }, 'invalidSyntax'],
    ['missing Operations', { schemas: [PATCH_OP_SCHEMA] }, 'invalidSyntax'],
    ['empty Operations', body(), 'invalidSyntax'],
    ['Operations as an object', { schemas: [PATCH_OP_SCHEMA], Operations: op }, 'invalidSyntax'],
    ['too many operations', body(...Array.from({ length: MAX_OPERATIONS + 1 }, () => op)), 'tooMany'],
    ['an unknown op', body({ ...op, op: 'delete' }), 'invalidSyntax'],
    ['a numeric path', body({ ...op, path: 7 }), 'invalidSyntax'],
    ['a remove without a path', body({ op: 'remove' }), 'noTarget'],
    ['an add without a value', body({ op: 'add', path: 'nickName' }), 'invalidValue'],
  ])('refuses %s', (_label, message, scimType) => {
    expect(refusal(() => applyPatch(RESOURCE_TYPES.User, USER, message))).toMatchObject({ status: 400, scimType });
  });

  it('accepts member names in any case and op names in any case', () => {
    const message = { SCHEMAS: [PATCH_OP_SCHEMA.toUpperCase()], operations: [{ OP: 'Replace', Path: 'active', VALUE: 'false' }] };
    expect(applyPatch(RESOURCE_TYPES.User, USER, message).resource.active).toBe(false);
  });
});
