import type { Context, Middleware, Service } from 'moleculer';
import { assertValid, compile } from './validator.ts';

/**
 * Validates every action's params (a JSON Schema object, or a $ref to one; Moleculer's own `$node` actions keep theirs) against the JSON Schema in its `params` (Moleculer's built-in validator is off),
 * so an RPC caller over NATS gets the same 400 with JSON pointers as a REST client.
 */
export const validationMiddleware: Middleware = {
  name: 'JsonSchemaValidation',
  localAction(handler, action) {
    const schema = action.params as { type?: unknown; $ref?: unknown } | undefined;
    const isJsonSchema = schema && (schema.type === 'object' || typeof schema.$ref === 'string');
    if (!isJsonSchema || action.name?.startsWith('$')) return handler;
    compile(schema);
    return function validateParams(this: Service, ctx: Context) {
      assertValid(schema, ctx.params ?? {});
      return handler.call(this, ctx);
    };
  },
};
