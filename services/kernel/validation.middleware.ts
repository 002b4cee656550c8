import type { Middleware } from 'moleculer';
import { assertValid } from './validator.ts';

/**
 * Validates every action's params against the JSON Schema in its `params` (Moleculer's built-in validator is off),
 * so an RPC caller over NATS gets the same 400 with JSON pointers as a REST client.
 */
export const validationMiddleware: Middleware = {
  name: 'JsonSchemaValidation',
  localAction(handler, action) {
    const schema = action.params as object | undefined;
    if (!schema || typeof schema !== 'object') return handler;
    return function validateParams(ctx) {
      assertValid(schema, ctx.params ?? {});
      return handler(ctx);
    };
  },
};
