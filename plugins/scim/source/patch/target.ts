import type { ScimFilter } from '../filter/ast.ts';
import { parsePath } from '../filter/parse.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { resolveAttr, subAttribute, type ResourceType } from '../schema/catalogue.ts';
import { badRequest } from '../scim-error.ts';

/** What a PATCH path designates in a resource of one type. */
export interface Target {
  /** The attribute (top-level, or of an extension). */
  def: AttributeDef;
  /** Where the attribute lives in the document. */
  keys: string[];
  /** The sub-attribute, from `attr.sub` or `attr[filter].sub`. */
  sub?: AttributeDef;
  /** The value filter selecting elements of a multi-valued complex attribute. */
  filter?: ScimFilter;
  /** The path as written, for error details. */
  text: string;
}

/** `urn:…:User.manager` (as Microsoft's SCIM reference collection writes it) read as `urn:…:User:manager`. */
function colonAfterUrn(type: ResourceType, text: string): string {
  const urn = [type.schema, ...type.extensions].find((id) => text[id.length] === '.' && text.slice(0, id.length).toLowerCase() === id.toLowerCase());
  return urn ? `${urn}:${text.slice(urn.length + 1)}` : text;
}

/**
 * Parses and resolves a PATCH path against a resource type. Unknown attributes or sub-attributes, a filter on an
 * attribute that is not multi-valued complex, or a sub-attribute on a simple attribute: 400 invalidPath.
 * `schemas` is not an attribute a client may patch (it follows the extensions present): 400 mutability.
 */
export function resolveTarget(type: ResourceType, text: string): Target {
  const path = parsePath(colonAfterUrn(type, text));
  if (!path.attr.uri && path.attr.name.toLowerCase() === 'schemas') {
    throw badRequest('mutability', '"schemas" cannot be patched: it lists the schemas of the attributes the resource has.');
  }
  const resolved = resolveAttr(type, { ...(path.attr.uri ? { uri: path.attr.uri } : {}), name: path.attr.name });
  if (!resolved) throw badRequest('invalidPath', `"${text}" names no attribute of a ${type.name}.`);
  const { def, keys } = resolved;
  if (path.attr.sub !== undefined && (path.filter || path.sub !== undefined)) {
    throw badRequest('invalidPath', `"${text}": a value filter selects elements of an attribute, not of a sub-attribute.`);
  }
  if (path.filter && !(def.multiValued && def.type === 'complex')) {
    throw badRequest('invalidPath', `"${text}": "${def.name}" is not a multi-valued complex attribute, so it takes no value filter.`);
  }
  const subName = path.attr.sub ?? path.sub;
  let sub: AttributeDef | undefined;
  if (subName !== undefined) {
    sub = subAttribute(def, subName);
    if (!sub) throw badRequest('invalidPath', `"${text}": "${def.name}" has no sub-attribute "${subName}".`);
  }
  return { def, keys, text, ...(sub ? { sub } : {}), ...(path.filter ? { filter: path.filter } : {}) };
}
