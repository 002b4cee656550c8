import { resolveAttr, schemaOf, type ResourceType } from './schema/catalogue.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Where an attribute named in `attributes`/`excludedAttributes` lives in a resource: keys into it, or `[urn]` for a
 * whole extension. A value filter (`emails[type eq "work"]`) selects the attribute as a whole. Unknown names are
 * ignored, as RFC 7644 §3.9 lets a server do.
 */
function attributeKeys(type: ResourceType, text: string): string[] | null {
  const plain = text.replace(/\[[^\]]*\]/g, '').trim();
  if (schemaOf(type, plain)) return [schemaOf(type, plain)!.id];
  let uri: string | undefined;
  let rest = plain;
  if (/^urn:/i.test(plain)) {
    const cut = plain.lastIndexOf(':');
    uri = plain.slice(0, cut);
    rest = plain.slice(cut + 1);
  }
  const [name, sub, ...more] = rest.split('.');
  if (!name || more.length) return null;
  return resolveAttr(type, { ...(uri ? { uri } : {}), name, ...(sub ? { sub } : {}) })?.keys ?? null;
}

function copy(src: unknown, dst: Json, keys: string[]): void {
  if (!isObject(src) || !(keys[0] in src)) return;
  const [key, ...rest] = keys;
  const value = src[key];
  if (rest.length === 0) {
    dst[key] = value;
  } else if (Array.isArray(value)) {
    const target = Array.isArray(dst[key]) ? (dst[key] as Json[]) : value.map(() => ({}));
    value.forEach((element, i) => copy(element, target[i], rest));
    dst[key] = target;
  } else if (isObject(value)) {
    const target = isObject(dst[key]) ? (dst[key] as Json) : {};
    copy(value, target, rest);
    dst[key] = target;
  }
}

function remove(obj: unknown, keys: string[]): void {
  if (!isObject(obj) || !(keys[0] in obj)) return;
  const [key, ...rest] = keys;
  if (rest.length === 0) delete obj[key];
  else if (Array.isArray(obj[key])) for (const element of obj[key] as unknown[]) remove(element, rest);
  else remove(obj[key], rest);
}

function prune(obj: Json): Json {
  for (const [key, value] of Object.entries(obj)) {
    if (Array.isArray(value)) {
      const kept = value.filter((e) => !(isObject(e) && Object.keys(e).length === 0));
      if (kept.length) obj[key] = kept;
      else delete obj[key];
    } else if (isObject(value) && Object.keys(prune(value)).length === 0) delete obj[key];
  }
  return obj;
}

/** Whether a projection returns the attribute at these keys (so the caller need not load what it leaves out). */
export function projects(type: ResourceType, projection: { attributes: string[]; excludedAttributes: string[] }, keys: string[]): boolean {
  const same = (k: string[] | null) => k !== null && k.length >= 1 && k[0] === keys[0];
  if (projection.attributes.length) return projection.attributes.some((a) => same(attributeKeys(type, a)));
  return !projection.excludedAttributes.some((a) => {
    const k = attributeKeys(type, a);
    return k !== null && k.length === keys.length && k.every((x, i) => x === keys[i]);
  });
}

/**
 * A resource cut down to `attributes` (plus what is always returned: `schemas`, `id`), or without
 * `excludedAttributes` (which cannot remove `schemas` or `id`), per RFC 7644 §3.4.2.5.
 */
export function project(type: ResourceType, resource: Json, projection: { attributes: string[]; excludedAttributes: string[] }): Json {
  if (projection.attributes.length) {
    const out: Json = { schemas: resource.schemas, id: resource.id };
    for (const a of projection.attributes) {
      const keys = attributeKeys(type, a);
      if (keys) copy(resource, out, keys);
    }
    return prune(out);
  }
  if (projection.excludedAttributes.length === 0) return resource;
  const out = structuredClone(resource);
  for (const a of projection.excludedAttributes) {
    const keys = attributeKeys(type, a);
    if (keys && !(keys.length === 1 && (keys[0] === 'id' || keys[0] === 'schemas'))) remove(out, keys);
  }
  return prune(out);
}
