import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInWorkerThread } from '../../worker-thread';
import { parseProcStatTicks, threadCpuClock, type CpuClockDeps } from './thread-cpu';

const fixture = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'thread-cpu.ts');
const linux = process.platform === 'linux';

describe('threadCpuClock', () => {
  // Two threads over the same span: one spins, one sleeps. Each reads its own clock. A process-wide
  // clock would show the spinner's CPU in the sleeper too; the sleeper must show (almost) none.
  // No wall-clock bound: the spinner stops on CPU time, so a loaded machine only makes it slower.
  it.runIf(linux)('counts the calling thread only: a spinning thread sees its CPU, a sleeping one next to it sees none', async () => {
    const flag = new SharedArrayBuffer(4);
    let ready!: () => void;
    const isReady = new Promise<void>((r) => (ready = r));
    const idle = runInWorkerThread<object, { scope: string; source: string; threadMs: number }>(fixture, { role: 'idle', flag }, { onMessage: () => ready() });
    await isReady;
    const busy = await runInWorkerThread<object, { scope: string; source: string; threadMs: number; processMs: number }>(fixture, { role: 'busy', flag, spinCpuMs: 400 });
    const idleOut = await idle;

    expect(busy.scope).toBe('thread');
    expect(busy.source).toMatch(/^(threadCpuUsage|proc-schedstat|proc-stat)$/);
    expect(busy.processMs).toBeGreaterThanOrEqual(400);
    // The spinner was the only thread working, so its own clock holds nearly all the process's CPU
    // over that span (GC helper threads and the idle thread's wake-up make the rest)...
    expect(busy.threadMs).toBeGreaterThan(busy.processMs * 0.7);
    expect(busy.threadMs).toBeLessThanOrEqual(busy.processMs + 20);
    // ...and the sleeper's clock moved by a tiny fraction of that (the whole 400+ ms if it were process-wide).
    expect(idleOut.scope).toBe('thread');
    expect(idleOut.threadMs).toBeLessThan(Math.max(40, busy.threadMs * 0.1));
  });

  it('reads utime + stime from a stat line whose command name has spaces and parentheses', () => {
    const line = '4242 (node (worker) x) R 1 2 3 4 5 6 7 8 9 10 150 25 0 0 20 0 7 0 45702 3133440';
    expect(parseProcStatTicks(line)).toBe(175);
    expect(() => parseProcStatTicks('garbage')).toThrow(/unexpected \/proc stat line/);
  });

  const deps = (over: Partial<CpuClockDeps>): CpuClockDeps => ({
    platform: 'linux',
    readFile: () => {
      throw new Error('ENOENT');
    },
    processCpuUsage: () => ({ user: 5_000, system: 1_000 }),
    ...over,
  });

  it('prefers process.threadCpuUsage, then schedstat (ns), then stat (ticks), else says the figure is process-wide', () => {
    const a = threadCpuClock(deps({ threadCpuUsage: () => ({ user: 700, system: 300 }) }));
    expect([a.scope, a.source, a.readMicros()]).toEqual(['thread', 'threadCpuUsage', 1000]);
    const b = threadCpuClock(deps({ readFile: (p) => (p.endsWith('schedstat') ? '2500000 0 1\n' : '') }));
    expect([b.scope, b.source, b.readMicros()]).toEqual(['thread', 'proc-schedstat', 2500]);
    const c = threadCpuClock(deps({ readFile: (p) => { if (p.endsWith('schedstat')) throw new Error('ENOENT'); return '1 (n) R 1 2 3 4 5 6 7 8 9 10 3 2 0'; } }));
    expect([c.scope, c.source, c.readMicros()]).toEqual(['thread', 'proc-stat', 50_000]);
    const d = threadCpuClock(deps({ platform: 'darwin' }));
    expect([d.scope, d.source, d.readMicros()]).toEqual(['process', 'process.cpuUsage', 6000]);
  });
});
