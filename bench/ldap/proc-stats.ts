import { readdirSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Linux counts process CPU time in USER_HZ ticks, 100 a second. */
const TICK_SECONDS = 0.01;

/** User + system CPU seconds a process has used so far (from /proc/<pid>/stat); 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_SECONDS;
  } catch {
    return 0;
  }
}

/** A process's resident set (VmRSS) in bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN) * 1024;
}

/** The PostgreSQL backends serving a database (their process title names it). */
function backendsOf(database: string): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(database);
    } catch {
      return false;
    }
  });
}

/** CPU seconds of one side over a stretch: the server process and, for ours, the database's backends. */
export interface CpuUse {
  server: number;
  database: number;
}

/** Starts counting: this process through process.cpuUsage() (`pid` null), another through /proc; plus a database's backends. */
export function cpuMeter(pid: number | null, database?: string): { stop(): CpuUse } {
  const own = process.cpuUsage();
  const other = pid === null ? 0 : cpuSeconds(pid);
  const backends = new Map((database ? backendsOf(database) : []).map((b) => [b, cpuSeconds(b)]));
  return {
    stop() {
      const used = process.cpuUsage(own);
      const server = pid === null ? (used.user + used.system) / 1e6 : cpuSeconds(pid) - other;
      const db = database ? backendsOf(database).reduce((s, b) => s + cpuSeconds(b) - (backends.get(b) ?? 0), 0) : 0;
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
