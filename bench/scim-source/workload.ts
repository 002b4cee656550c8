/** What a load client knows of a target's seeded objects. */
export interface Fixture {
  /** Seeded users, looked up by userName and patched by id. */
  users: { id: string; userName: string }[];
  /** Groups whose members are added and removed, and which are read. */
  groups: string[];
  /** Users added to a group and removed again. */
  movers: string[];
}

/** One step of the load: a lookup, a create, a user PATCH, a member add then remove, or a group read. */
export type Step = 'lookup' | 'create' | 'patchUser' | 'members' | 'groupGet';
export type Weights = Partial<Record<Step, number>>;
/** What each request is reported as. */
export type Kind = 'lookup' | 'create' | 'patch user' | 'member add' | 'member remove' | 'group get';
export const KINDS: Kind[] = ['lookup', 'create', 'patch user', 'member add', 'member remove', 'group get'];

/** The mix, in shares of steps (a member step is two requests). */
export const MIX: Weights = { lookup: 40, create: 10, patchUser: 20, members: 20, groupGet: 10 };
export const LOOKUPS: Weights = { lookup: 1 };
export const MEMBERS: Weights = { members: 1 };

export interface ScimCall {
  kind: Kind;
  method: 'GET' | 'POST' | 'PATCH';
  /** Below the target's `/v2`. */
  path: string;
  body?: string;
}

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const patchOp = (...Operations: object[]) => JSON.stringify({ schemas: [PATCH_OP], Operations });

/** A step drawn at random by its weight. */
export function drawStep(weights: Weights): Step {
  const entries = Object.entries(weights) as [Step, number][];
  let left = Math.random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [step, w] of entries) if ((left -= w) < 0) return step;
  return entries[entries.length - 1][0];
}

/** A lookup's filter value for a user that does not exist (the canned server answers these as misses). */
export const missName = (n: number) => `miss-${n}`;

/**
 * The requests of one step, in order. `pick(n)` chooses an index below n; `serial` makes names unique within `tag`.
 * Half of the lookups are misses.
 */
export function callsOf(step: Step, f: Fixture, pick: (n: number) => number, tag: string, serial: number): ScimCall[] {
  switch (step) {
    case 'lookup': {
      const name = pick(2) === 0 ? missName(serial) : f.users[pick(f.users.length)].userName;
      return [{ kind: 'lookup', method: 'GET', path: `/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}` }];
    }
    case 'create': {
      const userName = `new-${tag}-${serial}`;
      const body = { schemas: [USER], userName, name: { givenName: 'New', familyName: `User ${serial}` }, displayName: `New User ${serial}`, emails: [{ value: `${userName}@example.org`, type: 'work', primary: true }], active: true };
      return [{ kind: 'create', method: 'POST', path: '/Users', body: JSON.stringify(body) }];
    }
    case 'patchUser': {
      const user = f.users[pick(f.users.length)];
      return [{ kind: 'patch user', method: 'PATCH', path: `/Users/${user.id}`, body: patchOp({ op: 'replace', path: 'title', value: `Title ${serial}` }, { op: 'replace', path: 'active', value: serial % 2 === 0 }) }];
    }
    case 'members': {
      const group = f.groups[pick(f.groups.length)];
      const user = f.movers[pick(f.movers.length)];
      return [
        { kind: 'member add', method: 'PATCH', path: `/Groups/${group}`, body: patchOp({ op: 'add', path: 'members', value: [{ value: user }] }) },
        { kind: 'member remove', method: 'PATCH', path: `/Groups/${group}`, body: patchOp({ op: 'remove', path: `members[value eq "${user}"]` }) },
      ];
    }
    case 'groupGet':
      return [{ kind: 'group get', method: 'GET', path: `/Groups/${f.groups[pick(f.groups.length)]}?excludedAttributes=members` }];
  }
}
