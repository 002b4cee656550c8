import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A provider instance of a plugin's provider type (`type` = the type id, e.g. `scim`). `config` holds what the type's
 * config schema declares, except its write-only fields, which live in `secrets` and are never returned. `pk` comes
 * from the providers_provider_pk_seq sequence when the row is first flushed.
 */
export const Provider = defineEntity({
  name: 'Provider',
  tableName: 'providers_provider',
  properties: {
    pk: p.integer().primary().autoincrement(false),
    name: p.string().length(255).unique(),
    type: p.string().length(64),
    config: p.json<Record<string, unknown>>().onCreate(() => ({})),
    secrets: p.json<Record<string, unknown>>().onCreate(() => ({})).hidden(),
    created: p.datetime().onCreate(() => new Date()),
    updated: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export type ProviderEntity = InferEntity<typeof Provider>;
