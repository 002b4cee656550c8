import { Client } from 'ldapts';
import { closedLoops, type LoadResult } from '../support/closed-loops.ts';
import { BASE_DN, GROUP_PREFIX, PASSWORD, READER, TEN_ATTRIBUTES, USER_PREFIX, groupDN, userDN } from './dataset.ts';

/** The measured operations; each server gets exactly the same requests. */
export type Kind = 'bind' | 'connect-bind' | 'user-search' | 'user-groups' | 'group-members' | 'paged-dump' | 'bind-search';

/** One load: `connections` closed loops of one kind for `seconds`, against the server at `url`. */
export interface Job {
  url: string;
  kind: Kind;
  connections: number;
  seconds: number;
  /** Binds pick users `<prefix><1..count>` at random. */
  binders: { prefix: string; count: number };
  /** Searches pick among the regular users 1..users and the groups 1..groups. */
  users: number;
  groups: number;
}

const pick = (n: number) => 1 + Math.floor(Math.random() * n);
const client = (url: string) => new Client({ url, timeout: 30_000, connectTimeout: 10_000 });
const ownEntry = (username: string) => `(&(objectClass=posixAccount)(cn=${username}))`;

/** A connection's operation (resolving to the entries it got), made once the connection is set up for its kind. */
async function operation(job: Job): Promise<{ run: () => Promise<number>; close: () => Promise<void> }> {
  const binder = () => `${job.binders.prefix}${pick(job.binders.count)}`;
  if (job.kind === 'connect-bind') {
    return {
      run: async () => {
        const c = client(job.url);
        await c.bind(userDN(binder()), PASSWORD);
        await c.unbind();
        return 0;
      },
      close: async () => undefined,
    };
  }
  const c = client(job.url);
  await c.bind(userDN(READER), PASSWORD);
  const search = async (base: string, filter: string, attributes: string[], scope: 'base' | 'sub' = 'sub', paged = false) =>
    (await c.search(base, { scope, filter, attributes, ...(paged ? { paged: { pageSize: 500 } } : {}) })).searchEntries.length;
  const runs: Record<Exclude<Kind, 'connect-bind'>, () => Promise<number>> = {
    bind: async () => {
      await c.bind(userDN(binder()), PASSWORD);
      return 0;
    },
    'user-search': () => search(BASE_DN, ownEntry(`${USER_PREFIX}${pick(job.users)}`), TEN_ATTRIBUTES),
    'user-groups': () => search(`ou=groups,${BASE_DN}`, `(&(objectClass=groupOfNames)(member=${userDN(`${USER_PREFIX}${pick(job.users)}`)}))`, ['cn', 'gidNumber']),
    'group-members': () => search(groupDN(`${GROUP_PREFIX}${pick(job.groups)}`), '(objectClass=*)', ['member'], 'base'),
    'paged-dump': () => search(`ou=users,${BASE_DN}`, '(objectClass=posixAccount)', TEN_ATTRIBUTES, 'sub', true),
    'bind-search': async () => {
      const username = binder();
      await c.bind(userDN(username), PASSWORD);
      return search(BASE_DN, ownEntry(username), TEN_ATTRIBUTES);
    },
  };
  return { run: runs[job.kind], close: () => c.unbind() };
}

/** Runs a job: every connection set up first, then all loop until the time is up, counting the entries that came back; a failure does not end its loop. */
export async function runJob(job: Job): Promise<LoadResult> {
  const ops = await Promise.all(Array.from({ length: job.connections }, () => operation(job)));
  const result = await closedLoops(ops.map((op) => op.run), job.seconds, { stopAtError: false });
  await Promise.all(ops.map((op) => op.close().catch(() => undefined)));
  return result;
}
