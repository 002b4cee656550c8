import { beforeAll, describe, expect, it } from 'vitest';
import { usePlatform } from './support/platform.ts';
import { createScimSource, ERROR, GROUP, PATCH_OP, USER, type TestSource } from './support/scim-source.ts';

const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const bulk = (Operations: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({ schemas: [BULK], Operations, ...extra });
const statuses = (body: { Operations: { status: string }[] }) => body.Operations.map((o) => o.status);

describe('SCIM source Bulk (RFC 7644 §3.7)', () => {
  const ctx = usePlatform();
  let source: TestSource;
  beforeAll(async () => {
    source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'bulk');
  });

  it('creates a group before the users it references by bulkId, resolving the forward references', async () => {
    const res = await source.call('POST', '/Bulk', { body: bulk([
      { method: 'POST', path: '/Groups', bulkId: 'team', data: { schemas: [GROUP], displayName: 'Bulk Team', members: [{ value: 'bulkId:ann' }, { value: 'bulkId:bob' }] } },
      { method: 'POST', path: '/Users', bulkId: 'ann', data: { schemas: [USER], userName: 'bulk.ann' } },
      { method: 'POST', path: '/Users', bulkId: 'bob', data: { schemas: [USER], userName: 'bulk.bob' } },
      { method: 'PATCH', path: '/Users/bulkId:bob', data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Lead' }] } },
    ]) });
    expect(res.status).toBe(200);
    expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:BulkResponse']);
    expect(statuses(res.body)).toEqual(['201', '201', '201', '200']);
    const [team, ann, bob] = res.body.Operations;
    expect(team).toMatchObject({ method: 'POST', bulkId: 'team', location: expect.stringContaining('/v2/Groups/'), version: 'W/"1"' });
    const group = await source.call('GET', team.location.slice(`${source.base}/v2`.length));
    const ids = [ann, bob].map((o: { location: string }) => o.location.split('/').pop());
    expect(group.body.members.map((m: { value: string }) => m.value).sort()).toEqual([...ids].sort());
    expect((await source.call('GET', `/Users/${ids[1]}`)).body.title).toBe('Lead');
  });

  it('answers each operation as it would alone and stops after failOnErrors errors', async () => {
    const res = await source.call('POST', '/Bulk', { body: bulk([
      { method: 'POST', path: '/Users', bulkId: 'a', data: { schemas: [USER], userName: 'bulk.fail' } },
      { method: 'POST', path: '/Users', bulkId: 'b', data: { schemas: [USER], userName: 'bulk.fail' } },
      { method: 'DELETE', path: '/Users/01900000-0000-7000-8000-000000000000' },
      { method: 'POST', path: '/Users', bulkId: 'c', data: { schemas: [USER], userName: 'bulk.never' } },
    ], { failOnErrors: 2 }) });
    expect(statuses(res.body)).toEqual(['201', '409', '404']);
    expect(res.body.Operations[1].response).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
    expect((await source.call('GET', '/Users?filter=userName eq "bulk.never"')).body.totalResults).toBe(0);
  });

  it('refuses references nothing creates (409), paths other than Users and Groups (400), and a stale version (412)', async () => {
    const created = (await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'bulk.versioned' } })).body;
    const res = await source.call('POST', '/Bulk', { body: bulk([
      { method: 'PATCH', path: '/Users/bulkId:nowhere', data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'x' }] } },
      { method: 'POST', path: '/Bulk', bulkId: 'nested', data: bulk([]) },
      { method: 'DELETE', path: `/Users/${created.id}`, version: 'W/"9"' },
    ]) });
    expect(statuses(res.body)).toEqual(['409', '400', '412']);
    expect(res.body.Operations[0].response).toMatchObject({ status: '409', scimType: 'invalidValue' });
    expect(res.body.Operations[1].response).toMatchObject({ status: '400', scimType: 'invalidPath' });
    expect((await source.call('GET', `/Users/${created.id}`)).status).toBe(200);
  });

  it('refuses a request over maxOperations (413 tooMany), a malformed one (400) and other methods (405)', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ method: 'DELETE', path: `/Users/x${i}` }));
    const tooMany = await source.call('POST', '/Bulk', { body: bulk(many) });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({ schemas: [ERROR], status: '413', scimType: 'tooMany' });
    expect((await source.call('POST', '/Bulk', { body: { Operations: [] } })).body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    expect((await source.call('POST', '/Bulk', { body: bulk([{ method: 'POST', path: '/Users', data: {} }]) })).body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    const get = await source.call('GET', '/Bulk');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});
