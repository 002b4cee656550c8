import { applyPatch, type PatchResult } from './patch/apply-patch.ts';
import { PATCH_OP_SCHEMA } from './patch/patch-request.ts';
import type { ResourceAdapter } from './resource-adapter.ts';
import type { AttributeDef } from './schema/attribute.ts';
import { resolveAttr, schemaOf, subAttribute } from './schema/catalogue.ts';
import { badRequest } from './scim-error.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A request body as JSON; anything else is 400 invalidSyntax. */
export function parseBody(text: string): unknown {
  if (text.trim() === '') throw badRequest('invalidSyntax', 'The request needs a JSON body.');
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('invalidSyntax', 'The request body is not valid JSON.');
  }
}

const withoutReadOnly = (def: AttributeDef, value: unknown): unknown => {
  if (def.type !== 'complex' || !def.subAttributes) return value;
  const strip = (v: unknown) => (isObject(v) ? Object.fromEntries(Object.entries(v).filter(([k]) => subAttribute(def, k)?.mutability !== 'readOnly')) : v);
  return Array.isArray(value) ? value.map(strip) : strip(value);
};

/**
 * What the server takes of one top-level member of a POST/PUT body: attributes of the type's schemas and its
 * extensions, without read-only parts (`id`, `meta`, a user's `groups`, `manager.displayName`) and `schemas`, as
 * RFC 7644 §3.3 and §3.5.1 let a server ignore them; attributes of schemas the type does not have are ignored too
 * (Entra sends custom extensions). Undefined when nothing is taken.
 */
function taken(adapter: ResourceAdapter, key: string, value: unknown): unknown {
  const schema = schemaOf(adapter.type, key);
  if (schema) {
    if (!isObject(value)) return value;
    const inner = Object.entries(value).flatMap(([name, v]) => {
      const kept = taken(adapter, `${schema.id}:${name}`, v);
      return kept === undefined ? [] : [[name, kept]];
    });
    return inner.length ? Object.fromEntries(inner) : undefined;
  }
  let attr = { name: key } as { uri?: string; name: string };
  if (/^urn:/i.test(key)) {
    const cut = key.lastIndexOf(':');
    attr = { uri: key.slice(0, cut), name: key.slice(cut + 1) };
  }
  const resolved = resolveAttr(adapter.type, attr);
  if (!resolved || resolved.def.mutability === 'readOnly' || (resolved.def.name === adapter.relation && !adapter.patchesRelation)) return undefined;
  return value === null ? undefined : withoutReadOnly(resolved.def, value);
}

/**
 * A POST or PUT body as a resource with canonical attribute names and checked values: applied as one PATCH
 * `replace` to an empty resource, so creating, replacing and patching share one set of rules. The relation
 * (`members`) comes back as the set of member ids to have.
 */
export function normalizeResource(adapter: ResourceAdapter, body: unknown): PatchResult {
  if (!isObject(body)) throw badRequest('invalidSyntax', 'The request body must be a JSON object.');
  const schemas = body.schemas;
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === adapter.type.schema.toLowerCase()))) {
    throw badRequest('invalidValue', `schemas must include ${adapter.type.schema}.`);
  }
  const value = Object.fromEntries(Object.entries(body).flatMap(([k, v]) => {
    const kept = taken(adapter, k, v);
    return kept === undefined ? [] : [[k, kept]];
  }));
  if (Object.keys(value).length === 0) return { resource: {}, ...(adapter.patchesRelation ? { relation: { set: [], add: [], remove: [] } } : {}) };
  const patch = { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', value }] };
  const result = applyPatch(adapter.type, {}, patch, adapter.patchesRelation ? { relation: adapter.relation } : {});
  return adapter.patchesRelation ? { ...result, relation: { set: result.relation?.set ?? [], add: [], remove: [] } } : result;
}
