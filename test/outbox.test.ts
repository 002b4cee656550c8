import { describe, expect, it } from 'vitest';
import type { ModelChangeEvent } from '../schemas/types.ts';
import { User } from '../services/users/user.entity.ts';
import { compile, ref } from '../services/kernel/validator.ts';
import { query } from './support/database.ts';
import { usePlatform } from './support/platform.ts';

const ctx = usePlatform();
const validEvent = compile(ref('model-change-event'));

/** Outbox rows written since `seq`, oldest first. */
async function outboxAfter(seq: number): Promise<ModelChangeEvent[]> {
  const rows = await query<{ payload: ModelChangeEvent }>(ctx.platform.databaseUrl, 'select payload from event_outbox where seq > $1 order by seq', [seq]);
  return rows.map((r) => r.payload);
}
async function lastSeq(): Promise<number> {
  const [row] = await query<{ seq: string | null }>(ctx.platform.databaseUrl, 'select max(seq) seq from event_outbox');
  return Number(row.seq ?? 0);
}


describe('transactional outbox', () => {
  it('writes exactly one event for a committed create, naming the actor, request and changed fields', async () => {
    const seq = await lastSeq();
    const user = (await ctx.admin.post('/core/users/', { username: 'evented', name: 'Ev', email: 'ev@example.com' })).body;
    const events = await outboxAfter(seq);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(validEvent(event)).toBe(true);
    expect(event).toMatchObject({
      type: 'user.created',
      actor: { kind: 'user', id: '1', username: 'admin', ip: expect.stringMatching(/127\.0\.0\.1/) },
      model: { app: 'core', name: 'user', pk: String(user.pk), label: 'evented' },
      changes: { username: { before: null, after: 'evented' }, email: { before: null, after: 'ev@example.com' } },
    });
    expect(event.requestId).toEqual(expect.any(String));
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });

  it('writes nothing for a change that rolls back after its flush', async () => {
    const seq = await lastSeq();
    const em = ctx.platform.orm!.em.fork();
    await expect(em.transactional(async (tx) => {
      tx.create(User, { uuid: crypto.randomUUID(), username: 'ghost' } as never);
      await tx.flush();
      throw new Error('abort after flush');
    })).rejects.toThrow('abort after flush');
    expect(await outboxAfter(seq)).toEqual([]);
    expect(await query(ctx.platform.databaseUrl, `select 1 from core_user where username = 'ghost'`)).toEqual([]);
  });

  it('records only the fields an update changed, with before and after', async () => {
    const user = (await ctx.admin.post('/core/users/', { username: 'changer', name: 'Old' })).body;
    const seq = await lastSeq();
    await ctx.admin.patch(`/core/users/${user.pk}/`, { name: 'New', email: '' });
    const [event] = await outboxAfter(seq);
    expect(event.type).toBe('user.updated');
    expect(event.changes).toEqual({ name: { before: 'Old', after: 'New' } });
    const noop = await lastSeq();
    await ctx.admin.patch(`/core/users/${user.pk}/`, { name: 'New' });
    expect(await outboxAfter(noop)).toEqual([]);
  });

  it('names secret fields without their values', async () => {
    const user = (await ctx.admin.post('/core/users/', { username: 'secretive', name: 'S' })).body;
    const seq = await lastSeq();
    await ctx.admin.post(`/core/users/${user.pk}/set_password/`, { password: 'hunter2-hunter2' });
    const [event] = await outboxAfter(seq);
    expect(event.changes.password_hash).toEqual({ secret: true });
    expect(JSON.stringify(event)).not.toMatch(/scrypt|hunter2/);
    const tokenSeq = await lastSeq();
    const token = (await ctx.admin.post('/core/tokens/', { identifier: 'evt-token' })).body;
    const [tokenEvent] = await outboxAfter(tokenSeq);
    expect(tokenEvent.type).toBe('token.created');
    expect(tokenEvent.changes.key_hash).toEqual({ secret: true });
    expect(JSON.stringify(tokenEvent)).not.toContain(token.key);
  });

  it('reports membership changes as one event naming the members added and removed', async () => {
    const [u1, u2, u3] = await Promise.all(['m1', 'm2', 'm3'].map(async (n) => (await ctx.admin.post('/core/users/', { username: n, name: n })).body));
    const group = (await ctx.admin.post('/core/groups/', { name: 'crew', users: [u1.pk, u2.pk] })).body;
    const seq = await lastSeq();
    await ctx.admin.patch(`/core/groups/${group.pk}/`, { users: [u2.pk, u3.pk] });
    const events = await outboxAfter(seq);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'group.membership.changed', model: { app: 'core', name: 'group', pk: group.pk, label: 'crew' }, members: { added: [u3.pk], removed: [u1.pk] } });
    expect(validEvent(events[0])).toBe(true);
  });

  it('reports a delete with the object it removed, and the memberships it ended', async () => {
    const user = (await ctx.admin.post('/core/users/', { username: 'leaver', name: 'L' })).body;
    const group = (await ctx.admin.post('/core/groups/', { name: 'left-behind', users: [user.pk] })).body;
    const seq = await lastSeq();
    await ctx.admin.delete(`/core/users/${user.pk}/`);
    const events = await outboxAfter(seq);
    expect(events.map((e) => e.type).sort()).toEqual(['group.membership.changed', 'user.deleted']);
    expect(events.find((e) => e.type === 'user.deleted')!.model).toEqual({ app: 'core', name: 'user', pk: String(user.pk), label: 'leaver' });
    expect(events.find((e) => e.type === 'group.membership.changed')!.members).toEqual({ added: [], removed: [user.pk] });
    expect(events.find((e) => e.type === 'group.membership.changed')!.model.pk).toBe(group.pk);
  });

  it('records writes made over RPC as well as REST', async () => {
    const seq = await lastSeq();
    await ctx.platform.broker.call('applications.create', { name: 'Wiki', slug: 'wiki' });
    const [event] = await outboxAfter(seq);
    expect(event).toMatchObject({ type: 'application.created', actor: { kind: 'system' }, model: { name: 'application', label: 'Wiki' } });
  });
});
