import type { Directory, DirectoryGroup, DirectoryUser } from '../sdk/index.ts';
import type { ScimConfig } from './config.ts';

const SERVICE_ACCOUNTS = new Set(['service_account', 'internal_service_account']);

/**
 * Which objects a provider provisions: users except service accounts (unless configured otherwise) and, with a
 * filter group, only its members and the members of groups below it; groups: all, or with a filter group, that
 * group and the groups below it. Read fresh for every batch, for just the users in it.
 */
export class Scope {
  readonly #config: ScimConfig;
  readonly #members: Set<number> | null;
  readonly #groups: Set<string> | null;

  private constructor(config: ScimConfig, members: Set<number> | null, groups: Set<string> | null) {
    this.#config = config;
    this.#members = members;
    this.#groups = groups;
  }

  static async load(config: ScimConfig, directory: Directory, userPks: number[]): Promise<Scope> {
    if (!config.filter_group) return new Scope(config, null, null);
    const [members, groups] = await Promise.all([directory.deepMembers(config.filter_group, userPks), directory.descendants(config.filter_group)]);
    return new Scope(config, members, new Set(groups));
  }

  user<U extends Pick<DirectoryUser, 'pk' | 'type'>>(user: U | undefined): user is U {
    if (!user) return false;
    if (this.#config.exclude_users_service_account && SERVICE_ACCOUNTS.has(user.type)) return false;
    return this.#members === null || this.#members.has(user.pk);
  }

  group(group: DirectoryGroup | undefined): group is DirectoryGroup {
    return group !== undefined && (this.#groups === null || this.#groups.has(group.pk));
  }
}
