import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { TokenIntent } from '../../schemas/types.ts';
import { uuidv7 } from '../kernel/uuid.ts';
import { User } from './user.entity.ts';

/** An API token, app password or one-time token. Only the SHA-256 of the key is stored. */
export const Token = defineEntity({
  name: 'Token',
  tableName: 'core_token',
  properties: {
    pk: p.uuid().primary().onCreate(() => uuidv7()),
    identifier: p.string().length(255).unique(),
    key_hash: p.string().length(64).unique().hidden(),
    intent: p.string().length(32).$type<TokenIntent>(),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    description: p.string().default(''),
    expires: p.datetime().nullable(),
    expiring: p.boolean().default(true),
    created: p.datetime().onCreate(() => new Date()),
  },
});

export type TokenEntity = InferEntity<typeof Token>;
