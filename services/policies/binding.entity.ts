import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidv7 } from '../kernel/uuid.ts';
import { Policy } from './policy.entity.ts';

/** Binds a policy to a target (a notification rule, later applications and flows), with order, negation and timeout. */
export const Binding = defineEntity({
  name: 'Binding',
  tableName: 'policies_binding',
  properties: {
    pk: p.uuid().primary().onCreate(() => uuidv7()),
    target: p.uuid(),
    policy: () => p.manyToOne(Policy).deleteRule('cascade').ref(),
    order: p.integer().default(0),
    negate: p.boolean().default(false),
    enabled: p.boolean().default(true),
    timeout: p.integer().default(30),
  },
});

export type BindingEntity = InferEntity<typeof Binding>;
