import type { EntityManager } from '@mikro-orm/sql';
import { Group } from '../groups/group.entity.ts';
import { Membership } from '../groups/membership.entity.ts';
import { hashKey, hashPassword } from '../kernel/secrets.ts';
import { uuidv7 } from '../kernel/uuid.ts';
import { Token } from './token.entity.ts';
import { createToken } from './token.repository.ts';
import { User, type UserEntity } from './user.entity.ts';

export const BOOTSTRAP_USERNAME = 'admin';
export const ADMIN_GROUP = 'idp Admins';
export const BOOTSTRAP_TOKEN_IDENTIFIER = 'idp-bootstrap-token';

export interface BootstrapInput {
  token?: string;
  password?: string;
  email?: string;
}

/**
 * Makes the superuser `admin` (member of the superuser group `idp Admins`) and gives it the configured API token and
 * password. Safe to run at every start: existing objects are kept, the bootstrap token follows the configured key.
 */
export async function bootstrapAdmin(em: EntityManager, input: BootstrapInput): Promise<{ pk: number; username: string; created: boolean }> {
  let user = await em.findOne(User, { username: BOOTSTRAP_USERNAME });
  const created = !user;
  if (!user) {
    user = em.create(User, { uuid: crypto.randomUUID(), username: BOOTSTRAP_USERNAME, name: 'Default Admin', email: input.email ?? '' } as never) as UserEntity;
  }
  let group = await em.findOne(Group, { name: ADMIN_GROUP, parent: null });
  if (!group) group = em.create(Group, { pk: uuidv7(), name: ADMIN_GROUP, is_superuser: true } as never);
  if (created || !(await em.findOne(Membership, { group: group.pk, user: user.pk }))) em.create(Membership, { group, user });
  if (input.password && !user.password_hash) {
    user.password_hash = await hashPassword(input.password);
    user.password_change_date = new Date();
  }
  if (input.token) {
    const existing = await em.findOne(Token, { identifier: BOOTSTRAP_TOKEN_IDENTIFIER });
    if (!existing) {
      createToken(em, { user, identifier: BOOTSTRAP_TOKEN_IDENTIFIER, intent: 'api', expiring: false, key: input.token, description: 'Bootstrap token' });
    } else if (existing.key_hash !== hashKey(input.token)) {
      existing.key_hash = hashKey(input.token);
    }
  }
  await em.flush();
  return { pk: user.pk, username: user.username, created };
}
