import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './child.ts';

const BINARY = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

/** A private NATS server with JetStream on its own port and store, which a test may kill and restart. */
export async function startNatsServer(): Promise<{ url: string; kill(): Promise<void>; restart(): Promise<void>; close(): Promise<void> }> {
  const port = await freePort();
  const store = mkdtempSync(path.join(tmpdir(), 'idp-nats-'));
  let proc: ChildProcess;
  const ready = async () => {
    const deadline = Date.now() + 15_000;
    const { connect } = await import('nats');
    for (;;) {
      try {
        const nc = await connect({ servers: `nats://127.0.0.1:${port}`, reconnect: false });
        await nc.close();
        return;
      } catch {
        if (Date.now() > deadline) throw new Error('nats-server did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const start = async () => {
    proc = spawn(BINARY, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], { stdio: 'ignore' });
    await ready();
  };
  const kill = async () => {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    kill,
    restart: start,
    async close() {
      if (proc.exitCode === null) await kill();
      rmSync(store, { recursive: true, force: true });
    },
  };
}
