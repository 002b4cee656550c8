import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { PlatformConfig } from './config.ts';

/** What a domain service needs from the process: the ORM (one per process), the install id and the configuration. */
export interface ServiceDeps {
  orm: MikroORM;
  installId: string;
  config: PlatformConfig;
}

/** A fresh unit of work for one action (MikroORM's em.fork per request). */
export function forkEm(deps: ServiceDeps): EntityManager {
  return deps.orm.em.fork() as EntityManager;
}
