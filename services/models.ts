import type { ModelDefinition } from './kernel/model-definition.ts';
import { Application } from './applications/application.entity.ts';
import { Group } from './groups/group.entity.ts';
import { Membership } from './groups/membership.entity.ts';
import { Token } from './users/token.entity.ts';
import { User } from './users/user.entity.ts';

/** Every model the API writes. `GET /admin/models/` lists them; the change-event subscriber reads them. */
export const MODELS: ModelDefinition[] = [
  {
    entity: User, app: 'core', model_name: 'user', label: 'User', event: 'user',
    secretFields: ['password_hash'], sequences: { pk: 'core_user_pk_seq' },
    describe: (u) => u.username,
  },
  {
    entity: Group, app: 'core', model_name: 'group', label: 'Group', event: 'group',
    sequences: { num_pk: 'core_group_num_pk_seq' },
    describe: (g) => g.name,
  },
  {
    entity: Membership, app: 'core', model_name: 'group', label: 'Group', event: 'group',
    membership: { owner: 'group', member: 'user' },
    describe: (m) => m.group?.name ?? String(m.group?.pk),
  },
  {
    entity: Token, app: 'core', model_name: 'token', label: 'Token', event: 'token',
    secretFields: ['key_hash'],
    describe: (t) => t.identifier,
  },
  {
    entity: Application, app: 'core', model_name: 'application', label: 'Application', event: 'application',
    describe: (a) => a.name,
  },
];

export const ENTITIES = [...MODELS.map((m) => m.entity)];
