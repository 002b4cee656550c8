import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemoryScimServer } from './support/memory-scim-server.ts';
import { BULK_REQUEST as BULK, patchOp as patch, scimCaller as client, scimGroup as group, scimUser as user } from './support/scim-call.ts';
import { startScimmyTarget } from './support/scimmy-target.ts';

type Target = { url: string; token: string; users(): Promise<any[]>; groups(): Promise<any[]>; close(): Promise<void> };
const kinds: [string, (o: { bulk?: boolean; patch?: boolean }) => Promise<Target>][] = [
  ['memory server', async (o) => { const s = await startMemoryScimServer({ token: 'mem', patch: o.patch, bulk: o.bulk === false ? false : { maxOperations: 1000, maxPayloadSize: 1_048_576 } }); return { ...s, token: 'mem', users: async () => s.users(), groups: async () => s.groups() }; }],
  ['SCIMMY', async (o) => ({ ...(await startScimmyTarget({ token: 'scimmy', ...o })), token: 'scimmy' })],
];

describe.each(kinds)('%s', (_name, start) => {
  let t: Target;
  let call: ReturnType<typeof client>;
  beforeAll(async () => { t = await start({}); call = client(t.url, t.token); });
  afterAll(() => t.close());

  it('creates, reads, filters, replaces and deletes users; 409 on a taken userName, 404 on missing ids', async () => {
    const created = await call('POST', '/Users', user('ada'));
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toContain('application/scim+json');
    const id = created.body.id;
    expect(created.body).toMatchObject({ id: expect.any(String), userName: 'ada', externalId: 'ext-ada', active: true, meta: { resourceType: 'User', location: `${t.url}/Users/${id}` } });
    expect((await call('GET', `/Users/${id}`)).body).toMatchObject({ id, userName: 'ada', name: { familyName: 'ada' }, emails: [{ value: 'ada@example.org' }] });
    expect(await t.users()).toEqual([expect.objectContaining({ id, userName: 'ada', externalId: 'ext-ada', active: true, emails: [expect.objectContaining({ value: 'ada@example.org' })] })]);

    const taken = await call('POST', '/Users', user('ada'));
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', scimType: 'uniqueness' });
    await call('POST', '/Users', user('bob'));
    for (const filter of ['userName eq "ada"', 'externalId eq "ext-ada"']) {
      const found = await call('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(found.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, Resources: [{ id, userName: 'ada' }] });
    }
    expect((await call('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody"')}`)).body).toMatchObject({ totalResults: 0 });

    const replaced = await call('PUT', `/Users/${id}`, user('ada', { active: false, name: undefined }));
    expect(replaced.status).toBe(200);
    expect((await call('GET', `/Users/${id}`)).body).toMatchObject({ active: false });
    expect((await t.users()).find((u) => u.id === id).name).toBeUndefined();
    expect((await call('PUT', '/Users/no-such-id', user('zed'))).status).toBe(404);
    expect((await call('PUT', `/Users/${id}`, user('bob'))).status).toBe(409);

    expect((await call('DELETE', `/Users/${id}`)).status).toBe(204);
    const gone = await call('GET', `/Users/${id}`);
    expect(gone).toMatchObject({ status: 404, body: { status: '404' } });
    expect((await call('DELETE', `/Users/${id}`)).status).toBe(404);
    expect((await t.users()).map((u) => u.userName)).toEqual(['bob']);
  });

  it('patches attributes and group members (add, remove by value filter and by value), filters groups', async () => {
    const [a, b, c] = await Promise.all(['m1', 'm2', 'm3'].map(async (n) => (await call('POST', '/Users', user(n))).body.id));
    const g = (await call('POST', '/Groups', group('staff', [a]))).body;
    expect((await call('POST', '/Groups', group('staff'))).body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect((await call('GET', `/Groups?filter=${encodeURIComponent('displayName eq "staff"')}`)).body).toMatchObject({ totalResults: 1, Resources: [{ id: g.id }] });

    expect((await call('PATCH', `/Groups/${g.id}`, patch({ op: 'add', path: 'members', value: [{ value: b }, { value: c }, { value: a }] }))).status).toBe(200);
    expect((await t.groups())[0].members.map((m: any) => m.value).sort()).toEqual([a, b, c].sort());
    expect((await call('PATCH', `/Groups/${g.id}`, patch({ op: 'remove', path: `members[value eq "${b}"]` }))).status).toBe(200);
    expect((await call('PATCH', `/Groups/${g.id}`, patch({ op: 'remove', path: 'members', value: [{ value: a }] }))).status).toBe(200);
    expect((await call('GET', `/Groups/${g.id}`)).body.members.map((m: any) => m.value)).toEqual([c]);

    const patched = await call('PATCH', `/Users/${a}`, patch({ op: 'replace', value: { active: false, displayName: 'M One' } }));
    expect(patched.status).toBe(200);
    expect((await t.users()).find((u) => u.id === a)).toMatchObject({ active: false, displayName: 'M One', userName: 'm1' });
    expect((await call('PATCH', '/Groups/no-such-id', patch({ op: 'add', path: 'members', value: [{ value: a }] }))).status).toBe(404);

    expect((await call('DELETE', `/Users/${c}`)).status).toBe(204);
    expect((await t.groups())[0].members ?? []).toEqual([]);
  });

  it('requires the bearer token', async () => {
    for (const bad of [client(t.url, 'wrong'), (m: string, p: string) => fetch(t.url + p, { method: m }).then(async (r) => ({ status: r.status, body: await r.json() }))]) {
      const res = await bad('GET', '/Users');
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ status: '401' });
    }
  });

  it('advertises PATCH and Bulk, and applies a BulkRequest with bulkId references and failOnErrors', async () => {
    expect((await call('GET', '/ServiceProviderConfig')).body).toMatchObject({ patch: { supported: true }, bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1_048_576 }, filter: { supported: true } });
    const done = await call('POST', '/Bulk', { schemas: [BULK], Operations: [
      { method: 'POST', path: '/Users', bulkId: 'u1', data: user('bulk-1') },
      { method: 'POST', path: '/Groups', bulkId: 'g1', data: { ...group('bulk-group'), members: [{ value: 'bulkId:u1' }] } },
    ] });
    expect(done.status).toBe(200);
    const [u, g] = done.body.Operations;
    expect(u).toMatchObject({ method: 'POST', bulkId: 'u1', status: '201', location: expect.stringMatching(new RegExp(`^${t.url}/Users/.+`)) });
    expect(g).toMatchObject({ bulkId: 'g1', status: '201' });
    const userId = (await t.users()).find((x) => x.userName === 'bulk-1').id;
    expect(u.location).toBe(`${t.url}/Users/${userId}`);
    expect((await t.groups()).find((x) => x.displayName === 'bulk-group').members).toEqual([expect.objectContaining({ value: userId })]);

    const stopped = await call('POST', '/Bulk', { schemas: [BULK], failOnErrors: 1, Operations: [
      { method: 'POST', path: '/Users', bulkId: 'dup', data: user('bulk-1') },
      { method: 'POST', path: '/Users', bulkId: 'never', data: user('bulk-never') },
    ] });
    expect(stopped.body.Operations).toEqual([expect.objectContaining({ bulkId: 'dup', status: '409', response: expect.objectContaining({ scimType: 'uniqueness' }) })]);
    expect((await t.users()).some((x) => x.userName === 'bulk-never')).toBe(false);

    const tooMany = { schemas: [BULK], Operations: Array.from({ length: 1001 }, (_, i) => ({ method: 'DELETE', path: `/Users/x${i}` })) };
    expect((await call('POST', '/Bulk', tooMany)).body).toMatchObject({ status: '413' });
    const tooLarge = await call('POST', '/Bulk', JSON.stringify({ schemas: [BULK], Operations: [{ method: 'POST', path: '/Users', bulkId: 'big', data: user('big', { title: 'x'.repeat(1_100_000) }) }] }), true);
    expect(tooLarge.body).toMatchObject({ status: '413' });
  });
});
