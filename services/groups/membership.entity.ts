import { defineEntity, p } from '@mikro-orm/core';
import { User } from '../users/user.entity.ts';
import { Group } from './group.entity.ts';

/** A direct membership of a user in a group. An entity of its own so every change to it is a change set (and an event). */
export const Membership = defineEntity({
  name: 'Membership',
  tableName: 'core_group_users',
  properties: {
    group: () => p.manyToOne(Group).primary().deleteRule('cascade').ref(),
    user: () => p.manyToOne(User).primary().deleteRule('cascade').ref(),
  },
});
