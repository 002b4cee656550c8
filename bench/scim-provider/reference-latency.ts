import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { connect } from 'nats';

export interface Quantiles {
  p50: number;
  p99: number;
}

/** The value below which `q` of the samples fall (nearest rank). */
export function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

async function timeEach(n: number, once: () => Promise<unknown>): Promise<Quantiles> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await once();
    samples.push(performance.now() - t);
  }
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}

/** Sequential nats.js request/reply round trips through the server at `url`, in ms. */
export async function natsRoundTrips(url: string, n: number): Promise<Quantiles> {
  const nc = await connect({ servers: url });
  const subject = `bench.echo.${process.pid}`;
  const sub = nc.subscribe(subject, { callback: (_err, msg) => msg.respond(msg.data) });
  await nc.flush();
  const payload = new Uint8Array(256);
  const result = await timeEach(n, () => nc.request(subject, payload, { timeout: 5000 }));
  sub.unsubscribe();
  await nc.close();
  return result;
}

/** Sequential PostgreSQL transactions of one insert each (into a table of the benchmark's throwaway database), in ms. */
export async function postgresCommits(orm: MikroORM, n: number): Promise<Quantiles> {
  const em = orm.em.fork() as EntityManager;
  await em.execute('create table if not exists bench_commit (id serial primary key, at timestamptz not null default now())');
  return timeEach(n, () => em.transactional((tx) => tx.execute('insert into bench_commit default values')));
}
