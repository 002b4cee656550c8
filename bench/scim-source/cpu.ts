import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Linux counts process CPU time in USER_HZ ticks, 100 a second. */
const TICK_SECONDS = 0.01;

/** User + system CPU seconds of a process so far; 0 once it is gone. */
export function processSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_SECONDS;
  } catch {
    return 0;
  }
}

/** The PostgreSQL backends serving a database (their process title names it). */
export function backendsOf(database: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(database)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function machineSeconds(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    total += all / 1000;
    busy += (all - times.idle) / 1000;
  }
  return { busy, total };
}

/**
 * Where the CPU went over a stretch of time, each part in cores (1 = one core all the time): `others` is what the
 * machine spent besides (other processes, the kernel); the machine's busy share of all its cores in %.
 */
export interface CpuShares {
  server: number;
  postgres: number;
  client: number;
  others: number;
  machineBusyPercent: number;
}

/** Starts counting the CPU time of the server's and clients' processes and of the database's backends. */
export function cpuMeter(parts: { server: number[]; client: number[]; database?: string }): { stop(): CpuShares } {
  const sum = (pids: number[], base?: Map<number, number>) => pids.reduce((s, pid) => s + processSeconds(pid) - (base?.get(pid) ?? 0), 0);
  const backends = () => (parts.database ? backendsOf(parts.database) : []);
  const pgStart = new Map(backends().map((pid) => [pid, processSeconds(pid)]));
  const start = { server: sum(parts.server), client: sum(parts.client), machine: machineSeconds(), at: performance.now() };
  return {
    stop() {
      const wall = (performance.now() - start.at) / 1000;
      const machine = machineSeconds();
      const server = (sum(parts.server) - start.server) / wall;
      const postgres = sum(backends(), pgStart) / wall;
      const client = (sum(parts.client) - start.client) / wall;
      const busy = (machine.busy - start.machine.busy) / wall;
      const others = Math.max(0, busy - server - postgres - client);
      return { server, postgres, client, others, machineBusyPercent: (100 * (machine.busy - start.machine.busy)) / (machine.total - start.machine.total) };
    },
  };
}
