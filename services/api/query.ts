import type { SchemaObject } from 'ajv';
import { ajv, SCHEMA_BASE } from '../kernel/validator.ts';

type Props = Record<string, { type?: string | string[]; $ref?: string }>;

/** The properties a query schema accepts, including those of the schema it extends by $ref. */
function queryProperties(name: string): Props {
  const schema = ajv.getSchema(`${SCHEMA_BASE}${name}.schema.json`)?.schema as SchemaObject;
  const base = typeof schema.$ref === 'string' ? queryProperties(schema.$ref.replace('.schema.json', '')) : {};
  return { ...base, ...(schema.properties as Props) };
}

const cache = new Map<string, Props>();

/**
 * Query strings carry text; this turns the values whose schema says integer or boolean into numbers and booleans
 * (leaving anything unparseable as text, so the schema rejects it with a pointer). Bodies are never coerced.
 */
export function coerceQuery(name: string, query: Record<string, unknown>): Record<string, unknown> {
  let props = cache.get(name);
  if (!props) cache.set(name, (props = queryProperties(name)));
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(query)) {
    const type = props[key]?.type;
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (type === 'integer' && typeof value === 'string' && /^-?\d{1,15}$/.test(value)) out[key] = Number(value);
    else if (type === 'boolean' && (value === 'true' || value === 'false')) out[key] = value === 'true';
    else out[key] = value;
  }
  return out;
}
