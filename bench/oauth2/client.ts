/**
 * The load client, a child process of the benchmark so that its CPU is neither issuer's. A job comes in two
 * messages: the job itself (set it up, answer `{ ready: true }` or `{ error }`), then `'run'` (answer its LoadResult),
 * so that the untimed sign-ins of the set-up stay out of the CPU counted for the run.
 */
import { prepareJob, type Job } from './operations.ts';

let prepared: Awaited<ReturnType<typeof prepareJob>> | undefined;

process.on('message', (message: Job | 'run') => {
  const answer = message === 'run'
    ? prepared!.run()
    : prepareJob(message).then((p) => {
      prepared = p;
      return { ready: true };
    });
  answer.then((result) => process.send!(result), (err: Error) => process.send!({ error: err.message }));
});
process.on('disconnect', () => process.exit(0));
