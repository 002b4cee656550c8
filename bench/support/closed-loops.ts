/**
 * What a load gave: each operation's latency in ms, the wall time it ran, what its operations resolved to summed (the
 * benchmark's own count, such as entries or HTTP requests), and failures (with the first one's message).
 */
export interface LoadResult {
  latencies: number[];
  seconds: number;
  counted: number;
  errors: number;
  firstError?: string;
}

/**
 * Runs `ops` as closed loops, each starting its operation again as soon as the last one settled, until `seconds` are
 * up. A failure is counted and its loop goes on, or with `stopAtError` ends.
 */
export async function closedLoops(ops: (() => Promise<number>)[], seconds: number, o: { stopAtError: boolean }): Promise<LoadResult> {
  const result: LoadResult = { latencies: [], seconds: 0, counted: 0, errors: 0 };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(ops.map(async (op) => {
    while (performance.now() < deadline) {
      const t = performance.now();
      try {
        const counted = await op();
        result.latencies.push(performance.now() - t);
        result.counted += counted;
      } catch (err) {
        result.errors++;
        result.firstError ??= (err as Error).message;
        if (o.stopAtError) return;
      }
    }
  }));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
