import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidv7 } from '../kernel/uuid.ts';

/**
 * An application users reach; providers are bound to it by id (the providers service owns them). Its bindings (the
 * policies service's, targeting its pk) decide who may use it, combined by `policy_engine_mode`.
 */
export const Application = defineEntity({
  name: 'Application',
  tableName: 'core_application',
  properties: {
    pk: p.uuid().primary().onCreate(() => uuidv7()),
    name: p.string().length(255),
    slug: p.string().length(50).unique(),
    provider: p.integer().nullable(),
    backchannel_providers: p.json<number[]>().onCreate(() => []),
    group: p.string().length(255).default(''),
    meta_launch_url: p.string().length(2048).default(''),
    meta_description: p.text().default(''),
    meta_publisher: p.string().length(255).default(''),
    policy_engine_mode: p.string().length(8).$type<'any' | 'all'>().default('any'),
  },
});

export type ApplicationEntity = InferEntity<typeof Application>;
