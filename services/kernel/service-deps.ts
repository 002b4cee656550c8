import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';

/** What a domain service needs from the process: the ORM (one per process) and the install id. */
export interface ServiceDeps {
  orm: MikroORM;
  installId: string;
}

/** A fresh unit of work for one action (MikroORM's em.fork per request). */
export function forkEm(deps: ServiceDeps): EntityManager {
  return deps.orm.em.fork() as EntityManager;
}
