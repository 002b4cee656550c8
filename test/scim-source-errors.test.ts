import { beforeAll, describe, expect, it } from 'vitest';
import { usePlatform } from './support/platform.ts';
import { createScimSource, ERROR, patchOp, scim, USER, type TestSource } from './support/scim-source.ts';

describe('SCIM source errors (RFC 7644 §3.12)', () => {
  const ctx = usePlatform();
  let source: TestSource;
  let id: string;
  beforeAll(async () => {
    source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'errors');
    id = (await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'target', emails: [{ value: 'a@x.example', type: 'work' }] } })).body.id;
  });

  const expectError = (res: { status: number; type: string; body: any }, status: number, scimType?: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.type).toContain('application/scim+json');
    expect(res.body).toEqual({ schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}), detail: expect.any(String) });
    expect(res.body.detail.length).toBeGreaterThan(5);
  };

  it('invalidSyntax for a body that is not JSON or not an object', async () => {
    expectError(await source.call('POST', '/Users', { raw: '{"userName": tre' }), 400, 'invalidSyntax');
    expectError(await source.call('POST', '/Users', { body: ['x'] }), 400, 'invalidSyntax');
    expectError(await source.call('PATCH', `/Users/${id}`, { body: { Operations: [] } }), 400, 'invalidSyntax');
  });

  it('invalidValue for a missing userName, a wrong type, or a schemas list without the resource schema', async () => {
    expectError(await source.call('POST', '/Users', { body: { schemas: [USER], displayName: 'no name' } }), 400, 'invalidValue');
    expectError(await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'typed', active: 'maybe' } }), 400, 'invalidValue');
    expectError(await source.call('POST', '/Users', { body: { schemas: ['urn:other'], userName: 'other' } }), 400, 'invalidValue');
  });

  it('invalidPath, noTarget and mutability for PATCH operations', async () => {
    expectError(await source.call('PATCH', `/Users/${id}`, { body: patchOp({ op: 'replace', path: 'emails[type eq', value: 'x' }) }), 400, 'invalidPath');
    expectError(await source.call('PATCH', `/Users/${id}`, { body: patchOp({ op: 'replace', path: 'nosuch', value: 'x' }) }), 400, 'invalidPath');
    expectError(await source.call('PATCH', `/Users/${id}`, { body: patchOp({ op: 'remove' }) }), 400, 'noTarget');
    expectError(await source.call('PATCH', `/Users/${id}`, { body: patchOp({ op: 'remove', path: 'emails[type eq "home"]' }) }), 400, 'noTarget');
    expectError(await source.call('PATCH', `/Users/${id}`, { body: patchOp({ op: 'replace', path: 'id', value: 'x' }) }), 400, 'mutability');
    expectError(await source.call('PATCH', `/Users/${id}`, { body: patchOp({ op: 'move', path: 'title', value: 'x' }) }), 400, 'invalidSyntax');
  });

  it('404 for unknown ids and endpoints, 405 with Allow for writes to discovery endpoints, 501 for /Me', async () => {
    expectError(await source.call('GET', '/Users/01900000-0000-7000-8000-000000000000'), 404);
    expectError(await source.call('GET', '/Users/not-an-id'), 404);
    expectError(await source.call('GET', '/Things'), 404);
    for (const path of ['/ServiceProviderConfig', '/ResourceTypes', '/Schemas']) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const res = await source.call(method, path, { body: {} });
        expectError(res, 405);
        expect(res.headers.get('allow')).toBe('GET');
      }
    }
    expectError(await source.call('DELETE', '/Users'), 405);
    expectError(await source.call('POST', `/Users/${id}`, { body: {} }), 405);
    expectError(await source.call('GET', '/Me'), 501);
    const v1 = await scim(source.base, source.token, 'GET', '/v1/Users');
    expectError(v1, 400, 'invalidVers');
  });

  it('413 for a body over the advertised maxPayloadSize, and nothing is written', async () => {
    const spc = await source.call('GET', '/ServiceProviderConfig');
    const big = { schemas: [USER], userName: 'huge', title: 'x'.repeat(spc.body.maxPayloadSize) };
    expectError(await source.call('POST', '/Users', { body: big }), 413);
    expect((await source.call('GET', '/Users?filter=userName eq "huge"')).body.totalResults).toBe(0);
  });

  it('advertises exactly what it supports', async () => {
    const spc = await source.call('GET', '/ServiceProviderConfig');
    expect(spc.body).toMatchObject({ patch: { supported: true }, bulk: { supported: true, maxOperations: 1000, maxPayloadSize: spc.body.maxPayloadSize }, filter: { supported: true, maxResults: 1000 }, sort: { supported: true }, etag: { supported: true }, changePassword: { supported: true } });
    const types = await source.call('GET', '/ResourceTypes');
    expect(types.body.Resources.map((r: any) => r.endpoint)).toEqual(['/Users', '/Groups']);
    const schema = await source.call('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User');
    expect(schema.body.attributes.find((a: any) => a.name === 'userName')).toMatchObject({ type: 'string', caseExact: false, uniqueness: 'server' });
  });
});
