import { describe, expect, it } from 'vitest';
import { startMemoryScimServer } from './support/memory-scim-server.ts';
import { BULK_REQUEST, patchOp, scimCaller, scimUser } from './support/scim-call.ts';
import { startScimmyTarget } from './support/scimmy-target.ts';

const bulk = (Operations: object[]) => ({ schemas: [BULK_REQUEST], Operations });

describe('targets without PATCH and Bulk', () => {
  it.each([
    ['memory server', () => startMemoryScimServer({ token: 't', patch: false, bulk: false })],
    ['SCIMMY', () => startScimmyTarget({ token: 't', patch: false, bulk: false })],
  ])('%s advertises neither and refuses both with 501', async (_name, start) => {
    const target = await start();
    try {
      const call = scimCaller(target.url, 't');
      expect((await call('GET', '/ServiceProviderConfig')).body).toMatchObject({ patch: { supported: false }, bulk: { supported: false } });
      const id = (await call('POST', '/Users', scimUser('plain'))).body.id;
      expect((await call('PATCH', `/Users/${id}`, patchOp({ op: 'replace', value: { active: false } }))).status).toBe(501);
      expect((await call('POST', '/Bulk', bulk([{ method: 'POST', path: '/Users', bulkId: 'b', data: scimUser('b') }]))).status).toBe(501);
      expect((await target.users()).map((u) => [u.userName, u.active])).toEqual([['plain', true]]);
    } finally {
      await target.close();
    }
  });

  it('two SCIMMY targets in one process keep their own token, flags and store under interleaved requests', async () => {
    const [full, bare] = await Promise.all([startScimmyTarget({ token: 'full' }), startScimmyTarget({ token: 'bare', patch: false, bulk: false })]);
    try {
      const a = scimCaller(full.url, 'full');
      const b = scimCaller(bare.url, 'bare');
      const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? b : a)('GET', '/ServiceProviderConfig')));
      replies.forEach((r, i) => expect(r.body).toMatchObject({ patch: { supported: i % 2 === 0 }, bulk: { supported: i % 2 === 0 } }));
      const created = await Promise.all([a('POST', '/Users', scimUser('only-a')), b('POST', '/Users', scimUser('only-b')), a('POST', '/Bulk', bulk([{ method: 'POST', path: '/Users', bulkId: 'x', data: scimUser('bulk-a') }]))]);
      expect(created.map((r) => r.status)).toEqual([201, 201, 200]);
      expect(created[1].body.meta.location).toBe(`${bare.url}/Users/${created[1].body.id}`);
      expect((await full.users()).map((u) => u.userName).sort()).toEqual(['bulk-a', 'only-a']);
      expect((await bare.users()).map((u) => u.userName)).toEqual(['only-b']);
      expect((await scimCaller(full.url, 'bare')('GET', '/Users')).status).toBe(401);
    } finally {
      await Promise.all([full.close(), bare.close()]);
    }
  });
});

describe('paging', () => {
  it.each([
    ['memory server', () => startMemoryScimServer({ token: 't' }), 25],
    ['SCIMMY (20 a page unless asked)', () => startScimmyTarget({ token: 't' }), 20],
  ])('%s pages lists by startIndex and count', async (_name, start, unpaged) => {
    const target = await start();
    try {
      const call = scimCaller(target.url, 't');
      for (let i = 0; i < 25; i++) expect((await call('POST', '/Users', scimUser(`p${String(i).padStart(2, '0')}`))).status).toBe(201);
      expect((await call('GET', '/Users')).body).toMatchObject({ totalResults: 25, Resources: { length: unpaged } });
      const page = await call('GET', '/Users?startIndex=21&count=10');
      expect(page.body).toMatchObject({ totalResults: 25, startIndex: 21, Resources: { length: 5 } });
      const first = await call('GET', '/Users?startIndex=1&count=100');
      expect(first.body.Resources.slice(20).map((u: { id: string }) => u.id)).toEqual(page.body.Resources.map((u: { id: string }) => u.id));
    } finally {
      await target.close();
    }
  });
});
