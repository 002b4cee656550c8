import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { backendsOf, processSeconds } from '../scim-source/cpu.ts';

/** A process's resident set (VmRSS) in bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN) * 1024;
}

/** CPU seconds of one side over a stretch: the server process and, for ours, the database's backends. */
export interface CpuUse {
  server: number;
  database: number;
}

/** Starts counting: this process through process.cpuUsage() (`pid` null), another through /proc; plus a database's backends. */
export function cpuMeter(pid: number | null, database?: string): { stop(): CpuUse } {
  const own = process.cpuUsage();
  const other = pid === null ? 0 : processSeconds(pid);
  const backends = new Map((database ? backendsOf(database) : []).map((b) => [b, processSeconds(b)]));
  return {
    stop() {
      const used = process.cpuUsage(own);
      const server = pid === null ? (used.user + used.system) / 1e6 : processSeconds(pid) - other;
      const db = database ? backendsOf(database).reduce((s, b) => s + processSeconds(b) - (backends.get(b) ?? 0), 0) : 0;
      return { server, database: db };
    },
  };
}

setFlagsFromString('--expose-gc');
/** A full garbage collection, so RSS figures hold what is live. */
const collectGarbage = runInNewContext('gc') as () => void;

/** RSS and heap in use after a full GC. */
export function memory(): { rss: number; heap: number } {
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heap: heapUsed };
}
