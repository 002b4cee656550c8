/**
 * A load client, run as a child process so the server measured keeps its event loop to itself: it takes LoadJobs
 * over IPC, drives each over one undici Pool of `connections` keep-alive connections (one request in flight on each)
 * and answers with a LoadResult. Any non-2xx answer is an error.
 */
import { Pool } from 'undici';
import { KEPT_BODIES, type LoadJob, type LoadResult } from './load-job.ts';
import { callsOf, drawStep, type ScimCall } from './workload.ts';

async function run(job: LoadJob): Promise<LoadResult> {
  const { target, fixture } = job;
  const pool = new Pool(target.origin, { connections: job.connections, pipelining: 1 });
  const headers = { authorization: `Bearer ${target.token}`, 'content-type': 'application/scim+json' };
  const kinds: LoadResult['kinds'] = {};
  const pick = (n: number) => Math.floor(Math.random() * n);
  let serial = 0;
  const started = performance.now();
  const deadline = started + (job.seconds ?? Number.POSITIVE_INFINITY) * 1000;
  const more = () => performance.now() < deadline && serial < (job.count ?? Number.POSITIVE_INFINITY);

  async function send(call: ScimCall): Promise<void> {
    const t = performance.now();
    const res = await pool.request({ path: `${target.basePath}${call.path}`, method: call.method, headers, body: call.body });
    const text = await res.body.text();
    const stats = (kinds[call.kind] ??= { latencies: [], errors: 0, bodies: [] });
    stats.latencies.push(performance.now() - t);
    if (res.statusCode < 200 || res.statusCode > 299) {
      stats.errors++;
      if (stats.bodies.length < KEPT_BODIES) stats.bodies.push(`${call.method} ${call.path} → ${res.statusCode} ${text.slice(0, 300)}`);
    }
  }

  await Promise.all(Array.from({ length: job.connections }, async () => {
    while (more()) for (const call of callsOf(drawStep(job.weights), fixture, pick, job.tag, serial++)) await send(call);
  }));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { kinds, seconds };
}

process.on('message', (job: LoadJob) => {
  run(job).then((result) => process.send!(result), (err) => { console.error(err); process.exit(1); });
});
process.on('disconnect', () => process.exit(0));
