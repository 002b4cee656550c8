import type { EntityManager } from '@mikro-orm/sql';
import type { ServiceAccountRequest, ServiceAccountResponse } from '../../schemas/types.ts';
import { Group } from '../groups/group.entity.ts';
import { Membership } from '../groups/membership.entity.ts';
import { uuidv7 } from '../kernel/uuid.ts';
import { createToken } from './token.repository.ts';
import { User, type UserEntity } from './user.entity.ts';
import { userUid } from './user.repository.ts';

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'account';

/**
 * A service account as authentik makes one: a user with no usable password, optionally a group of the same name,
 * and an app_password token that expires after 360 days unless told otherwise. The token is returned once.
 */
export async function createServiceAccount(em: EntityManager, req: ServiceAccountRequest, installId: string): Promise<ServiceAccountResponse> {
  const name = req.name.trim();
  const expiring = req.expiring ?? true;
  const user = em.create(User, {
    uuid: crypto.randomUUID(), username: name, name, type: 'service_account', path: 'service-accounts',
    attributes: { 'goauthentik.io/user/service-account': true, 'goauthentik.io/user/token-expires': expiring },
  } as never) as UserEntity;
  let groupPk: string | undefined;
  if (req.create_group) {
    const group = em.create(Group, { pk: uuidv7(), name } as never);
    em.create(Membership, { group, user });
    groupPk = group.pk;
  }
  const { key } = createToken(em, {
    user, identifier: `service-account-${slug(name)}-password`, intent: 'app_password',
    description: `App password for ${name}`, expiring, expires: req.expires ? new Date(req.expires) : undefined,
  });
  await em.flush();
  return { username: user.username, token: key, user_uid: userUid(user.pk, installId), user_pk: user.pk, ...(groupPk ? { group_pk: groupPk } : {}) };
}
