import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidv7 } from '../kernel/uuid.ts';

/** A named expression in a plugin's mapping language (`type`, e.g. `scim`); providers apply theirs in name order. */
export const PropertyMapping = defineEntity({
  name: 'PropertyMapping',
  tableName: 'providers_property_mapping',
  properties: {
    pk: p.uuid().primary().onCreate(() => uuidv7()),
    name: p.string().length(255),
    type: p.string().length(64),
    expression: p.text(),
    created: p.datetime().onCreate(() => new Date()),
  },
});

export type PropertyMappingEntity = InferEntity<typeof PropertyMapping>;
