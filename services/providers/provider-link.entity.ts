import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A local object's copy on a provider's remote (written by the links store and job workers; read for listings). */
export const ProviderLink = defineEntity({
  name: 'ProviderLink',
  tableName: 'providers_link',
  properties: {
    provider_pk: p.integer().primary(),
    kind: p.string().length(8).primary(),
    local_id: p.string().length(64).primary(),
    remote_id: p.string().length(255).nullable(),
    state: p.json<Record<string, unknown>>(),
    status: p.string().length(16),
    error: p.json<Record<string, unknown>>().nullable(),
    synced_at: p.datetime().nullable(),
  },
});

export type ProviderLinkEntity = InferEntity<typeof ProviderLink>;
