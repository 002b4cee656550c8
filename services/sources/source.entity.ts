import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from '../users/user.entity.ts';

/**
 * A source instance of a plugin's source type (`type` = the type id, e.g. `scim`): inbound provisioning at
 * `/source/<type>/<slug>/`. `user` is its service account, whose API token authenticates the source's clients.
 * `pk` comes from the sources_source_pk_seq sequence when the row is first flushed.
 */
export const Source = defineEntity({
  name: 'Source',
  tableName: 'sources_source',
  properties: {
    pk: p.integer().primary().autoincrement(false),
    name: p.string().length(255).unique(),
    slug: p.string().length(50).unique(),
    type: p.string().length(64),
    enabled: p.boolean().default(true),
    config: p.json<Record<string, unknown>>().onCreate(() => ({})),
    user: () => p.manyToOne(User).nullable().deleteRule('set null').ref(),
    created: p.datetime().onCreate(() => new Date()),
    updated: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export type SourceEntity = InferEntity<typeof Source>;
