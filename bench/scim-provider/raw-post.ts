import { Pool } from 'undici';

/**
 * The reference: undici POSTing `bodies` to `<url>/Users` at `concurrency` requests in flight over a keep-alive pool,
 * as fast as the target answers. Returns requests per second.
 */
export async function rawPostRate(url: string, token: string, bodies: object[], concurrency: number): Promise<number> {
  const base = new URL(url);
  const pool = new Pool(base.origin, { connections: concurrency });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const body = JSON.stringify(bodies[next++]);
      const res = await pool.request({ path: `${base.pathname}/Users`, method: 'POST', headers, body });
      await res.body.text();
      if (res.statusCode !== 201) throw new Error(`raw POST answered ${res.statusCode}`);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return bodies.length / seconds;
}
