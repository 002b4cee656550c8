import { beforeAll, describe, expect, it } from 'vitest';
import { usePlatform } from './support/platform.ts';
import { createScimSource, ENTERPRISE, ERROR, USER, type TestSource } from './support/scim-source.ts';

const people = [
  { userName: 'ann', title: 'Engineer', active: true, name: { familyName: 'Adams', givenName: 'Ann' }, emails: [{ value: 'ann@work.example', type: 'work', primary: true }, { value: 'ann@home.example', type: 'home' }], [ENTERPRISE]: { department: 'R&D', manager: { value: 'boss-1' } } },
  { userName: 'Ben', title: 'engineer', active: false, name: { familyName: 'Brown' }, emails: [{ value: 'ben@home.example', type: 'work' }, { value: 'ben@work.example', type: 'home' }], [ENTERPRISE]: { department: 'Sales' } },
  { userName: 'cat', title: '50% off_sale', active: true, name: { familyName: 'Cole' }, emails: [{ value: 'cat@work.example', type: 'work' }] },
  { userName: 'dan', active: true, nickName: 'D\\an', emails: [] },
  { userName: 'eve', title: 'Manager', active: true, name: { familyName: 'Evans' } },
];

describe('SCIM source lists', () => {
  const ctx = usePlatform();
  let source: TestSource;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'lists');
    for (const p of people) ids[p.userName] = (await source.call('POST', '/Users', { body: { schemas: [USER, ENTERPRISE], ...p } })).body.id;
  });

  const names = async (filter: string, extra = '') => {
    const res = await source.call('GET', `/Users?filter=${encodeURIComponent(filter)}&sortBy=userName${extra}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.Resources.map((r: any) => r.userName);
  };

  it.each([
    ['userName eq "ANN"', ['ann']],
    ['userName ne "ann"', ['Ben', 'cat', 'dan', 'eve']],
    ['userName co "A"', ['ann', 'cat', 'dan']],
    ['userName sw "b"', ['Ben']],
    ['userName ew "N"', ['ann', 'Ben', 'dan']],
    ['userName gt "cat"', ['dan', 'eve']],
    ['userName ge "cat"', ['cat', 'dan', 'eve']],
    ['userName lt "ben"', ['ann']],
    ['userName le "BEN"', ['ann', 'Ben']],
    ['title pr', ['ann', 'Ben', 'cat', 'eve']],
    ['not (title pr)', ['dan']],
    ['title eq "engineer"', ['ann', 'Ben']],
    ['title co "50%"', ['cat']],
    ['title co "f_s"', ['cat']],
    ['title co "o_f"', []],
    ['title co "f%s"', []],
    ['nickName eq "D\\\\an"', ['dan']],
    ['active eq false', ['Ben']],
    ['active eq true and title pr', ['ann', 'cat', 'eve']],
    ['title eq "Manager" or name.familyName sw "b"', ['Ben', 'eve']],
    ['not (title eq "Engineer") and active eq true', ['cat', 'dan', 'eve']],
    ['emails.value ew "work.example"', ['ann', 'Ben', 'cat']],
    ['emails[type eq "work" and value co "home"]', ['Ben']],
    ['emails[type eq "work"] and emails[value co "home"]', ['ann', 'Ben']],
    ['emails pr', ['ann', 'Ben', 'cat']],
    ['emails.type eq "HOME"', ['ann', 'Ben']],
    [`${ENTERPRISE}:department eq "r&d"`, ['ann']],
    [`${ENTERPRISE}:manager.value eq "boss-1"`, ['ann']],
    ['USERNAME EQ "eve" OR (UserName Eq "dan")', ['dan', 'eve']],
    ['meta.resourceType eq "User" and userName sw "a"', ['ann']],
    ['meta.created le "2999-01-01T00:00:00Z" and meta.lastModified gt "0001-01-03T00:00:00.0000000Z" and userName eq "eve"', ['eve']],
  ])('filter %s', async (filter, expected) => {
    expect(await names(filter)).toEqual(expected);
  });

  it('looks users up by id and externalId', async () => {
    expect(await names(`id eq "${ids.cat}"`)).toEqual(['cat']);
    expect(await names('id eq "not-a-uuid"')).toEqual([]);
  });

  it('pages exactly across page borders, with count=0 giving only the total', async () => {
    const page = async (startIndex: number, count: number) => (await source.call('GET', `/Users?sortBy=userName&startIndex=${startIndex}&count=${count}`)).body;
    const all = ['ann', 'Ben', 'cat', 'dan', 'eve'];
    for (const [start, count] of [[1, 2], [3, 2], [5, 2], [2, 3], [4, 100], [6, 2]]) {
      const body = await page(start, count);
      expect(body).toMatchObject({ totalResults: 5, startIndex: start });
      expect(body.Resources.map((r: any) => r.userName)).toEqual(all.slice(start - 1, start - 1 + count));
      expect(body.itemsPerPage).toBe(body.Resources.length);
    }
    const counted = await page(1, 0);
    expect(counted).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
    const clamped = await source.call('GET', '/Users?sortBy=userName&startIndex=-4&count=-1');
    expect(clamped.body).toMatchObject({ totalResults: 5, startIndex: 1, itemsPerPage: 0 });
    expect((await source.call('GET', '/Users?startindex=0&COUNT=1&sortBy=userName')).body.Resources.map((r: any) => r.userName)).toEqual(['ann']);
  });

  it('sorts ascending and descending, missing values last when ascending', async () => {
    expect(await names('userName pr', '&sortOrder=descending')).toEqual(['eve', 'dan', 'cat', 'Ben', 'ann']);
    const byTitle = await source.call('GET', '/Users?sortBy=title&sortOrder=ascending');
    expect(byTitle.body.Resources.map((r: any) => r.userName)).toEqual(['cat', 'ann', 'Ben', 'eve', 'dan']);
  });

  it('returns only the attributes asked for, or all but the excluded ones', async () => {
    const only = await source.call('GET', `/Users?filter=userName eq "ann"&attributes=userName,emails.value,${ENTERPRISE}:department`);
    expect(only.body.Resources[0]).toEqual({ schemas: [USER, ENTERPRISE], id: ids.ann, userName: 'ann', emails: [{ value: 'ann@work.example' }, { value: 'ann@home.example' }], [ENTERPRISE]: { department: 'R&D' } });
    const without = await source.call('GET', `/Users/${ids.ann}?excludedAttributes=emails,name.givenName,meta`);
    expect(without.body.emails).toBeUndefined();
    expect(without.body.meta).toBeUndefined();
    expect(without.body.name).toEqual({ familyName: 'Adams' });
    expect(without.body.id).toBe(ids.ann);
  });

  it('searches with POST /.search', async () => {
    const res = await source.call('POST', '/Users/.search', { body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'title sw "eng"', sortBy: 'userName', startIndex: 2, count: 1, attributes: ['userName'] } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalResults: 2, startIndex: 2, itemsPerPage: 1, Resources: [{ userName: 'Ben' }] });
  });

  it.each([
    ['userName eq', 'invalidFilter'],
    ['userName zz "x"', 'invalidFilter'],
    ['(userName eq "x"', 'invalidFilter'],
    ['nosuch eq "x"', 'invalidFilter'],
    ['active gt true', 'invalidFilter'],
    ['password eq "x"', 'invalidFilter'],
  ])('answers 400 %s with scimType %s', async (filter, scimType) => {
    const res = await source.call('GET', `/Users?filter=${encodeURIComponent(filter)}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: '400', scimType, detail: expect.any(String) });
  });
});
