import type { ModelChangeEvent } from '../../schemas/types.ts';
import type { DirectoryChange } from '../../plugins/sdk/index.ts';

/** What a batch of model change events means for served directories: the users and groups to re-read, and whether served providers changed. */
export function directoryChanges(events: ModelChangeEvent[]): { change: DirectoryChange; providers: boolean } {
  const users = new Set<number>();
  const groups = new Set<string>();
  let providers = false;
  for (const event of events) {
    const model = `${event.model.app}.${event.model.name}`;
    if (model === 'core.user') users.add(Number(event.model.pk));
    else if (model === 'core.group') {
      groups.add(event.model.pk);
      for (const pk of [...(event.members?.added ?? []), ...(event.members?.removed ?? [])]) users.add(pk);
    } else if (model === 'providers.provider' || model === 'core.application') providers = true;
  }
  return { change: { users: [...users], groups: [...groups] }, providers };
}
