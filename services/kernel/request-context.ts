import { AsyncLocalStorage } from 'node:async_hooks';
import type { ModelChangeEvent } from '../../schemas/types.ts';

export type Actor = ModelChangeEvent['actor'];

/** Who is acting and under which request id; every write's change event takes them from here. */
export interface RequestScope {
  actor: Actor;
  requestId: string | null;
}

const storage = new AsyncLocalStorage<RequestScope>();

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, username: null, ip: null };

export function currentScope(): RequestScope {
  return storage.getStore() ?? { actor: SYSTEM_ACTOR, requestId: null };
}

export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}
