import type { Fixture, Kind, Weights } from './workload.ts';

/** Where a target answers SCIM: `<origin><basePath>/Users`, with this bearer token. */
export interface Target {
  origin: string;
  /** Up to and with `/v2`. */
  basePath: string;
  token: string;
}

/** What one load client runs: steps drawn by weight over `connections`, for `seconds` or until `count` steps. */
export interface LoadJob {
  target: Target;
  fixture: Fixture;
  weights: Weights;
  connections: number;
  seconds?: number;
  count?: number;
  /** Makes created names unique across jobs and clients. */
  tag: string;
}

/** How many bodies of non-2xx answers a result keeps per kind. */
export const KEPT_BODIES = 3;

/** Each request's latency (ms) by kind and the non-2xx answers (the first few bodies kept), over `seconds`. */
export interface LoadResult {
  kinds: Partial<Record<Kind, { latencies: number[]; errors: number; bodies: string[] }>>;
  seconds: number;
}
