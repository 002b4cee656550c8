import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Child {
  proc: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process has ended and all its output is in. */
  exited: Promise<number | null>;
  /** Sends SIGTERM to the process group; resolves with the exit code (null when ended by the signal) once all output is in. */
  stop(): Promise<number | null>;
}

/** Runs `node bin/idp.ts <args>` (the same entry point `npm start` uses) with extra environment. */
export function runIdp(args: string[], env: Record<string, string>): Child {
  return run(process.execPath, ['bin/idp.ts', ...args], env);
}

/** Runs a command in the repository in its own process group; stopping it sends SIGTERM to the whole group. */
export function run(command: string, args: string[], env: Record<string, string>): Child {
  const proc = spawn(command, args, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info', IDP_LDAP_PORT: '0', IDP_LDAPS_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.once('close', (code) => resolve(code)));
  return {
    proc,
    output: () => out,
    exited,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) process.kill(-proc.pid!, 'SIGTERM');
      return exited;
    },
  };
}

/** Resolves once `url` answers with `status`, polling; fails with the child's output after `timeoutMs`. */
export async function waitFor(url: string, child: Child | null, status = 200, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).status === status) return;
    } catch {
      // not listening yet
    }
    if (child && child.proc.exitCode !== null) throw new Error(`process exited (${child.proc.exitCode}):\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer ${status} in ${timeoutMs} ms:\n${child?.output() ?? ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}
