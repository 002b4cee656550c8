import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** One of this bench's child processes (a .ts file beside this one), exchanging structured-clone messages over IPC. */
export function forkChild(file: string): ChildProcess {
  return fork(new URL(file, import.meta.url), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Sends a message and resolves with the child's next one; rejects if the child exits first. */
export function ask<T>(child: ChildProcess, message: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`${child.spawnfile} child exited (${code}) before answering`));
    child.once('exit', exited);
    child.once('message', (answer) => {
      child.off('exit', exited);
      resolve(answer as T);
    });
    child.send(message as object);
  });
}

/**
 * Ends a child this bench started: the children exit when their IPC channel closes (so `--cpu-prof` profiles are
 * written); one that has not exited after 5 s is killed.
 */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (child.connected) child.disconnect();
  const timer = setTimeout(() => child.kill(), 5000);
  await exited;
  clearTimeout(timer);
}
