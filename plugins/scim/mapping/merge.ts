const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNothing = (v: unknown) => v === null || v === undefined;

/** Sets an own property, also for keys such as `__proto__` that plain assignment would treat specially. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A copy of a value without null and undefined at any depth, in objects and arrays alike (authentik removes None
 * values before sending). The input is not changed.
 */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v) => !isNothing(v)).map(withoutNulls) as T;
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!isNothing(v)) put(out, k, withoutNulls(v));
  return out as T;
}

/**
 * Merges `source` over `target` into a new object, as authentik merges mapping results: objects merge key by key,
 * arrays concatenate, any other source value wins. Null and undefined remove nothing and never reach the output.
 * Neither input is changed.
 */
export function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  const out = withoutNulls(target);
  for (const [key, value] of Object.entries(source)) {
    if (isNothing(value)) continue;
    const current = out[key];
    if (Array.isArray(current) && Array.isArray(value)) put(out, key, [...current, ...withoutNulls(value)]);
    else if (isObject(current) && isObject(value)) put(out, key, deepMerge(current, value));
    else put(out, key, withoutNulls(value));
  }
  return out;
}
