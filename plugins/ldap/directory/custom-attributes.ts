/**
 * A user's or group's JSON attributes as LDAP attributes, as authentik maps them: "/" becomes "-", "." is dropped
 * (`goauthentik.io/user/service-account` → `goauthentikio-user-service-account`); strings, numbers and booleans become
 * values (booleans TRUE/FALSE), arrays of them several values, and `%s` in a value the username; objects are left out.
 */
export function customAttributes(attributes: Record<string, unknown>, username?: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const [key, raw] of Object.entries(attributes)) {
    const name = key.replaceAll('/', '-').replaceAll('.', '');
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name)) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => {
      if (typeof v === 'string') return [username === undefined ? v : v.replaceAll('%s', username)];
      if (typeof v === 'number' && Number.isFinite(v)) return [String(v)];
      if (typeof v === 'boolean') return [v ? 'TRUE' : 'FALSE'];
      return [];
    });
    if (values.length) out.push([name, values]);
  }
  return out;
}
