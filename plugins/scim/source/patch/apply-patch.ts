import { schemaOf, type ResourceType } from '../schema/catalogue.ts';
import { badRequest, ScimError } from '../scim-error.ts';
import { settle } from './document.ts';
import { filterIds, MembersDelta, memberIds, type RelationDelta } from './members-delta.ts';
import { applyAt } from './operations.ts';
import { parsePatchRequest, type PatchOperation } from './patch-request.ts';
import { resolveTarget, type Target } from './target.ts';
import { isObject } from './values.ts';

/** What a PATCH request did to a resource. */
export interface PatchResult {
  /** The resource after every operation, attribute names canonical (schema case). */
  resource: Record<string, unknown>;
  /** For the relation attribute (`members` of a Group) when the caller asked for one: the membership change, by member id. */
  relation?: RelationDelta;
}

interface Run {
  type: ResourceType;
  doc: Record<string, unknown>;
  relation?: { name: string; delta: MembersDelta };
}

/** Folds an operation on the relation attribute into the membership change; the document is not touched. */
function foldRelation(delta: MembersDelta, t: Target, op: PatchOperation['op'], value: unknown): void {
  if (t.sub) throw badRequest('invalidPath', `"${t.text}": ${t.def.name} are added and removed whole, by value.`);
  if (t.filter) {
    if (op !== 'remove') throw badRequest('invalidPath', `"${t.text}": a filter on ${t.def.name} can only select members to remove.`);
    delta.remove(filterIds(t.def, t.filter));
    return;
  }
  const hasValue = value !== undefined && value !== null;
  const ids = hasValue ? memberIds(t.def, value) : [];
  if (op === 'add') delta.add(ids);
  else if (op === 'remove' && hasValue) delta.remove(ids);
  else delta.replace(ids);
}

function applyPath(run: Run, path: string, op: PatchOperation['op'], value: unknown): void {
  const t = resolveTarget(run.type, path);
  const isRelation = run.relation && t.keys.length === 1 && t.def.name.toLowerCase() === run.relation.name.toLowerCase();
  if (isRelation) foldRelation(run.relation!.delta, t, op, value);
  else applyAt(run.doc, t, op, value);
}

/**
 * One operation. Without a path, each key of the value object is applied as if it were the path: an attribute
 * name, a URN-prefixed name, a dotted or filtered path (Entra's `"name.givenName"`), or a schema URN holding an
 * object of that schema's attributes.
 */
function applyOperation(run: Run, { op, path, value }: PatchOperation): void {
  if (path !== undefined) return applyPath(run, path, op, value);
  if (!isObject(value)) throw badRequest('invalidValue', `An "${op}" without a path needs a value object of attributes.`);
  for (const [key, v] of Object.entries(value)) {
    const schema = schemaOf(run.type, key);
    if (!schema) {
      applyPath(run, key, op, v);
      continue;
    }
    if (!isObject(v)) throw badRequest('invalidValue', `"${key}" must hold an object of that schema's attributes.`);
    for (const [name, inner] of Object.entries(v)) applyPath(run, `${schema.id}:${name}`, op, inner);
  }
}

/**
 * Applies a SCIM PATCH request body (RFC 7644 §3.5.2) to a resource document of the given type, operation by
 * operation, on a copy: the result is the whole patched resource, or a 400 ScimError and no change at all.
 * With `opts.relation` (`members` of a Group) operations on that attribute leave the document alone and are
 * folded into `relation`, the membership change to store.
 */
export function applyPatch(type: ResourceType, resource: Record<string, unknown>, body: unknown, opts: { relation?: string } = {}): PatchResult {
  const operations = parsePatchRequest(body);
  const run: Run = { type, doc: structuredClone(resource), ...(opts.relation ? { relation: { name: opts.relation, delta: new MembersDelta() } } : {}) };
  operations.forEach((operation, i) => {
    try {
      applyOperation(run, operation);
    } catch (e) {
      if (e instanceof ScimError) throw new ScimError(e.status, `Operations[${i}]: ${e.message}`, e.scimType);
      throw e;
    }
  });
  const resourceOut = settle(type, run.doc);
  return run.relation ? { resource: resourceOut, relation: run.relation.delta.result() } : { resource: resourceOut };
}
