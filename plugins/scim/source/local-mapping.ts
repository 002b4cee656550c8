import type { PropertyMapping, SourceKind, SourceWrite } from '../../sdk/index.ts';
import { scimErrors } from '../errors.ts';
import { evaluateMapping } from '../mapping/expression.ts';
import { deepMerge } from '../mapping/merge.ts';
import { byName } from '../mapping/render.ts';
import type { ResourceAdapter } from './resource-adapter.ts';

type Json = Record<string, unknown>;
type FieldType = 'string' | 'boolean' | 'object';

/** The language of a SCIM source's property mappings (`/propertymappings/scim-source/`). */
export const SOURCE_MAPPING_TYPE = 'scim-source';

/** The local fields a mapping may set, with the JSON type each takes. */
const FIELDS: Record<SourceKind, Record<string, FieldType>> = {
  user: { username: 'string', name: 'string', email: 'string', is_active: 'boolean', attributes: 'object' },
  group: { name: 'string', attributes: 'object' },
};
/** The field that names the local object, which must not be blank. */
const NAME_FIELD: Record<SourceKind, string> = { user: 'username', group: 'name' };
/** Local fields a resource shows as the attribute named; when a mapping writes another value, the document keeps the sent one. */
const SHOWN: Record<SourceKind, [field: string, attribute: string][]> = {
  user: [['username', 'userName'], ['is_active', 'active']],
  group: [['name', 'displayName']],
};
const NAMED: Record<FieldType, string> = { string: 'a string', boolean: 'a boolean', object: 'an object' };

/** A JSON value's type as the error messages name it. */
const typeOf = (v: unknown) => (Array.isArray(v) ? 'an array' : v === null ? 'null' : NAMED[typeof v as FieldType] ?? `a ${typeof v}`);

function check(kind: SourceKind, mapping: PropertyMapping, output: Json): void {
  const fields = FIELDS[kind];
  for (const [key, value] of Object.entries(output)) {
    if (!Object.hasOwn(fields, key)) {
      throw scimErrors.mapping_error(`mapping "${mapping.name}" produced "${key}", which is not a local ${kind} field (${Object.keys(fields).join(', ')})`);
    }
    if (value === null) continue;
    if (typeOf(value) !== NAMED[fields[key]]) throw scimErrors.mapping_error(`mapping "${mapping.name}" produced ${key} as ${typeOf(value)}, not ${NAMED[fields[key]]}`);
    if (key === NAME_FIELD[kind] && (value as string).trim() === '') throw scimErrors.mapping_error(`mapping "${mapping.name}" produced a blank ${key}`);
  }
}

/**
 * The local fields for a received resource: `defaults`, then each mapping's object deep-merged over them in name
 * order. The mappings see `resource` (without `password` and `id`) and `kind`. A mapping's object may hold only the
 * kind's local fields, each of its type (null leaves a field alone); an expression that fails, a result that is not
 * an object, and any other field throw `scim.mapping_syntax` or `scim.mapping_error` naming the mapping.
 */
export async function mapLocalFields(kind: SourceKind, resource: Json, defaults: Json, mappings: PropertyMapping[]): Promise<Json> {
  const { password: _password, id: _id, ...seen } = resource;
  let fields = defaults;
  for (const mapping of byName(mappings)) {
    const output = await evaluateMapping(mapping, { resource: seen, kind });
    if (!output) continue;
    check(kind, mapping, output);
    fields = deepMerge(fields, output);
  }
  return fields;
}

/**
 * What the host stores for a (normalised) resource under property mappings: the adapter's write with the mapped
 * local fields, the password as sent. Where a mapping changed a field the resource shows (a user's `userName` or
 * `active`, a group's `displayName`), the document keeps the value the adapter would have written, so the resource
 * still shows what the identity provider sent. Without mappings it is the adapter's write.
 */
export async function mappedWrite(adapter: ResourceAdapter, resource: Json, mappings: PropertyMapping[]): Promise<ReturnType<ResourceAdapter['toWrite']>> {
  const write = adapter.toWrite(resource);
  if (mappings.length === 0) return write;
  const { password, ...defaults } = { ...(adapter.kind === 'user' ? write.user : write.group) } as Json;
  const fields = await mapLocalFields(adapter.kind, resource, defaults, mappings);
  const document = { ...write.document };
  for (const [field, attribute] of SHOWN[adapter.kind]) if (fields[field] !== defaults[field]) document[attribute] = defaults[field];
  if (adapter.kind === 'group') return { ...write, document, group: fields as SourceWrite['group'] };
  return { ...write, document, user: { ...fields, ...(password === undefined ? {} : { password }) } as SourceWrite['user'] };
}
