// One contract, two queues: every test here runs on BullMQ (real Redis, unique prefix) and on the
// in-process queue. Code above the adapter relies on exactly these behaviours.
import { Queue } from 'bullmq';
import { JobName, type JobName as JobNameT } from '@meridian/domain';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sleep, waitFor } from '../test/wait';
import {
  createQueue,
  createRunner,
  createTestQueue,
  JobPayloadError,
  PermanentJobError,
  QueueUnavailableError,
  QueueUsageError,
  redisReachable,
  testQueueMode,
  type JobContext,
  type JobFailedEvent,
  type JobHandler,
  type JobQueue,
  type JobRunner,
  type TestQueue,
} from './index';
import { MemoryQueue } from './memory-queue';

const mode = testQueueMode();
const redisUp = await redisReachable();
if (!redisUp && mode === 'bullmq') throw new Error('Redis at 127.0.0.1:6379 is not reachable: the BullMQ contract tests need it (CI). Start Redis.');
if (!redisUp) console.warn('[queue tests] Redis at 127.0.0.1:6379 is not reachable: the contract runs on the in-process queue only.');
const kinds = (mode === 'memory' ? ['memory'] : redisUp ? ['bullmq', 'memory'] : ['memory']) as Array<'bullmq' | 'memory'>;

const P = JobName.ProjectExport;
const payload = (n = 1) => ({ jobRecordId: `rec-${n}`, organizationId: 'org-1', projectId: `p-${n}` });
type Payload = ReturnType<typeof payload>;

describe.each(kinds)('JobQueue contract on %s', (kind) => {
  let tq: TestQueue;
  let queue: JobQueue;
  let runners: JobRunner[] = [];

  beforeAll(() => undefined);
  afterEach(async () => {
    for (const r of runners) await r.close({ timeoutMs: 2_000 });
    runners = [];
    await tq?.close();
  });

  async function setup() {
    tq = await createTestQueue(kind);
    queue = tq.queue;
    expect(queue.kind).toBe(kind);
    return queue;
  }

  async function run(handler: JobHandler<Payload>, concurrency = 1, onFailed?: (e: JobFailedEvent) => void) {
    const r = createRunner(queue, new Map<JobNameT, JobHandler>([[P, handler as JobHandler]]), { concurrency, onFailed });
    runners.push(r);
    await r.start();
    return r;
  }

  it('delivers a validated payload once and reports the job completed', async () => {
    await setup();
    const seen: JobContext<Payload>[] = [];
    await run(async (ctx) => {
      seen.push(ctx);
      await ctx.updateProgress(50);
      ctx.log('halfway');
      return { ok: true };
    });
    const { id } = await queue.add(P, payload(), { jobId: 'export-one' });
    expect(id).toBe('export-one');
    await waitFor(async () => (await queue.getJobState(id)) === 'completed', 'completion');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ id, name: P, payload: payload(), attempt: 1, maxAttempts: 3 });
    expect(seen[0].signal.aborted).toBe(false);
    expect(await queue.getJobState('never-added')).toBe('unknown');
    await queue.ping();
  });

  it('rejects bad payloads, unknown names and unusable options on add, saying what is wrong', async () => {
    await setup();
    await expect(queue.add(P, { organizationId: 'o', projectId: 'p' } as unknown as Payload)).rejects.toThrow(JobPayloadError);
    await expect(queue.add(P, { organizationId: 'o', projectId: 'p' } as unknown as Payload)).rejects.toThrow(/jobRecordId/);
    await expect(queue.add('no.such.job' as typeof P, payload())).rejects.toThrow(QueueUsageError);
    await expect(queue.add(P, payload(), { jobId: '42' })).rejects.toThrow(/integer/);
    await expect(queue.add(P, payload(), { jobId: 'a:b' })).rejects.toThrow(/":"/);
    await expect(queue.add(P, payload(), { attempts: 0 })).rejects.toThrow(/attempts/);
  });

  it('treats a duplicate jobId as a no-op, also after completion', async () => {
    await setup();
    let runs = 0;
    const a = await queue.add(P, payload(1), { jobId: 'dup-1' });
    const b = await queue.add(P, payload(2), { jobId: 'dup-1' });
    expect(a.id).toBe(b.id);
    await run(async () => void runs++);
    await waitFor(async () => (await queue.getJobState('dup-1')) === 'completed', 'completion');
    await queue.add(P, payload(3), { jobId: 'dup-1' });
    await sleep(300);
    expect(runs).toBe(1);
  });

  it('retries with fixed backoff and reports each failure, then succeeds', async () => {
    await setup();
    const attempts: number[] = [];
    const events: JobFailedEvent[] = [];
    const times: number[] = [];
    await run(
      async (ctx) => {
        attempts.push(ctx.attempt);
        times.push(Date.now());
        if (ctx.attempt < 3) throw new Error(`flaky ${ctx.attempt}`);
        return 'done';
      },
      1,
      (e) => events.push(e),
    );
    const { id } = await queue.add(P, payload(), { attempts: 3, backoff: { type: 'fixed', delayMs: 150 } });
    await waitFor(async () => (await queue.getJobState(id)) === 'completed', 'completion');
    expect(attempts).toEqual([1, 2, 3]);
    expect(events.map((e) => [e.attempt, e.final, e.error.message])).toEqual([
      [1, false, 'flaky 1'],
      [2, false, 'flaky 2'],
    ]);
    // A lower bound only: the retry must not come before its backoff.
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(140);
  });

  it('backs off exponentially and fails for good after the last attempt', async () => {
    await setup();
    const times: number[] = [];
    const events: JobFailedEvent[] = [];
    await run(
      async () => {
        times.push(Date.now());
        throw new Error('always');
      },
      1,
      (e) => events.push(e),
    );
    const { id } = await queue.add(P, payload(), { attempts: 3, backoff: { type: 'exponential', delayMs: 100 } });
    await waitFor(async () => (await queue.getJobState(id)) === 'failed', 'failure');
    expect(times).toHaveLength(3);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(90);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(190);
    expect(events.map((e) => e.final)).toEqual([false, false, true]);
  });

  it('does not retry a PermanentJobError', async () => {
    await setup();
    let runs = 0;
    const events: JobFailedEvent[] = [];
    await run(
      async () => {
        runs++;
        throw new PermanentJobError('project is gone');
      },
      1,
      (e) => events.push(e),
    );
    const { id } = await queue.add(P, payload(), { attempts: 5 });
    await waitFor(async () => (await queue.getJobState(id)) === 'failed', 'failure');
    await sleep(200);
    expect(runs).toBe(1);
    expect(events).toMatchObject([{ final: true, attempt: 1 }]);
  });

  it('fails a job whose stored payload is invalid without calling the handler or retrying', async () => {
    await setup();
    let runs = 0;
    const events: JobFailedEvent[] = [];
    await run(async () => void runs++, 1, (e) => events.push(e));
    // Producers validate; this simulates an old or foreign producer writing straight to the store.
    const bad = { organizationId: 42 };
    if (kind === 'bullmq') {
      const raw = new Queue('jobs', { connection: { url: tq.redisUrl }, prefix: tq.prefix });
      await raw.add(P, bad, { jobId: 'bad-payload', attempts: 3 });
      await raw.close();
    } else {
      (queue as unknown as { enqueue(n: string, p: unknown, o: object): string }).enqueue(P, bad, { jobId: 'bad-payload', attempts: 3 });
    }
    await waitFor(async () => (await queue.getJobState('bad-payload')) === 'failed', 'failure');
    expect(runs).toBe(0);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ final: true, attempt: 1 });
    expect(events[0].error).toBeInstanceOf(JobPayloadError);
    expect(events[0].error.message).toMatch(/jobRecordId/);
  });

  it('holds a delayed job until its time', async () => {
    await setup();
    let ranAt = 0;
    await run(async () => void (ranAt = Date.now()));
    const addedAt = Date.now();
    const { id } = await queue.add(P, payload(), { delayMs: 400 });
    expect(await queue.getJobState(id)).toBe('delayed');
    await waitFor(async () => (await queue.getJobState(id)) === 'completed', 'completion');
    expect(ranAt - addedAt).toBeGreaterThanOrEqual(390);
  });

  it('takes unprioritised jobs first, then by priority (1 highest)', async () => {
    await setup();
    await queue.add(P, payload(1), { jobId: 'p-none', priority: 0 });
    await queue.add(P, payload(2), { jobId: 'p-low', priority: 10 });
    await queue.add(P, payload(3), { jobId: 'p-high', priority: 1 });
    const order: string[] = [];
    await run(async (ctx) => void order.push(ctx.id));
    await waitFor(() => order.length === 3, 'three jobs');
    expect(order).toEqual(['p-none', 'p-high', 'p-low']);
  });

  it('runs at most `concurrency` jobs at once', async () => {
    await setup();
    let inFlight = 0;
    let peak = 0;
    let done = 0;
    for (let i = 0; i < 5; i++) await queue.add(P, payload(i));
    await run(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(150);
      inFlight--;
      done++;
    }, 2);
    await waitFor(() => done === 5, 'five jobs');
    expect(peak).toBe(2);
  });

  it('repeats every N ms from a schedule, upserts idempotently, and stops when removed', async () => {
    await setup();
    let runs = 0;
    await run(async () => void runs++);
    await queue.upsertSchedule('tick', { everyMs: 200 }, { name: P, payload: payload() });
    await queue.upsertSchedule('tick', { everyMs: 200 }, { name: P, payload: payload() });
    await waitFor(() => runs >= 3, 'three runs');
    await queue.removeSchedule('tick');
    // An iteration already queued may still run; after that, nothing (every 200 ms would show).
    await sleep(800);
    const after = runs;
    await sleep(800);
    expect(runs).toBe(after);
  });

  it('runs cron schedules in a time zone and rejects a bad cron clearly', async () => {
    await setup();
    const ran: number[] = [];
    await run(async () => void ran.push(Date.now()));
    // Six fields: every second.
    await queue.upsertSchedule('cron-tz', { cron: '* * * * * *', tz: 'Asia/Kolkata' }, { name: P, payload: payload() });
    await waitFor(() => ran.length >= 2, 'two cron runs', 15_000);
    await queue.removeSchedule('cron-tz');
    await expect(queue.upsertSchedule('bad', { cron: 'every tuesday' }, { name: P, payload: payload() })).rejects.toThrow(QueueUsageError);
    await expect(queue.upsertSchedule('bad', { everyMs: 100 }, { name: P, payload: { nope: 1 } })).rejects.toThrow(JobPayloadError);
  });

  it('on close lets the job in hand finish when it can', async () => {
    await setup();
    let finished = 0;
    const r = await run(async () => {
      await sleep(300);
      finished++;
    });
    const { id } = await queue.add(P, payload());
    await waitFor(async () => (await queue.getJobState(id)) === 'active', 'active');
    await r.close({ timeoutMs: 5_000 });
    expect(finished).toBe(1);
    expect(await queue.getJobState(id)).toBe('completed');
  });

  it('on close past the timeout aborts the job in hand and puts it back, uncounted, for the next runner', async () => {
    await setup();
    const attempts: number[] = [];
    let aborted = false;
    const first = await run(
      (ctx) =>
        new Promise((_, reject) => {
          attempts.push(ctx.attempt);
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            reject(ctx.signal.reason);
          });
        }),
    );
    const { id } = await queue.add(P, payload(), { attempts: 1 });
    await waitFor(async () => (await queue.getJobState(id)) === 'active', 'active');
    await first.close({ timeoutMs: 200 });
    expect(aborted).toBe(true);
    expect(['waiting', 'delayed']).toContain(await queue.getJobState(id));
    await run(async (ctx) => void attempts.push(ctx.attempt));
    await waitFor(async () => (await queue.getJobState(id)) === 'completed', 'completion by the second runner');
    // attempts: 1 allowed only one try, so the released run must not have counted.
    expect(attempts).toEqual([1, 1]);
  });

  it('releases a job whose handler ignores the abort signal, without waiting for it', async () => {
    await setup();
    const attempts: number[] = [];
    let finishStuck: () => void = () => undefined;
    const first = await run(
      (ctx) =>
        new Promise<void>((resolve) => {
          attempts.push(ctx.attempt);
          finishStuck = resolve; // never looks at ctx.signal
        }),
    );
    const { id } = await queue.add(P, payload(), { attempts: 1 });
    await waitFor(async () => (await queue.getJobState(id)) === 'active', 'active');
    await first.close({ timeoutMs: 200 });
    expect(['waiting', 'delayed']).toContain(await queue.getJobState(id));
    finishStuck(); // the abandoned handler finishing late changes nothing
    await run(async (ctx) => void attempts.push(ctx.attempt));
    await waitFor(async () => (await queue.getJobState(id)) === 'completed', 'completion by the second runner');
    expect(attempts).toEqual([1, 1]);
  });

  it('fails a job that this runner has no handler for, naming it', async () => {
    await setup();
    const events: JobFailedEvent[] = [];
    const r = createRunner(queue, new Map(), { concurrency: 1, onFailed: (e) => void events.push(e) });
    runners.push(r);
    await r.start();
    const { id } = await queue.add(P, payload());
    await waitFor(async () => (await queue.getJobState(id)) === 'failed', 'failure');
    expect(events[0].error.message).toMatch(/no handler for job "project.export"/);
  });

  // What the stuck-job sweeper relies on: whether a live runner holds a job, and removing one only when none does.
  it('inspects a job (state, attempts, held by a runner) and discards it only when no runner holds it', async () => {
    await setup();
    expect(await queue.inspect('nope')).toBeNull();
    expect(await queue.discard('nope')).toBe(true);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await run(async () => {
      await gate;
      return 'ok';
    });
    const held = await queue.add(P, payload(1), { jobId: 'held-1', attempts: 4 });
    await waitFor(async () => (await queue.getJobState(held.id)) === 'active', 'active');
    const waiting = await queue.add(P, payload(2), { jobId: 'waiting-1', attempts: 2 });
    expect(await queue.inspect(held.id)).toMatchObject({ state: 'active', held: true, name: P, payload: payload(1), attemptsMade: 0, maxAttempts: 4, failedReason: null });
    expect(await queue.inspect(waiting.id)).toMatchObject({ state: 'waiting', held: false, maxAttempts: 2 });
    expect(await queue.discard(held.id)).toBe(false);
    expect(await queue.discard(waiting.id)).toBe(true);
    expect(await queue.inspect(waiting.id)).toBeNull();
    release();
    await waitFor(async () => (await queue.getJobState(held.id)) === 'completed', 'completion');
    expect(await queue.inspect(held.id)).toMatchObject({ state: 'completed', held: false });
    // The discarded job never ran, and its id can be used again.
    expect((await queue.add(P, payload(2), { jobId: 'waiting-1' })).id).toBe('waiting-1');
    await waitFor(async () => (await queue.getJobState('waiting-1')) === 'completed', 'completion after re-add');
  });

  it('carries events between publishers and subscribers of the queue', async () => {
    await setup();
    const got: unknown[] = [];
    const off = await queue.events.subscribe('run:r1', (m) => got.push(m));
    await queue.events.publish('run:r1', { type: 'status', runId: 'r1' });
    await waitFor(() => got.length === 1, 'event');
    expect(got).toEqual([{ type: 'status', runId: 'r1' }]);
    await off();
  });
});

describe('queue construction', () => {
  it('uses the in-process queue without REDIS_URL', () => {
    const q = createQueue({});
    expect(q).toBeInstanceOf(MemoryQueue);
    return q.close();
  });

  it('names an unreachable Redis in ping, without the password', async () => {
    const q = createQueue({ redisUrl: 'redis://:hunter2@127.0.0.1:1', prefix: 'nope' });
    const err = await q.ping().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueueUnavailableError);
    expect((err as Error).message).toMatch(/127\.0\.0\.1:1/);
    expect((err as Error).message).not.toMatch(/hunter2/);
    await q.close();
  });

  it('refuses a runner with a bad concurrency', () => {
    const q = createQueue({});
    expect(() => createRunner(q, new Map(), { concurrency: 0 })).toThrow(/concurrency/);
    return q.close();
  });
});
