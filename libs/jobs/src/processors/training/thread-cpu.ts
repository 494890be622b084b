// CPU time of the calling thread, for compute accounting. process.cpuUsage() counts every thread of
// the process: a worker training two runs, or the API's own event loop in embedded mode, would be
// billed to each run. Read from inside the training thread, these clocks count that thread only.
//
// Sources, best first:
//   1. process.threadCpuUsage() (Node >= 23.9): the calling thread's getrusage(RUSAGE_THREAD).
//   2. Linux /proc/thread-self/schedstat: nanoseconds this thread ran on a CPU.
//   3. Linux /proc/thread-self/stat: utime + stime in clock ticks (USER_HZ, 100 on every Linux ABI).
//   4. process.cpuUsage(): process-wide, reported with scope 'process' so nobody mistakes it.
// The /proc files are read with readFileSync on purpose: async fs runs in libuv's thread pool, and
// "thread-self" would then name a pool thread instead of the caller.
import { readFileSync } from 'node:fs';

export type CpuClockScope = 'thread' | 'process';

export interface CpuClock {
  scope: CpuClockScope;
  /** Where the numbers come from, for logs and the job result. */
  source: 'threadCpuUsage' | 'proc-schedstat' | 'proc-stat' | 'process.cpuUsage';
  /** CPU time (user + system) in microseconds since an arbitrary origin; differences are what count. */
  readMicros(): number;
}

export interface CpuClockDeps {
  platform: NodeJS.Platform;
  readFile(path: string): string;
  threadCpuUsage?: () => { user: number; system: number };
  processCpuUsage(): { user: number; system: number };
}

const USER_HZ = 100;

const defaultDeps = (): CpuClockDeps => ({
  platform: process.platform,
  readFile: (p) => readFileSync(p, 'utf8'),
  threadCpuUsage: (process as unknown as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage?.bind(process),
  processCpuUsage: () => process.cpuUsage(),
});

/** utime + stime (fields 14 and 15) of a /proc/.../stat line; the command name may hold spaces and parentheses. */
export function parseProcStatTicks(line: string): number {
  const rest = line.slice(line.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state), so field n is rest[n - 3].
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unexpected /proc stat line: ${line.slice(0, 80)}`);
  return utime + stime;
}

/** Picks the best clock this runtime offers for the calling thread (call it in the thread you measure). */
export function threadCpuClock(deps: CpuClockDeps = defaultDeps()): CpuClock {
  if (deps.threadCpuUsage) {
    const f = deps.threadCpuUsage;
    try {
      f();
      return { scope: 'thread', source: 'threadCpuUsage', readMicros: () => sum(f()) };
    } catch {
      // fall through: some platforms ship the function but not RUSAGE_THREAD
    }
  }
  if (deps.platform === 'linux') {
    try {
      const ns = Number(deps.readFile('/proc/thread-self/schedstat').split(' ')[0]);
      if (Number.isFinite(ns)) {
        return { scope: 'thread', source: 'proc-schedstat', readMicros: () => Number(deps.readFile('/proc/thread-self/schedstat').split(' ')[0]) / 1000 };
      }
    } catch {
      // kernels without CONFIG_SCHED_INFO have no schedstat; stat is always there
    }
    try {
      parseProcStatTicks(deps.readFile('/proc/thread-self/stat'));
      return { scope: 'thread', source: 'proc-stat', readMicros: () => (parseProcStatTicks(deps.readFile('/proc/thread-self/stat')) * 1_000_000) / USER_HZ };
    } catch {
      // /proc not mounted (some sandboxes): fall back below
    }
  }
  return { scope: 'process', source: 'process.cpuUsage', readMicros: () => sum(deps.processCpuUsage()) };
}

function sum(u: { user: number; system: number }): number {
  return u.user + u.system;
}
