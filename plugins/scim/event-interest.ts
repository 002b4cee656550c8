import type { ChangeEvent, EventInterest, ObjectRef } from '../sdk/index.ts';
import type { ScimConfig } from './config.ts';

/**
 * Which objects a model change may alter on the remote. A user change: that user. A group change: that group; a
 * membership change also the users added and removed when their scope or mapped attributes can depend on their
 * groups (a filter group, or custom user mappings). Moving or deleting a group under a filter group can move whole
 * subtrees of users in or out of scope, so it asks for a full sync (which sends nothing for unchanged objects).
 */
export function interestIn(event: ChangeEvent, config: ScimConfig): EventInterest {
  const model = `${event.model.app}.${event.model.name}`;
  if (model === 'core.user') return { refs: [{ kind: 'user', id: event.model.pk }] };
  if (model !== 'core.group') return { refs: [] };
  const group: ObjectRef = { kind: 'group', id: event.model.pk };
  if (event.type === 'group.membership.changed') {
    const usersMatter = config.filter_group !== null || config.property_mappings.length > 0;
    const users = usersMatter ? [...(event.members?.added ?? []), ...(event.members?.removed ?? [])].map((pk): ObjectRef => ({ kind: 'user', id: String(pk) })) : [];
    return { refs: [group, ...users] };
  }
  const moved = event.type === 'group.updated' && 'parent' in event.changes;
  return { refs: [group], fullSync: config.filter_group !== null && (moved || event.type === 'group.deleted') };
}
