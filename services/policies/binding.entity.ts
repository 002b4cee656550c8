import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Group } from '../groups/group.entity.ts';
import { uuidv7 } from '../kernel/uuid.ts';
import { User } from '../users/user.entity.ts';
import { Policy } from './policy.entity.ts';

/**
 * Binds exactly one of a policy, a group or a user to a target (a notification rule, an application), with order,
 * negation and timeout; it goes with what it binds.
 */
export const Binding = defineEntity({
  name: 'Binding',
  tableName: 'policies_binding',
  properties: {
    pk: p.uuid().primary().onCreate(() => uuidv7()),
    target: p.uuid(),
    policy: () => p.manyToOne(Policy).nullable().deleteRule('cascade').ref(),
    group: () => p.manyToOne(Group).nullable().deleteRule('cascade').ref(),
    user: () => p.manyToOne(User).nullable().deleteRule('cascade').ref(),
    order: p.integer().default(0),
    negate: p.boolean().default(false),
    enabled: p.boolean().default(true),
    timeout: p.integer().default(30),
  },
});

export type BindingEntity = InferEntity<typeof Binding>;
