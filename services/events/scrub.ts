const SECRET_KEY = /(password|passwd|token|secret|key|authorization|cookie|credential)/i;
/** authentik leaves keys that merely mention passing alone. */
const NOT_SECRET = /passing/i;
export const SCRUBBED = '********************';

/** A copy of `value` with every secret-looking key's value replaced, at any depth. */
export function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && !NOT_SECRET.test(k) && !(v && typeof v === 'object') ? SCRUBBED : scrub(v)]),
  );
}
