import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInWorkerThread, WorkerThreadError } from './worker-thread';

const fixture = join(__dirname, '..', 'test', 'fixtures', 'busy.mjs');

describe('runInWorkerThread', () => {
  it('returns the result and leaves this event loop free while the thread computes', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const messages: unknown[] = [];
    const out = await runInWorkerThread<{ a: number; b: number; ms: number }, { sum: number; spun: boolean }>(fixture, { a: 2, b: 3, ms: 400 }, { onMessage: (m) => messages.push(m) });
    clearInterval(timer);
    expect(out).toEqual({ sum: 5, spun: true });
    expect(messages).toEqual([{ spun: true }]);
    // Had the loop run on this thread, no timer could have fired during the 400 ms spin.
    expect(ticks).toBeGreaterThan(0);
  });

  it('rejects with the error thrown in the thread', async () => {
    await expect(runInWorkerThread(fixture, { fail: true })).rejects.toThrow(WorkerThreadError);
    await expect(runInWorkerThread(fixture, { fail: true })).rejects.toThrow(/failed on purpose/);
  });

  it('stops the thread when the signal aborts', async () => {
    const ac = new AbortController();
    const p = runInWorkerThread(fixture, { a: 1, b: 1, ms: 10_000 }, { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('cancelled by test')), 100);
    await expect(p).rejects.toThrow('cancelled by test');
  });

  it('runs a TypeScript module (development) through tsx', async () => {
    await expect(runInWorkerThread(join(__dirname, '..', 'test', 'fixtures', 'add.ts'), { a: 2, b: 5 })).resolves.toBe(7);
  });

  it('says what is wrong with a bad module path or export', async () => {
    await expect(runInWorkerThread('relative.js', {})).rejects.toThrow(/absolute path/);
    await expect(runInWorkerThread(fixture, {}, { exportName: 'nope' })).rejects.toThrow(/no function export nope/);
  });
});
