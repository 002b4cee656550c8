type Cleanup = () => Promise<void>;

/**
 * What a run started, to be stopped at its end: `add` each thing once started, `run` them last first, each once (a
 * failing one is reported, the rest still run); also on Ctrl-C or SIGTERM, after which the process exits with 1.
 */
export function trackCleanups(): { add(cleanup: Cleanup): void; run(): Promise<void> } {
  const cleanups: Cleanup[] = [];
  async function run(): Promise<void> {
    for (let cleanup = cleanups.shift(); cleanup; cleanup = cleanups.shift()) await cleanup().catch((err: Error) => console.error(`cleaning up: ${err.message}`));
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void run().finally(() => process.exit(1)));
  return { add: (cleanup) => void cleanups.unshift(cleanup), run };
}
