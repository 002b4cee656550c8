import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../services/kernel/error-catalogue.ts';
import { query } from './support/database.ts';
import { api, client } from './support/http.ts';
import { ADMIN_TOKEN, startTestPlatform, type TestPlatform } from './support/platform.ts';

let platform: TestPlatform;
let admin: ReturnType<typeof client>;
let before: string;

/** Row counts of every table the API writes, plus the outbox: a failed request must leave them all unchanged. */
async function snapshot(): Promise<string> {
  const [row] = await query(platform.databaseUrl, `select
    (select count(*) from core_user) users, (select count(*) from core_group) groups, (select count(*) from core_group_users) members,
    (select count(*) from core_token) tokens, (select count(*) from core_application) apps, (select count(*) from event_outbox) outbox`);
  return JSON.stringify(row);
}

function expectProblem(res: { status: number; type: string; body: any }, status: number, code: keyof typeof ERROR_CATALOGUE) {
  expect(res.status).toBe(status);
  expect(res.type).toContain('application/problem+json');
  expect(res.body).toMatchObject({ type: `urn:idp:error:${code}`, status, code, title: ERROR_CATALOGUE[code].title });
}

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = client(platform.baseUrl, ADMIN_TOKEN);
  await admin.post('/core/users/', { username: 'taken', name: 'Taken' });
  await admin.post('/core/groups/', { name: 'taken-group' });
});
beforeEach(async () => {
  before = await snapshot();
});
afterAll(() => platform?.close());

describe('bad input', () => {
  it('answers malformed JSON with 400 invalid_json and writes nothing', async () => {
    const res = await api(platform.baseUrl, 'POST', '/core/users/', { token: ADMIN_TOKEN, raw: '{"username": "x",' });
    expectProblem(res, 400, 'invalid_json');
    expect(await snapshot()).toBe(before);
  });

  it('lists each unknown or ill-typed field as a JSON pointer', async () => {
    const res = await admin.post('/core/users/', { username: 7, name: 'X', email: 'not-an-email', shoe_size: 44, attributes: [] });
    expectProblem(res, 400, 'invalid_request');
    expect(res.body.errors).toEqual(expect.arrayContaining([
      { pointer: '/username', message: 'must be string' },
      { pointer: '/shoe_size', message: 'is not a known field' },
      { pointer: '/attributes', message: 'must be object' },
      expect.objectContaining({ pointer: '/email' }),
    ]));
    expect(res.body.errors).toHaveLength(4);
    const missing = await admin.post('/core/groups/', {});
    expect(missing.body.errors).toEqual([{ pointer: '/name', message: 'is required' }]);
    expect(await snapshot()).toBe(before);
  });

  it('refuses whitespace-only names', async () => {
    expect((await admin.post('/core/users/', { username: ' \t ', name: 'X' })).body.errors).toEqual([{ pointer: '/username', message: 'must contain more than white space' }]);
    expect((await admin.post('/core/groups/', { name: '   ' })).status).toBe(400);
    expect(await snapshot()).toBe(before);
  });

  it('refuses NUL characters, which PostgreSQL cannot store, in bodies and queries', async () => {
    const body = await admin.post('/core/users/', { username: 'a\u0000b', name: 'N', attributes: { 'k\u0000': 1 } });
    expectProblem(body, 400, 'invalid_request');
    expect(body.body.errors).toEqual([{ pointer: '/username', message: 'must not contain NUL characters' }, { pointer: '/attributes/k\u0000', message: 'must not contain NUL characters' }]);
    expect((await admin.get('/core/users/?search=%00')).body.errors).toEqual([{ pointer: '/search', message: 'must not contain NUL characters' }]);
    expect(await snapshot()).toBe(before);
  });

  it('answers a body over 1 MiB with 413', async () => {
    const res = await admin.post('/core/users/', { username: 'big', name: 'x'.repeat(1024 * 1024 + 1) });
    expectProblem(res, 413, 'payload_too_large');
    expect(await snapshot()).toBe(before);
  });

  it('answers a non-JSON body with 415', async () => {
    const res = await api(platform.baseUrl, 'POST', '/core/users/', { token: ADMIN_TOKEN, raw: 'username=x', contentType: 'application/x-www-form-urlencoded' });
    expectProblem(res, 415, 'unsupported_media_type');
    expect(await snapshot()).toBe(before);
  });

  it('answers duplicates with 409 and the conflicting field', async () => {
    expectProblem(await admin.post('/core/users/', { username: 'taken', name: 'Again' }), 409, 'username_taken');
    expectProblem(await admin.post('/core/groups/', { name: 'taken-group' }), 409, 'group_name_taken');
    const other = (await admin.post('/core/users/', { username: 'renamer', name: 'R' })).body;
    before = await snapshot();
    expectProblem(await admin.patch(`/core/users/${other.pk}/`, { username: 'taken' }), 409, 'username_taken');
    expect((await admin.get(`/core/users/${other.pk}/`)).body.username).toBe('renamer');
    expect(await snapshot()).toBe(before);
  });

  it('answers unknown ids and malformed ids with 404', async () => {
    expectProblem(await admin.get('/core/users/424242/'), 404, 'not_found');
    expectProblem(await admin.get('/core/users/abc/'), 404, 'not_found');
    expectProblem(await admin.patch('/core/groups/01234567-89ab-7def-8123-456789abcdef/', { name: 'x' }), 404, 'not_found');
    expectProblem(await admin.delete('/core/applications/no-such-app/'), 404, 'not_found');
    expectProblem(await admin.get('/core/nothing-here/'), 404, 'route_not_found');
    expectProblem(await admin.get('/core/applications/bad%e1/'), 404, 'route_not_found');
    expect(await snapshot()).toBe(before);
  });

  it('answers a missing token with 401 and a non-superuser with 403', async () => {
    const anonymous = await client(platform.baseUrl, null).post('/core/users/', { username: 'anon', name: 'A' });
    expectProblem(anonymous, 401, 'unauthenticated');
    const sa = (await admin.post('/core/users/service_account/', { name: 'plain-bot' })).body;
    before = await snapshot();
    expectProblem(await client(platform.baseUrl, sa.token).post('/core/groups/', { name: 'bot-group' }), 403, 'forbidden');
    expect(await snapshot()).toBe(before);
  });

  it('rolls back the whole change when part of it fails', async () => {
    const res = await admin.post('/core/users/', { username: 'half', name: 'H', groups: ['01234567-89ab-7def-8123-456789abcdef'] });
    expectProblem(res, 400, 'invalid_request');
    expect(res.body.errors).toEqual([{ pointer: '/groups/0', message: 'names no group' }]);
    expect((await admin.get('/core/users/?username=half')).body.results).toEqual([]);
    expect(await snapshot()).toBe(before);
  });

  it('refuses ill-typed query parameters and unknown orderings', async () => {
    expect((await admin.get('/core/users/?page=zero')).body.errors).toEqual([{ pointer: '/page', message: 'must be integer' }]);
    expect((await admin.get('/core/users/?ordering=password_hash')).status).toBe(400);
    expect((await admin.get('/core/users/?colour=red')).body.errors).toEqual([{ pointer: '/colour', message: 'is not a known field' }]);
  });
});
