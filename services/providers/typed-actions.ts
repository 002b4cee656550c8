import type { EntityManager, EntityName } from '@mikro-orm/sql';
import type { ListQuery } from '../../schemas/types.ts';
import { listNamed } from '../kernel/crud-actions.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { ref } from '../kernel/validator.ts';

/** A plugin type's id in paths (`/providers/<type>/`, `/sources/<type>/`, `/propertymappings/<type>/`). */
export const TYPE_ID = { type: 'string', pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 };

/** Params that address one object of a plugin type: its type and pk. */
export const addressedBy = (pk: object) => ({ type: 'object', properties: { type: TYPE_ID, pk }, required: ['type', 'pk'], additionalProperties: false });

/** Deletes one object of a plugin type, found (and its type checked) by `find`, in one transaction. */
export function removeAction<A extends { type: string; pk: string | number }>(deps: ServiceDeps, pk: object, find: (em: EntityManager, at: A) => Promise<object>) {
  return {
    params: addressedBy(pk),
    async handler(ctx: { params: unknown }) {
      const at = ctx.params as A;
      await forkEm(deps).transactional(async (em) => {
        em.remove(await find(em, at));
        await em.flush();
      });
      return { pk: at.pk };
    },
  };
}

/** Lists one plugin type's objects by name, paged and ordered; `check` refuses a type no loaded plugin provides. */
export function listAction<E extends object, Dto>(deps: ServiceDeps, entity: EntityName<E>, check: (type: string) => unknown, serialize: (e: E) => Dto, allowed: string[]) {
  return {
    params: { type: 'object', properties: { type: TYPE_ID, query: ref('named-list-query') }, required: ['type', 'query'], additionalProperties: false },
    handler(ctx: { params: unknown }) {
      const { type, query } = ctx.params as { type: string; query: ListQuery & { name?: string } };
      check(type);
      return listNamed(forkEm(deps), entity, { type } as never, query, serialize, allowed);
    },
  };
}
