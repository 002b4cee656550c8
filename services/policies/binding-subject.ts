import type { EntityManager, EntityName } from '@mikro-orm/sql';
import type { PolicyBindingRequest } from '../../schemas/types.ts';
import { Group } from '../groups/group.entity.ts';
import { IdpError } from '../kernel/errors.ts';
import { User } from '../users/user.entity.ts';
import type { BindingEntity } from './binding.entity.ts';
import { Policy } from './policy.entity.ts';

/** What a binding may bind, exactly one per binding. */
const SUBJECTS = ['policy', 'group', 'user'] as const;

type Subject = (typeof SUBJECTS)[number];

const ENTITIES: Record<Subject, EntityName<any>> = { policy: Policy, group: Group, user: User };

/** The pk of what the binding binds as `subject`, or null. */
const subjectOf = (binding: BindingEntity, subject: Subject): string | number | null => binding[subject]?.pk ?? null;

/**
 * Applies the request's policy, group and user to the binding, refusing (with pointers) a result that binds none
 * or more than one of them, or a pk that names nothing.
 */
export async function applySubject(em: EntityManager, binding: BindingEntity, data: Pick<PolicyBindingRequest, Subject>): Promise<void> {
  const set = SUBJECTS.filter((s) => (data[s] === undefined ? subjectOf(binding, s) : data[s]) !== null);
  if (set.length !== 1) {
    throw new IdpError('invalid_request', {
      detail: 'A binding binds exactly one of a policy, a group or a user.',
      errors: set.length === 0
        ? [{ pointer: '/', message: 'one of policy, group or user must be set' }]
        : set.filter((s) => data[s] != null).map((s) => ({ pointer: `/${s}`, message: 'only one of policy, group or user may be set' })),
    });
  }
  for (const s of SUBJECTS) {
    const pk = data[s];
    if (pk === undefined) continue;
    if (pk !== null && !(await em.findOne(ENTITIES[s], { pk } as never))) {
      throw new IdpError('invalid_request', { detail: `No ${s} has the id ${pk}.`, errors: [{ pointer: `/${s}`, message: `names no ${s}` }] });
    }
    Object.assign(binding, { [s]: pk === null ? null : em.getReference(ENTITIES[s], pk as never, { wrapped: true }) });
  }
}
