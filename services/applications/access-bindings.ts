import type { EntityManager } from '@mikro-orm/sql';
import { Binding } from '../policies/binding.entity.ts';
import type { AccessBinding } from './access.ts';

/** An application's enabled bindings in order, with their policies, read from the policies tables (one database). */
export async function accessBindings(em: EntityManager, application: string): Promise<AccessBinding[]> {
  const rows = await em.find(Binding, { target: application, enabled: true }, { populate: ['policy'], orderBy: { order: 'asc', pk: 'asc' } });
  return rows.map((b): AccessBinding => {
    if (b.user) return { kind: 'user', user: b.user.pk, negate: b.negate };
    if (b.group) return { kind: 'group', group: b.group.pk, negate: b.negate };
    const policy = b.policy!.unwrap();
    return { kind: 'policy', type: policy.type, config: policy.config, negate: b.negate };
  });
}
