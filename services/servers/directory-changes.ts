import type { ModelChangeEvent } from '../../schemas/types.ts';
import type { DirectoryChange } from '../../plugins/sdk/index.ts';

/** Models whose changes can change who may use an application (with users, groups and applications themselves). */
const ACCESS_MODELS = new Set(['policies.policy', 'policies.policybinding']);

/**
 * What a batch of model change events means for served directories: the users and groups to re-read, whether served
 * providers (or the property mappings they use) changed, and whether access decisions may have.
 */
export function directoryChanges(events: ModelChangeEvent[]): { change: DirectoryChange; providers: boolean; access: boolean } {
  const users = new Set<number>();
  const groups = new Set<string>();
  let providers = false;
  let access = false;
  for (const event of events) {
    const model = `${event.model.app}.${event.model.name}`;
    if (model === 'core.user') users.add(Number(event.model.pk));
    else if (model === 'core.group') {
      groups.add(event.model.pk);
      for (const pk of [...(event.members?.added ?? []), ...(event.members?.removed ?? [])]) users.add(pk);
    } else if (model === 'providers.provider' || model === 'core.application' || model === 'providers.propertymapping') providers = true;
    else if (ACCESS_MODELS.has(model)) access = true;
  }
  return { change: { users: [...users], groups: [...groups] }, providers, access: access || providers || users.size > 0 || groups.size > 0 };
}
