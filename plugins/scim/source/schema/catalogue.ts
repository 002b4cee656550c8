import { readFileSync } from 'node:fs';
import type { AttrPath } from '../filter/ast.ts';
import type { AttributeDef, SchemaDef } from './attribute.ts';

const load = (file: string): SchemaDef => JSON.parse(readFileSync(new URL(`./${file}.schema-definition.json`, import.meta.url), 'utf8'));

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The schemas this source serves (RFC 7643 §8.7.1), as `/Schemas` returns them. */
export const SCHEMAS: SchemaDef[] = [load('user'), load('enterprise-user'), load('group')];

export type ResourceTypeName = 'User' | 'Group';

export interface ResourceType {
  name: ResourceTypeName;
  endpoint: string;
  schema: string;
  extensions: string[];
}

export const RESOURCE_TYPES: Record<ResourceTypeName, ResourceType> = {
  User: { name: 'User', endpoint: '/Users', schema: USER_SCHEMA, extensions: [ENTERPRISE_USER_SCHEMA] },
  Group: { name: 'Group', endpoint: '/Groups', schema: GROUP_SCHEMA, extensions: [] },
};

const metaSub = (name: string): AttributeDef => ({
  name,
  type: name === 'created' || name === 'lastModified' ? 'dateTime' : name === 'location' ? 'reference' : 'string',
  multiValued: false, required: false, caseExact: name !== 'resourceType', mutability: 'readOnly', returned: 'default', uniqueness: 'none',
});

/** Attributes every resource has (RFC 7643 §3.1), whatever its schema. */
export const COMMON_ATTRIBUTES: AttributeDef[] = [
  { name: 'id', type: 'string', multiValued: false, required: false, caseExact: true, mutability: 'readOnly', returned: 'always', uniqueness: 'server' },
  { name: 'externalId', type: 'string', multiValued: false, required: false, caseExact: true, mutability: 'readWrite', returned: 'default', uniqueness: 'none' },
  {
    name: 'meta', type: 'complex', multiValued: false, required: false, mutability: 'readOnly', returned: 'default', uniqueness: 'none',
    subAttributes: ['resourceType', 'created', 'lastModified', 'location', 'version'].map(metaSub),
  },
];

const schemaById = new Map(SCHEMAS.map((s) => [s.id.toLowerCase(), s]));

/** An attribute of a resource type, found case-insensitively, with where it lives in a resource document. */
export interface ResolvedAttr {
  /** The schema that defines it (`null` for the common attributes id, externalId, meta). */
  schema: string | null;
  def: AttributeDef;
  /** The sub-attribute, when the path names one. */
  subDef?: AttributeDef;
  /** Keys into the resource document: `['name', 'givenName']`, `[ENTERPRISE_USER_SCHEMA, 'manager', 'value']`. */
  keys: string[];
}

const byName = (defs: AttributeDef[], name: string) => defs.find((d) => d.name.toLowerCase() === name.toLowerCase());

/** The schema with this URN if it belongs to the resource type (its core schema or an extension). */
export function schemaOf(type: ResourceType, uri: string): SchemaDef | undefined {
  const lower = uri.toLowerCase();
  return lower === type.schema.toLowerCase() || type.extensions.some((e) => e.toLowerCase() === lower) ? schemaById.get(lower) : undefined;
}

/**
 * Finds an attribute path in a resource type; undefined when the type has no such attribute or sub-attribute. A
 * path without a URN looks in the core schema, then the common attributes.
 */
export function resolveAttr(type: ResourceType, path: AttrPath): ResolvedAttr | undefined {
  let schemaId: string | null;
  let def: AttributeDef | undefined;
  if (path.uri) {
    const schema = schemaOf(type, path.uri);
    if (!schema) return undefined;
    schemaId = schema.id;
    def = byName(schema.attributes, path.name);
  } else {
    schemaId = type.schema;
    def = byName(schemaById.get(type.schema.toLowerCase())!.attributes, path.name);
    if (!def) {
      schemaId = null;
      def = byName(COMMON_ATTRIBUTES, path.name);
    }
  }
  if (!def) return undefined;
  const keys = schemaId && schemaId !== type.schema ? [schemaId, def.name] : [def.name];
  if (path.sub === undefined) return { schema: schemaId, def, keys };
  const subDef = byName(def.subAttributes ?? [], path.sub);
  if (!subDef) return undefined;
  return { schema: schemaId, def, subDef, keys: [...keys, subDef.name] };
}

/** A sub-attribute of a complex attribute, found case-insensitively. */
export function subAttribute(def: AttributeDef, name: string): AttributeDef | undefined {
  return byName(def.subAttributes ?? [], name);
}
