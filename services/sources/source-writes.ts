import type { EntityManager } from '@mikro-orm/sql';
import { SourceStoreError, type SourceKind, type SourceWrite } from '../../plugins/sdk/index.ts';
import { Group, type GroupEntity } from '../groups/group.entity.ts';
import { changeMembers, detachGroup } from '../groups/group-writes.ts';
import { hashPassword } from '../kernel/secrets.ts';
import { uuidv7 } from '../kernel/uuid.ts';
import { detachUser } from '../users/user.repository.ts';
import { User, type UserEntity } from '../users/user.entity.ts';
import { isObjectId, linkedPk } from './source-links.ts';

/** The source a write is for. */
export interface SourceRef {
  pk: number;
  slug: string;
  type: string;
}

const LIMITS = { username: 150, name: 256, email: 254, group: 80 };

function checkLength(what: string, value: string | undefined, max: number): void {
  if (value !== undefined && value.length > max) throw new SourceStoreError('invalid_value', `The ${what} is longer than ${max} characters.`);
  if (value !== undefined && (what === 'username' || what === 'group name') && value.trim() === '') throw new SourceStoreError('invalid_value', `The ${what} is blank.`);
}

/**
 * A local user or group with this name, and whether this source has linked it already. Takes a transaction lock on
 * the name first (users without case), so two requests creating the same name at once cannot both pass the check.
 */
async function sameName(em: EntityManager, source: SourceRef, kind: SourceKind, name: string, except?: number | string) {
  await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`source-${kind}:${kind === 'user' ? name.toLowerCase() : name}`]);
  const sql = kind === 'user'
    ? `select u.pk::text as pk, exists (select 1 from sources_object o where o.source_pk = ? and o.user_pk = u.pk) as linked
         from core_user u where lower(u.username) = lower(?) and u.pk::text <> ? limit 1`
    : `select g.pk::text as pk, exists (select 1 from sources_object o where o.source_pk = ? and o.group_pk = g.pk) as linked
         from core_group g where g.name = ? and g.parent_pk is null and g.pk::text <> ? limit 1`;
  const [row] = await em.execute<{ pk: string; linked: boolean }[]>(sql, [source.pk, name, String(except ?? '')]);
  return row;
}

async function memberPks(em: EntityManager, ids: string[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const bad = ids.find((id) => !isObjectId(id));
  const rows = bad ? [] : await em.execute<{ pk: number; uuid: string }[]>(`select pk, uuid::text as uuid from core_user where uuid = any(?::uuid[])`, [`{${ids.join(',')}}`]);
  const byId = new Map(rows.map((r) => [r.uuid.toLowerCase(), r.pk]));
  const missing = ids.find((id) => !byId.has(id.toLowerCase()));
  if (missing !== undefined) throw new SourceStoreError('invalid_reference', `No user has the id ${JSON.stringify(missing)}.`);
  return ids.map((id) => byId.get(id.toLowerCase())!);
}

async function applyUser(em: EntityManager, user: UserEntity, fields: SourceWrite['user'] = {}): Promise<void> {
  const { password, attributes, ...rest } = fields;
  checkLength('username', rest.username, LIMITS.username);
  checkLength('name', rest.name, LIMITS.name);
  checkLength('email', rest.email, LIMITS.email);
  em.assign(user, rest as never);
  if (attributes !== undefined) user.attributes = { ...user.attributes, ...attributes };
  if (password !== undefined) {
    user.password_hash = await hashPassword(password);
    user.password_change_date = new Date();
  }
}

async function applyGroup(em: EntityManager, group: GroupEntity, write: SourceWrite): Promise<void> {
  if (write.group) {
    checkLength('group name', write.group.name, LIMITS.group);
    group.name = write.group.name;
    if (write.group.attributes !== undefined) group.attributes = { ...group.attributes, ...write.group.attributes };
  }
  const members = write.members;
  if (!members) return;
  if ('set' in members) await changeMembers(em, group, await memberPks(em, members.set), 'set', true);
  else {
    await changeMembers(em, group, await memberPks(em, members.remove), 'remove', true);
    await changeMembers(em, group, await memberPks(em, members.add), 'add', true);
  }
}

const refuse = (kind: SourceKind, name: string, linked: boolean) => new SourceStoreError('uniqueness', linked
  ? `This source has a ${kind} named ${JSON.stringify(name)} already.`
  : `A local ${kind} named ${JSON.stringify(name)} exists, and this source is not allowed to adopt existing ${kind}s.`);

/** Creates (or adopts) the local object and links it, in the caller's transaction; returns the object's id. */
export async function createObject(em: EntityManager, source: SourceRef, kind: SourceKind, write: SourceWrite & { adopt: boolean }): Promise<string> {
  const name = kind === 'user' ? write.user?.username : write.group?.name;
  if (!name) throw new SourceStoreError('invalid_value', kind === 'user' ? 'A user needs a username.' : 'A group needs a name.');
  const existing = await sameName(em, source, kind, name);
  if (existing && (existing.linked || !write.adopt)) throw refuse(kind, name, existing.linked);
  let localPk: number | string;
  let id: string;
  if (kind === 'user') {
    const user = existing
      ? await em.findOneOrFail(User, { pk: Number(existing.pk) })
      : em.create(User, { uuid: crypto.randomUUID(), username: name, type: 'internal', path: `goauthentik.io/sources/${source.slug}` } as never) as UserEntity;
    await applyUser(em, user, write.user);
    await em.flush();
    localPk = user.pk;
    id = user.uuid;
  } else {
    const group = existing ? await em.findOneOrFail(Group, { pk: existing.pk }) : em.create(Group, { pk: uuidv7(), name } as never) as GroupEntity;
    await applyGroup(em, group, write);
    await em.flush();
    localPk = id = group.pk;
  }
  await em.execute(
    `insert into sources_object (source_pk, kind, ${kind}_pk, external_id, document) values (?, ?, ?, ?, ?::jsonb)`,
    [source.pk, kind, localPk, write.externalId, JSON.stringify(write.document)],
  );
  return id;
}

/** Writes a linked object and its document, in the caller's transaction; the link row is locked first. */
export async function updateObject(em: EntityManager, source: SourceRef, kind: SourceKind, id: string, write: SourceWrite): Promise<void> {
  const link = await linkedPk(em, source.pk, kind, id, true);
  if (!link) throw new SourceStoreError('not_found', `No ${kind} of this source has the id ${JSON.stringify(id)}.`);
  if (write.ifVersion !== undefined && write.ifVersion !== link.version) throw new SourceStoreError('version_mismatch', `The ${kind} has changed since version ${write.ifVersion}.`);
  const rename = kind === 'user' ? write.user?.username : write.group?.name;
  if (rename !== undefined && rename !== link.name) {
    const other = await sameName(em, source, kind, rename, link.localPk);
    if (other) throw new SourceStoreError('uniqueness', `Another ${kind} is named ${JSON.stringify(rename)}.`);
  }
  if (kind === 'user') await applyUser(em, await em.findOneOrFail(User, { pk: Number(link.localPk) }), write.user);
  else await applyGroup(em, await em.findOneOrFail(Group, { pk: String(link.localPk) }), write);
  await em.flush();
  await em.execute(
    `update sources_object set document = ?::jsonb, external_id = ?, version = version + 1, last_modified = now() where source_pk = ? and ${kind}_pk = ?`,
    [JSON.stringify(write.document), write.externalId, source.pk, link.localPk],
  );
}

/** Deletes or deactivates a linked object and drops the link; false when the source has no such object. */
export async function removeObject(em: EntityManager, source: SourceRef, kind: SourceKind, id: string, mode: 'delete' | 'deactivate'): Promise<boolean> {
  const link = await linkedPk(em, source.pk, kind, id, true);
  if (!link) return false;
  if (kind === 'user') {
    const user = await em.findOneOrFail(User, { pk: Number(link.localPk) });
    if (mode === 'delete') {
      await detachUser(em, user);
      em.remove(user);
    } else user.is_active = false;
  } else if (mode === 'delete') {
    const group = await em.findOneOrFail(Group, { pk: String(link.localPk) });
    await detachGroup(em, group);
    em.remove(group);
  }
  await em.flush();
  await em.execute(`delete from sources_object where source_pk = ? and ${kind}_pk = ?`, [source.pk, link.localPk]);
  return true;
}
