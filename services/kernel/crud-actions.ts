import type { ServiceSchema } from 'moleculer';
import type { EntityManager, EntityName } from '@mikro-orm/sql';
import type { ListQuery } from '../../schemas/types.ts';
import { likeTerm, paginate } from './pagination.ts';
import { byKey, keyWithData } from './params.ts';
import { refRequiring } from './validator.ts';
import { forkEm, type ServiceDeps } from './service-deps.ts';

export type WriteMode = 'create' | 'replace' | 'update';

export interface CrudSpec<E extends object, Req extends object, Dto, Key extends string | number = string> {
  deps: ServiceDeps;
  /** The field that addresses one object in params and paths (pk, slug). */
  key: string;
  keySchema: object;
  /** Request schema file name; `required` lists what create and replace need. */
  request: string;
  required: string[];
  /** What a replace (PUT) sets for fields the body leaves out. */
  replaceDefaults: Partial<Req>;
  find(em: EntityManager, key: Key): Promise<E>;
  /** A new object for create, before the request is applied. */
  blank(em: EntityManager): E;
  /** Applies a request to an object; by default assigns the fields as they are. */
  apply?(em: EntityManager, entity: E, data: Req, mode: WriteMode): Promise<void>;
  serialize(em: EntityManager, entity: E): Dto | Promise<Dto>;
  /** Detaches what refers to the object before it is removed. */
  beforeRemove?(em: EntityManager, entity: E): Promise<void>;
}

/** get, create, replace (PUT), update (PATCH) and remove for a model, each write in one transaction. */
export function crudActions<E extends object, Req extends object, Dto, Key extends string | number = string>(spec: CrudSpec<E, Req, Dto, Key>): ServiceSchema['actions'] {
  const { deps, key } = spec;
  const addressed = byKey(key, spec.keySchema);
  const write = (id: Key | null, data: Req, mode: WriteMode) =>
    forkEm(deps).transactional(async (em) => {
      const entity = id === null ? spec.blank(em) : await spec.find(em, id);
      const body = mode === 'replace' ? ({ ...spec.replaceDefaults, ...data } as Req) : data;
      if (spec.apply) await spec.apply(em, entity, body, mode);
      else em.assign(entity, body as never);
      await em.flush();
      return spec.serialize(em, entity);
    });
  const idOf = (params: unknown) => (params as Record<string, Key>)[key];
  const dataOf = (params: unknown) => (params as { data: Req }).data;
  return {
    get: { params: addressed, handler: async (ctx) => { const em = forkEm(deps); return spec.serialize(em, await spec.find(em, idOf(ctx.params))); } },
    create: { params: refRequiring(spec.request, spec.required), handler: (ctx) => write(null, ctx.params as Req, 'create') },
    replace: { params: keyWithData(key, spec.keySchema, spec.request, spec.required), handler: (ctx) => write(idOf(ctx.params), dataOf(ctx.params), 'replace') },
    update: { params: keyWithData(key, spec.keySchema, spec.request), handler: (ctx) => write(idOf(ctx.params), dataOf(ctx.params), 'update') },
    remove: {
      params: addressed,
      async handler(ctx) {
        const id = idOf(ctx.params);
        await forkEm(deps).transactional(async (em) => {
          const entity = await spec.find(em, id);
          await spec.beforeRemove?.(em, entity);
          em.remove(entity);
          await em.flush();
        });
        return { [key]: id };
      },
    },
  };
}

/** One page of objects found by name (`name` exact, `search` by substring) among those matching `where`. */
export async function listNamed<E extends object, Dto>(
  em: EntityManager, entity: EntityName<E>, where: Record<string, unknown>, q: ListQuery & { name?: string }, serialize: (e: E) => Dto, allowed: string[],
) {
  const filter: Record<string, unknown> = { ...where };
  if (q.name !== undefined) filter.name = q.name;
  if (q.search) filter.name = { $ilike: likeTerm(q.search) };
  const { pagination, rows } = await paginate(em, entity, filter as never, q, { allowed, default: 'name', tieBreaker: 'pk' });
  return { pagination, results: rows.map(serialize) };
}

/** A list action for objects found by name, paged and ordered. */
export function listByName<E extends object, Dto>(deps: ServiceDeps, entity: EntityName<E>, serialize: (e: E) => Dto, allowed: string[]) {
  return (ctx: { params: unknown }) => listNamed(forkEm(deps), entity, {}, ctx.params as ListQuery & { name?: string }, serialize, allowed);
}
