import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidv7 } from '../kernel/uuid.ts';

/** A group. `num_pk` (for gidNumber) comes from the core_group_num_pk_seq sequence when the row is first flushed. */
export const Group = defineEntity({
  name: 'Group',
  tableName: 'core_group',
  properties: {
    pk: p.uuid().primary().onCreate(() => uuidv7()),
    num_pk: p.integer().unique(),
    name: p.string().length(80),
    parent: () => p.manyToOne(Group).nullable().deleteRule('set null').ref(),
    is_superuser: p.boolean().default(false),
    attributes: p.json<Record<string, unknown>>().onCreate(() => ({})),
  },
});

export type GroupEntity = InferEntity<typeof Group>;
