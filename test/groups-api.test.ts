import { describe, expect, it } from 'vitest';
import { usePlatform } from './support/platform.ts';

const ctx = usePlatform();


const group = async (body: Record<string, unknown>) => {
  const res = await ctx.admin.post('/core/groups/', body);
  expect(res.status).toBe(201);
  return res.body;
};
const user = async (username: string) => (await ctx.admin.post('/core/users/', { username, name: username })).body;

describe('groups API', () => {
  it('creates, reads, replaces, patches and deletes a group', async () => {
    const g = await group({ name: 'engineering', attributes: { cost_center: 42 } });
    expect(g).toMatchObject({ name: 'engineering', parent: null, parent_name: null, is_superuser: false, attributes: { cost_center: 42 }, users: [] });
    expect(Number.isInteger(g.num_pk)).toBe(true);
    expect((await ctx.admin.get(`/core/groups/${g.pk}/`)).body).toEqual(g);
    expect((await ctx.admin.put(`/core/groups/${g.pk}/`, { name: 'eng' })).body).toMatchObject({ name: 'eng', attributes: {} });
    expect((await ctx.admin.patch(`/core/groups/${g.pk}/`, { is_superuser: true })).body).toMatchObject({ name: 'eng', is_superuser: true });
    expect((await ctx.admin.delete(`/core/groups/${g.pk}/`)).status).toBe(204);
    expect((await ctx.admin.get(`/core/groups/${g.pk}/`)).status).toBe(404);
  });

  it('refuses a parent that closes a cycle at any depth, not only the group itself', async () => {
    const a = await group({ name: 'cycle-a' });
    const b = await group({ name: 'cycle-b', parent: a.pk });
    const c = await group({ name: 'cycle-c', parent: b.pk });
    const self = await ctx.admin.patch(`/core/groups/${a.pk}/`, { parent: a.pk });
    expect(self.status).toBe(400);
    expect(self.body).toMatchObject({ code: 'group_cycle', errors: [{ pointer: '/parent' }] });
    const deep = await ctx.admin.patch(`/core/groups/${a.pk}/`, { parent: c.pk });
    expect(deep.status).toBe(400);
    expect(deep.body.code).toBe('group_cycle');
    expect((await ctx.admin.get(`/core/groups/${a.pk}/`)).body.parent).toBeNull();
    const unknownParent = await ctx.admin.patch(`/core/groups/${a.pk}/`, { parent: '01234567-89ab-7def-8123-456789abcdef' });
    expect(unknownParent.status).toBe(400);
    expect(unknownParent.body.errors).toEqual([{ pointer: '/parent', message: 'names no group' }]);
  });

  it('keeps names unique per parent, not globally', async () => {
    const p1 = await group({ name: 'parent-1' });
    const p2 = await group({ name: 'parent-2' });
    await group({ name: 'team', parent: p1.pk });
    await group({ name: 'team', parent: p2.pk });
    const dup = await ctx.admin.post('/core/groups/', { name: 'team', parent: p1.pk });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('group_name_taken');
    await group({ name: 'root-team' });
    expect((await ctx.admin.post('/core/groups/', { name: 'root-team' })).status).toBe(409);
  });

  it('adds and removes members', async () => {
    const g = await group({ name: 'members' });
    const u1 = await user('member-1');
    const u2 = await user('member-2');
    expect((await ctx.admin.post(`/core/groups/${g.pk}/add_user/`, { pk: u1.pk })).status).toBe(204);
    expect((await ctx.admin.post(`/core/groups/${g.pk}/add_user/`, { pk: u2.pk })).status).toBe(204);
    expect((await ctx.admin.post(`/core/groups/${g.pk}/add_user/`, { pk: u2.pk })).status).toBe(204);
    expect((await ctx.admin.get(`/core/groups/${g.pk}/`)).body.users).toEqual([u1.pk, u2.pk]);
    expect((await ctx.admin.post(`/core/groups/${g.pk}/remove_user/`, { pk: u1.pk })).status).toBe(204);
    expect((await ctx.admin.get(`/core/groups/${g.pk}/`)).body.users).toEqual([u2.pk]);
    expect((await ctx.admin.get(`/core/users/${u2.pk}/`)).body.groups).toEqual([g.pk]);
    expect((await ctx.admin.post(`/core/groups/${g.pk}/add_user/`, { pk: 999999 })).status).toBe(404);
    expect((await ctx.admin.get(`/core/groups/?members_by_pk=${u2.pk}`)).body.results.map((x: any) => x.name)).toEqual(['members']);
  });

  it("includes parents in a user's effective groups and derives superuser from them", async () => {
    const top = await group({ name: 'top', is_superuser: true });
    const mid = await group({ name: 'mid', parent: top.pk });
    const leaf = await group({ name: 'leaf', parent: mid.pk });
    const u = await user('nested-user');
    await ctx.admin.post(`/core/groups/${leaf.pk}/add_user/`, { pk: u.pk });
    const effective = (await ctx.platform.broker.call('groups.effectiveGroups', { user: u.pk })) as string[];
    expect(effective.sort()).toEqual([top.pk, mid.pk, leaf.pk].sort());
    expect((await ctx.admin.get(`/core/users/${u.pk}/`)).body.is_superuser).toBe(true);
    await ctx.admin.patch(`/core/groups/${top.pk}/`, { is_superuser: false });
    expect((await ctx.admin.get(`/core/users/${u.pk}/`)).body.is_superuser).toBe(false);
  });

  it('detaches children when their parent is deleted', async () => {
    const parent = await group({ name: 'doomed-parent' });
    const child = await group({ name: 'orphan', parent: parent.pk });
    await ctx.admin.delete(`/core/groups/${parent.pk}/`);
    expect((await ctx.admin.get(`/core/groups/${child.pk}/`)).body.parent).toBeNull();
  });
});
