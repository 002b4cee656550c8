/** The load client, a child process of the benchmark so that its CPU is nobody's server time: it runs each job it is sent and answers with the result. */
import type { LoadResult } from '../support/closed-loops.ts';
import { runJob, type Job } from './operations.ts';

process.on('message', (job: Job) => {
  runJob(job).then((result) => process.send!(result), (err: Error) => process.send!({ latencies: [], seconds: 0, counted: 0, errors: 1, firstError: err.message } satisfies LoadResult));
});
process.on('disconnect', () => process.exit(0));
