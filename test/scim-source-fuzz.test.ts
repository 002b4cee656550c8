import { beforeAll, describe, expect, it } from 'vitest';
import { usePlatform } from './support/platform.ts';
import { prng, type Rand } from './support/prng.ts';
import { createScimSource, ERROR, GROUP, PATCH_OP, USER, type TestSource } from './support/scim-source.ts';

const FILTERS = [
  'userName eq "a"', 'emails[type eq "work" and value co "@x"]', 'not (active eq true) or title pr', 'meta.lastModified gt "2020-01-01T00:00:00Z"',
  'members[value eq "x"]', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m"', 'name.familyName sw "O"',
];
const PATHS = ['title', 'emails', 'emails[type eq "work"].value', 'name.givenName', 'members', 'members[value eq "x"]', 'active', 'groups', 'id', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', 'x[', 'name..a'];
const VALUES: unknown[] = [null, true, 'False', 1.5, 'x', [], {}, [{ value: 'v' }], { value: 'v', primary: true }, { 'name.givenName': 'g' }, [[1]], 'x'.repeat(300)];
const PIECES = ['(', ')', '[', ']', '"', ' and ', ' or ', 'not ', ' eq ', ' pr', '.', ':', '\\', '\u0000', '%', 'é'];

function mutate(r: Rand, text: string): string {
  const at = r.int(text.length + 1);
  switch (r.int(3)) {
    case 0: return text.slice(0, at) + r.pick(PIECES) + text.slice(at);
    case 1: return text.slice(0, at) + text.slice(at + 1 + r.int(4));
    default: return text.slice(0, at) + text.slice(at).split('').reverse().join('');
  }
}

function body(r: Rand): unknown {
  const ops = Array.from({ length: 1 + r.int(3) }, () => ({
    ...(r.next() < 0.3 ? {} : { op: r.pick(['add', 'replace', 'remove', 'Replace', 'move', 7]) }),
    ...(r.next() < 0.2 ? {} : { path: r.next() < 0.8 ? r.pick(PATHS) : mutate(r, r.pick(PATHS)) }),
    ...(r.next() < 0.2 ? {} : { value: r.pick(VALUES) }),
  }));
  return r.next() < 0.1 ? r.pick(VALUES) : { schemas: r.next() < 0.9 ? [PATCH_OP] : [], Operations: r.next() < 0.05 ? 'x' : ops };
}

/**
 * Random and mutated requests over HTTP: whatever arrives, the answer is a SCIM response below 500 — a result or a
 * SCIM error body — and the server keeps serving.
 */
describe('SCIM source under random input', () => {
  const ctx = usePlatform();
  let source: TestSource;
  let user: string;
  let group: string;
  beforeAll(async () => {
    source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'fuzz');
    user = (await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'fuzzed', emails: [{ value: 'f@x.example', type: 'work' }] } })).body.id;
    group = (await source.call('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'fuzzed', members: [{ value: user }] } })).body.id;
  });

  it('answers every random request below 500, in SCIM form', async () => {
    const r = prng(0x5c17);
    const problems: string[] = [];
    for (let i = 0; i < 400; i++) {
      const kind = r.int(4);
      let res;
      if (kind === 0) {
        const filter = r.next() < 0.7 ? mutate(r, r.pick(FILTERS)) : r.pick(FILTERS);
        res = await source.call('GET', `${r.pick(['/Users', '/Groups'])}?filter=${encodeURIComponent(filter)}&startIndex=${r.int(5) - 1}&count=${r.int(5) - 1}&sortBy=${r.pick(['userName', 'emails', 'x', 'meta.created'])}`);
      } else if (kind === 1) {
        res = await source.call('PATCH', r.next() < 0.5 ? `/Users/${user}` : `/Groups/${group}`, { body: body(r) });
      } else if (kind === 2) {
        const raw = JSON.stringify({ schemas: [r.pick([USER, GROUP])], userName: `u${i}`, displayName: `g${i}`, emails: r.pick(VALUES), members: r.pick(VALUES), active: r.pick(VALUES) });
        res = await source.call('POST', r.pick(['/Users', '/Groups']), { raw: r.next() < 0.3 ? mutate(r, raw) : raw });
      } else {
        const method = r.pick(['GET', 'DELETE', 'PUT']);
        res = await source.call(method, `/${mutate(r, r.pick(['Users', 'Groups', 'Schemas', 'ResourceTypes']))}/${mutate(r, user)}`, method === 'PUT' ? { raw: '{}' } : {});
      }
      if (res.status >= 500 || (res.status >= 400 && (res.body?.schemas?.[0] !== ERROR || typeof res.body.detail !== 'string'))) problems.push(`#${i} ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(problems).toEqual([]);
    expect((await source.call('GET', `/Users/${user}`)).status).toBe(200);
  });
});
