import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidv7 } from '../kernel/uuid.ts';

/** A policy of any type; `config` holds the type's fields (validated by the type's schema). */
export const Policy = defineEntity({
  name: 'Policy',
  tableName: 'policies_policy',
  properties: {
    pk: p.uuid().primary().onCreate(() => uuidv7()),
    name: p.string().length(255).unique(),
    type: p.string().length(64),
    config: p.json<Record<string, unknown>>(),
    execution_logging: p.boolean().default(false),
    created: p.datetime().onCreate(() => new Date()),
  },
});

export type PolicyEntity = InferEntity<typeof Policy>;
