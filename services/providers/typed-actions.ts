import type { EntityManager } from '@mikro-orm/sql';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';

/** A plugin type's id in paths (`/providers/<type>/`, `/propertymappings/<type>/`). */
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
