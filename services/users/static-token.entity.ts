import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidv7 } from '../kernel/uuid.ts';
import { User } from './user.entity.ts';

/** A single-use recovery code (authentik's static token). Only the SHA-256 of the code is stored. */
export const StaticToken = defineEntity({
  name: 'StaticToken',
  tableName: 'authenticators_static_token',
  properties: {
    pk: p.uuid().primary().onCreate(() => uuidv7()),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    token_hash: p.string().length(64).hidden(),
    created: p.datetime().onCreate(() => new Date()),
    used_at: p.datetime().nullable(),
  },
});

export type StaticTokenEntity = InferEntity<typeof StaticToken>;
