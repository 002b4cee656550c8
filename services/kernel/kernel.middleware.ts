import type { Context, Middleware, Service } from 'moleculer';
import { mapDatabaseError } from './db-errors.ts';
import { runInScope, SYSTEM_ACTOR, type Actor } from './request-context.ts';

/**
 * Runs every local action inside its request scope (actor and request id, which the change events record) and
 * maps database errors to the catalogue once, so each service does not have to.
 */
export const kernelMiddleware: Middleware = {
  name: 'Kernel',
  localAction(handler) {
    return function scoped(this: Service, ctx: Context) {
      const actor = (ctx.meta as { actor?: Actor }).actor ?? SYSTEM_ACTOR;
      return runInScope({ actor, requestId: ctx.requestID ?? null }, async () => {
        try {
          return await handler.call(this, ctx);
        } catch (err) {
          throw mapDatabaseError(err);
        }
      });
    };
  },
};
