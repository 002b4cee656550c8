import type { EntitySchema } from '@mikro-orm/core';

/**
 * How a stored model appears to the rest of the platform: its `app.model` name (what the event matcher's model
 * filter compares), the prefix of its change events, which fields are secret, and how to name one object.
 */
export interface ModelDefinition {
  entity: EntitySchema<any, any>;
  app: string;
  model_name: string;
  label: string;
  /** Change event prefix: `user` gives user.created, user.updated, user.deleted. */
  event: string;
  /** Fields that are never copied into an event: named with `secret: true` when they change. */
  secretFields?: string[];
  /** Fields filled from a database sequence before the first flush. */
  sequences?: Record<string, string>;
  describe(entity: any): string;
  /** Set for a join model whose rows are reported as `<event>.membership.changed` on the owning object. */
  membership?: { owner: string; member: string };
}

export const modelName = (def: ModelDefinition) => `${def.app}.${def.model_name}`;
