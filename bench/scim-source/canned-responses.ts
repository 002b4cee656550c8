import { request } from 'undici';
import type { Target } from './load-job.ts';
import { callsOf, type Fixture, type Kind, type ScimCall, type Step } from './workload.ts';

/** An answer as the bare handler replays it. */
export interface Canned {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the bare handler answers: the platform's own answers to one request of each kind (a lookup hit and a miss). */
export type CannedSet = Record<Kind | 'lookup miss', Canned>;

const REPLAYED = ['content-type', 'etag', 'location'];

async function capture(target: Target, call: ScimCall): Promise<Canned> {
  const res = await request(`${target.origin}${target.basePath}${call.path}`, { method: call.method, body: call.body, headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/scim+json' } });
  const text = await res.body.text();
  if (res.statusCode > 299) throw new Error(`capturing ${call.method} ${call.path} got ${res.statusCode} ${text}`);
  const headers = Object.fromEntries(REPLAYED.flatMap((h) => (typeof res.headers[h] === 'string' ? [[h, res.headers[h] as string]] : [])));
  return { status: res.statusCode, headers, body: text };
}

/** Sends one request of each kind to the target (the same requests the load sends) and keeps the answers. */
export async function captureCanned(target: Target, fixture: Fixture): Promise<CannedSet> {
  const first = () => 0;
  const second = (n: number) => Math.min(1, n - 1);
  const one = async (step: Step, pick: (n: number) => number) => {
    const answers: Canned[] = [];
    for (const call of callsOf(step, fixture, pick, 'canned', 0)) answers.push(await capture(target, call));
    return answers;
  };
  const [miss] = await one('lookup', first);
  const [hit] = await one('lookup', second);
  const [create] = await one('create', first);
  const [patchUser] = await one('patchUser', first);
  const [add, remove] = await one('members', first);
  const [groupGet] = await one('groupGet', first);
  return { lookup: hit, 'lookup miss': miss, create, 'patch user': patchUser, 'member add': add, 'member remove': remove, 'group get': groupGet };
}
