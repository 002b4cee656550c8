import type { SyncRun } from './sync-runs.ts';

const WIDTH = 30;

/** One line of a text progress bar for a sync run: `[#####-----] 120/400 objects, 2 failed`. */
export function progressLine(run: Pick<SyncRun, 'total' | 'done' | 'failed'>): string {
  const finished = run.done + run.failed;
  const share = run.total === 0 ? 1 : Math.min(1, finished / run.total);
  const filled = Math.round(share * WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${finished}/${run.total} objects, ${run.failed} failed`;
}
