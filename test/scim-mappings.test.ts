import { describe, expect, it } from 'vitest';
import { backtrackingRisk, type DirectoryGroup, type DirectoryUser } from '../plugins/sdk/index.ts';
import { defaultGroup, defaultUser } from '../plugins/scim/mapping/defaults.ts';
import { compileExpression, evaluateExpression } from '../plugins/scim/mapping/expression.ts';
import { deepMerge } from '../plugins/scim/mapping/merge.ts';
import { renderGroup, renderUser } from '../plugins/scim/mapping/render.ts';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const ada: DirectoryUser = {
  pk: 7, uid: 'f'.repeat(64), uuid: 'u7', username: 'ada', name: 'Ada King Lovelace', email: 'ada@example.org',
  is_active: true, type: 'internal', path: 'users', attributes: { department: 'Engines', title: 'Countess' }, groups: [],
};
const group: DirectoryGroup = { pk: '0190-aa', num_pk: 1, name: 'engineers', parent: null, is_superuser: false, attributes: {}, members: [7] };
const m = (name: string, expression: string) => ({ pk: `${name}-pk`, name, expression });
const fails = (p: Promise<unknown>) => p.then(() => 'no error', (err: { code: string; message: string }) => `${err.code}: ${err.message}`);
const user = (...ms: ReturnType<typeof m>[]) => renderUser(ada, ms);

describe('SCIM defaults', () => {
  it('map users as authentik does, the uid as externalId', async () => {
    const expected = {
      schemas: [CORE], userName: 'ada', displayName: ada.name, active: true, externalId: ada.uid,
      name: { formatted: ada.name, givenName: 'Ada', familyName: 'King Lovelace' }, emails: [{ value: 'ada@example.org', type: 'other', primary: true }],
    };
    expect(defaultUser(ada)).toEqual(expected);
    expect(await user()).toEqual(expected);
    const name = (n: string) => ({ formatted: n, givenName: n, familyName: '' });
    expect(defaultUser({ ...ada, name: 'Plato', email: '' })).toEqual({ ...expected, displayName: 'Plato', name: name('Plato'), emails: undefined });
    expect(defaultUser({ ...ada, name: '' })).toMatchObject({ displayName: 'ada', name: name('') });
  });

  it('map groups to name and uuid, without members', async () => {
    const expected = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'engineers', externalId: group.pk };
    expect(defaultGroup(group)).toEqual(expected);
    expect(await renderGroup(group, [])).toEqual(expected);
  });
});

describe('SCIM property mappings', () => {
  it('add attributes and extensions, listing their schemas', async () => {
    const body = await user(m('ent', `{ "title": user.attributes.title, "${ENTERPRISE}": { "department": $user.attributes.department } }`));
    expect(body).toMatchObject({ title: 'Countess', userName: 'ada', [ENTERPRISE]: { department: 'Engines' }, schemas: [CORE, ENTERPRISE] });
    expect((await user(m('s', '{ "schemas": ["urn:x:y"] }'))).schemas).toEqual([CORE, 'urn:x:y']);
    expect(await renderGroup(group, [m('g', '{ "urn:x:c": {}, "displayName": $uppercase($group.name) }')])).toMatchObject({ displayName: 'ENGINEERS', schemas: [/Group$/, 'urn:x:c'] });
  });

  it('merge in name order: later scalars win, arrays concatenate', async () => {
    const a = m('a', '{ "title": "Countess", "nickName": "Ada", "emails": [{ "value": "h@x" }] }');
    const b = m('b', '{ "title": "Analyst", "emails": [{ "value": "w@x" }] }');
    const body = await user(b, a);
    expect(await user(a, b)).toEqual(body);
    expect(body).toMatchObject({ title: 'Analyst', nickName: 'Ada' });
    expect((body.emails as { value: string }[]).map((e) => e.value)).toEqual(['ada@example.org', 'h@x', 'w@x']);
  });

  it('cannot remove defaults; nulls are dropped', async () => {
    const body = await user(m('erase', '{ "userName": null, "title": null, "name": { "givenName": null, "middleName": "K" }, "phoneNumbers": [null] }'));
    expect(body).toMatchObject({ userName: 'ada', name: { givenName: 'Ada', middleName: 'K' }, phoneNumbers: [] });
    expect(body).not.toHaveProperty('title');
    expect(await user(m('nothing', 'user.attributes.missing'))).toEqual(defaultUser(ada));
  });

  it('refuse invalid SCIM, naming pointers and mappings', async () => {
    const invalid = 'scim.mapping_invalid: the mapped user is not a valid SCIM resource: ';
    expect(await fails(user(m('ok', '{ "title": "x" }'), m('bad', '{ "active": "yes" }')))).toBe(`${invalid}/active must be boolean (set by mapping "bad")`);
    expect(await fails(user(m('blank', '{ "userName": "" }')))).toBe(`${invalid}/userName must NOT have fewer than 1 characters, must not be blank (set by mapping "blank")`);
    const problems = ['/colour is not a SCIM attribute', '/profileUrl must match format "uri"', '/emails/1/value must be string', `/${ENTERPRISE}/department must be string`];
    expect(await fails(user(m('u', `{ "colour": "blue", "emails": [{ "value": 1 }], "profileUrl": "no uri", "${ENTERPRISE}": { "department": 1 } }`))))
      .toBe(invalid + problems.map((p) => `${p} (set by mapping "u")`).join('; '));
    expect(await fails(renderGroup(group, [m('g', '{ "displayName": " ", "members": [{ "value": "1", "type": "Robot" }] }')])))
      .toMatch(/\/displayName must not be blank \(set by mapping "g"\); \/members\/0\/type must be equal/);
  });
});

describe('SCIM expressions', () => {
  it('evaluate over input and bindings, compiled once per text', async () => {
    expect(await evaluateExpression('[user.pk, $user.pk]', { user: ada }, { user: ada })).toEqual([7, 7]);
    expect(compileExpression('user.name')).toBe(compileExpression('user.name'));
  });

  it('name the mapping that does not compile or run', async () => {
    expect(() => compileExpression('{ "a": ')).toThrow(/^the expression does not compile: .*\(at character \d+\)$/);
    expect(await fails(user(m('broken', '{ "a": ')))).toMatch(/^scim.mapping_syntax: mapping "broken" does not compile: .*\(at character \d+\)$/);
    expect(await fails(user(m('nope', '$nope()')))).toMatch(/^scim.mapping_error: mapping "nope" failed: .*function.*\(at character \d+\)$/);
    expect(await fails(user(m('list', '[1, 2]')))).toMatch('error: mapping "list" must produce an object, not an array');
    expect(await fails(user(m('fn', '{ "f": function($x) { $x } }')))).toMatch('error: mapping "fn" produced a value that is not JSON: "f" is a function');
  });

  it('stop runaway expressions', async () => {
    const started = Date.now();
    for (const [name, expression, error] of [
      ['loop', '($f := function($x) { $f($x) }; $f(0))', 'Evaluation timeout'], ['deep', '($f := function($x) { 1 + $f($x) }; $f(1))', 'Stack overflow'],
      ['huge', '$count([1..10000000])', 'The maximum sequence length'],
    ]) expect(await fails(user(m(name, expression)))).toMatch(`scim.mapping_error: mapping "${name}" failed: ${error}`);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('refuse regexes that can backtrack without bound', async () => {
    expect(await fails(user(m('re', '{ "t": $match(user.name, /(a+)+b/).match }')))).toMatch(/^scim.mapping_syntax: mapping "re" does not compile: regular expression \/\(a\+\)\+b\//);
    expect(await fails(user(m('ev', '$eval("$match(\\"aa\\", /(a|aa)*c/)")')))).toMatch(/^scim.mapping_error: .*regular expression \/\(a\|aa\)\*c\//);
    expect((await user(m('safe', '{ "title": $replace(user.name, /^(\\w+) .*$/, "$1") }'))).title).toBe('Ada');
    expect(['(\\w+\\s?)*$', '(x{1,3}){2,}', '(ab)+', '(a+){3}'].map((p) => Boolean(backtrackingRisk(p)))).toEqual([true, true, false, false]);
  });

  it('deepMerge drops nulls and changes neither input', () => {
    const target = { a: 1, o: { x: 1, y: [1] }, gone: null, keep: 'k' };
    const source = { a: 2, o: { y: [2], z: null, v: [null, 3] }, keep: undefined };
    const before = structuredClone({ target, source });
    expect(deepMerge(target, source)).toEqual({ a: 2, o: { x: 1, y: [1, 2], v: [3] }, keep: 'k' });
    expect({ target, source }).toEqual(before);
    expect(Object.keys(deepMerge({}, JSON.parse('{ "__proto__": { "p": 1 } }')))).toEqual(['__proto__']);
  });
});
