import type { ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { PropertyMappingDto, PropertyMappingRequest, PropertyMappingTestRequest, PropertyMappingTestResult } from '../../schemas/types.ts';
import { isPluginError, type MappingSubject, type MappingType } from '../../plugins/sdk/index.ts';
import type { WriteMode } from '../kernel/crud-actions.ts';
import { IdpError, notFound } from '../kernel/errors.ts';
import { UUID_PK } from '../kernel/params.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { ref, refRequiring } from '../kernel/validator.ts';
import { hostDirectory } from './directory.ts';
import type { PluginRegistry } from './plugin-registry.ts';
import { PropertyMapping, type PropertyMappingEntity } from './property-mapping.entity.ts';
import { addressedBy, listAction, removeAction, TYPE_ID } from './typed-actions.ts';

const addressed = addressedBy(UUID_PK);
const withData = (required: string[]) => ({ type: 'object', properties: { type: TYPE_ID, pk: UUID_PK, data: refRequiring('property-mapping-request', required) }, required: ['type', 'data'], additionalProperties: false });

type Addressed = { type: string; pk: string };

const serialize = (m: PropertyMappingEntity): PropertyMappingDto => ({ pk: m.pk, name: m.name, type: m.type, expression: m.expression, created: m.created.toISOString() });

/** Property mappings of every loaded mapping language (`/propertymappings/<type>/`), checked when written, with a test renderer. */
export function propertyMappingsService(deps: ServiceDeps, registry: PluginRegistry): ServiceSchema {
  const typeOf = (id: string) => registry.typeOf('mappings', id);
  const find = async (em: EntityManager, { type, pk }: Addressed) => {
    typeOf(type);
    const mapping = await em.findOne(PropertyMapping, { pk, type });
    if (!mapping) throw notFound(`${type} property mapping`, pk);
    return mapping;
  };
  const check = (type: MappingType, expression: string) => {
    try {
      type.check(expression);
    } catch (err) {
      if (!isPluginError(err)) throw err;
      throw new IdpError('invalid_mapping', { detail: err.message, errors: [{ pointer: '/expression', message: err.message }] });
    }
  };
  /** The user or group a test request names; 404 when there is none. */
  const directorySubject = async (em: EntityManager, data: PropertyMappingTestRequest): Promise<MappingSubject> => {
    const directory = hostDirectory(() => em, deps.installId);
    if (data.user !== undefined) {
      const [user] = await directory.users([data.user]);
      if (!user) throw notFound('user', data.user);
      return { user };
    }
    const [group] = await directory.groups([data.group!]);
    if (!group) throw notFound('group', data.group);
    return { group };
  };
  const write = (p: Addressed & { data: PropertyMappingRequest }, mode: WriteMode) =>
    forkEm(deps).transactional(async (em) => {
      const type = typeOf(p.type);
      if (p.data.expression !== undefined) check(type, p.data.expression);
      const mapping = mode === 'create' ? em.create(PropertyMapping, { name: '', type: p.type, expression: '' } as never) : await find(em, p);
      em.assign(mapping, p.data as never);
      await em.flush();
      return serialize(mapping);
    });

  return {
    name: 'propertymappings',
    actions: {
      list: listAction(deps, PropertyMapping, typeOf, serialize, ['name', 'created']),
      get: { params: addressed, handler: async (ctx) => serialize(await find(forkEm(deps), ctx.params as Addressed)) },
      create: { params: withData(['name', 'expression']), handler: (ctx) => write(ctx.params as Addressed & { data: PropertyMappingRequest }, 'create') },
      replace: { params: { ...withData(['name', 'expression']), required: ['type', 'pk', 'data'] }, handler: (ctx) => write(ctx.params as Addressed & { data: PropertyMappingRequest }, 'replace') },
      update: { params: { ...withData([]), required: ['type', 'pk', 'data'] }, handler: (ctx) => write(ctx.params as Addressed & { data: PropertyMappingRequest }, 'update') },
      remove: removeAction(deps, UUID_PK, find),
      test: {
        params: { type: 'object', properties: { type: TYPE_ID, pk: UUID_PK, data: ref('property-mapping-test-request') }, required: ['type', 'pk', 'data'], additionalProperties: false },
        async handler(ctx): Promise<PropertyMappingTestResult> {
          const p = ctx.params as Addressed & { data: PropertyMappingTestRequest };
          const em = forkEm(deps);
          const mapping = await find(em, p);
          const subject = p.data.resource !== undefined ? { resource: p.data.resource, kind: p.data.kind! } : await directorySubject(em, p.data);
          try {
            const result = await typeOf(p.type).render([{ pk: mapping.pk, name: mapping.name, expression: mapping.expression, type: mapping.type }], subject, { installId: deps.installId });
            return { result: result as Record<string, unknown>, error: null };
          } catch (err) {
            if (!isPluginError(err)) throw err;
            return { result: null, error: { code: err.code, message: err.message } };
          }
        },
      },
    },
  };
}
