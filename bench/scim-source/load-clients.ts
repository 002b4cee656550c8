import { ask, forkChild, stopChild } from './child-process.ts';
import { KEPT_BODIES, type LoadJob, type LoadResult } from './load-job.ts';
import { KINDS } from './workload.ts';

export interface LoadClients {
  pids: number[];
  /** Runs a time-bound job on every client (connections shared out), a count-bound one on the first client alone. */
  run(job: LoadJob): Promise<LoadResult>;
  close(): Promise<void>;
}

function merge(results: LoadResult[]): LoadResult {
  const kinds: LoadResult['kinds'] = {};
  for (const r of results) {
    for (const kind of KINDS) {
      const stats = r.kinds[kind];
      if (!stats) continue;
      const into = (kinds[kind] ??= { latencies: [], errors: 0, bodies: [] });
      into.latencies = into.latencies.concat(stats.latencies);
      into.errors += stats.errors;
      into.bodies.push(...stats.bodies.slice(0, KEPT_BODIES - into.bodies.length));
    }
  }
  return { kinds, seconds: Math.max(...results.map((r) => r.seconds)) };
}

/** `n` load-client processes, started once and reused by every measurement. */
export function startLoadClients(n: number): LoadClients {
  const children = Array.from({ length: n }, () => forkChild('load-client.ts'));
  return {
    pids: children.map((c) => c.pid!),
    async run(job) {
      if (job.count !== undefined) return ask<LoadResult>(children[0], job);
      const share = (i: number) => Math.floor(job.connections / n) + (i < job.connections % n ? 1 : 0);
      const results = await Promise.all(children.map((c, i) => ask<LoadResult>(c, { ...job, connections: share(i), tag: `${job.tag}-${i}` })));
      return merge(results);
    },
    close: async () => { await Promise.all(children.map(stopChild)); },
  };
}
