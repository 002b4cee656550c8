import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { UserType } from '../../schemas/types.ts';

/** A person or service account. `pk` comes from the core_user_pk_seq sequence when the row is first flushed. */
export const User = defineEntity({
  name: 'User',
  tableName: 'core_user',
  properties: {
    pk: p.integer().primary().autoincrement(false),
    uuid: p.uuid().unique(),
    username: p.string().length(150).unique(),
    name: p.string().length(256).default(''),
    email: p.string().length(254).default(''),
    is_active: p.boolean().default(true),
    type: p.string().length(32).$type<UserType>().default('internal'),
    path: p.string().length(256).default('users'),
    attributes: p.json<Record<string, unknown>>().onCreate(() => ({})),
    password_hash: p.string().nullable().hidden(),
    password_change_date: p.datetime().nullable(),
    last_login: p.datetime().nullable(),
    date_joined: p.datetime().onCreate(() => new Date()),
  },
});

export type UserEntity = InferEntity<typeof User>;
