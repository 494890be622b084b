// The in-process queue for embedded mode: BullMQ's contract (ids, retries with backoff, delays,
// priorities, schedules, concurrency, release on shutdown) without Redis. State lives in memory,
// so jobs do not survive a restart; that is the embedded tier's trade-off (see README).
import { randomUUID } from 'node:crypto';
import type { JobName, JobPayload } from '@meridian/domain';
import { MemoryEventChannel } from './events';
import { BACKEND, ShutdownAbort, type Consumer, type ProcessFn, type QueueBackend } from './backend';
import { PermanentJobError, type EnqueueOptions, type JobInspection, type JobQueue, type JobState, type ScheduleSpec } from './types';
import { assertJobName, backoffDelay, checkEnqueueOptions, checkSchedule, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF, nextCronTime, parsePayload } from './validate';

interface MemJob {
  id: string;
  name: string;
  payload: unknown;
  state: 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';
  availableAt: number;
  priority: number;
  seq: number;
  attemptsMade: number;
  maxAttempts: number;
  backoff: { type: 'fixed' | 'exponential'; delayMs: number };
  progress: number | object;
  logs: string[];
  result?: unknown;
  error?: string;
  finishedAt?: number;
}

interface Schedule {
  key: string;
  timer?: NodeJS.Timeout;
}

const RETAIN = 1000;

export class MemoryQueue implements JobQueue {
  readonly kind = 'memory' as const;
  /** API and processors share this queue object in embedded mode, so they share this channel too. */
  readonly events = new MemoryEventChannel();
  private readonly jobs = new Map<string, MemJob>();
  private readonly schedules = new Map<string, Schedule>();
  private readonly consumers = new Set<MemConsumer>();
  private seq = 0;
  private wakeTimer?: NodeJS.Timeout;
  private wakeAt = Infinity;
  private closed = false;

  readonly [BACKEND]: QueueBackend = {
    consume: async (process, concurrency) => {
      this.assertOpen();
      const consumer = new MemConsumer(this, process, concurrency);
      this.consumers.add(consumer);
      this.pump();
      return consumer;
    },
  };

  async add<N extends JobName>(name: N, payload: JobPayload<N>, opts: EnqueueOptions = {}): Promise<{ id: string }> {
    this.assertOpen();
    parsePayload(name, payload);
    checkEnqueueOptions(opts);
    return { id: this.enqueue(name, payload, opts) };
  }

  private enqueue(name: string, payload: unknown, opts: EnqueueOptions): string {
    const id = opts.jobId ?? randomUUID();
    if (this.jobs.has(id)) return id;
    const now = Date.now();
    const delay = opts.delayMs ?? 0;
    this.jobs.set(id, {
      id,
      name,
      payload: structuredClone(payload),
      state: delay > 0 ? 'delayed' : 'waiting',
      availableAt: now + delay,
      priority: opts.priority ?? 0,
      seq: this.seq++,
      attemptsMade: 0,
      maxAttempts: opts.attempts ?? DEFAULT_ATTEMPTS,
      backoff: opts.backoff ?? DEFAULT_BACKOFF,
      progress: 0,
      logs: [],
    });
    this.pump();
    return id;
  }

  async upsertSchedule(id: string, spec: ScheduleSpec, job: { name: JobName; payload: unknown }): Promise<void> {
    this.assertOpen();
    checkSchedule(id, spec);
    assertJobName(job.name);
    parsePayload(job.name, job.payload);
    const key = JSON.stringify([spec, job]);
    const existing = this.schedules.get(id);
    if (existing?.key === key) return;
    if (existing?.timer) clearTimeout(existing.timer);
    const schedule: Schedule = { key };
    this.schedules.set(id, schedule);
    const fire = (at: number) => {
      if (this.schedules.get(id) !== schedule || this.closed) return;
      this.enqueue(job.name, job.payload, { jobId: `repeat:${id}:${at}` });
      arm(next(at));
    };
    const next = (after: number) => ('everyMs' in spec ? after + spec.everyMs : nextCronTime(spec, after));
    const arm = (at: number) => {
      schedule.timer = setTimeout(() => fire(at), Math.max(0, at - Date.now()));
      schedule.timer.unref();
    };
    // BullMQ's rule: an `every` schedule runs right away, a cron one at its next time.
    if ('everyMs' in spec) fire(Date.now());
    else arm(next(Date.now()));
  }

  async removeSchedule(id: string): Promise<void> {
    const s = this.schedules.get(id);
    if (s?.timer) clearTimeout(s.timer);
    this.schedules.delete(id);
  }

  async getJobState(id: string): Promise<JobState> {
    const job = this.jobs.get(id);
    if (!job) return 'unknown';
    if (job.state === 'delayed' && job.availableAt <= Date.now()) return 'waiting';
    return job.state;
  }

  async inspect(id: string): Promise<JobInspection | null> {
    const job = this.jobs.get(id);
    if (!job) return null;
    return {
      state: await this.getJobState(id),
      held: job.state === 'active',
      name: job.name,
      payload: job.payload,
      attemptsMade: job.attemptsMade,
      maxAttempts: job.maxAttempts,
      failedReason: job.error ?? null,
    };
  }

  async discard(id: string): Promise<boolean> {
    const job = this.jobs.get(id);
    if (job?.state === 'active') return false;
    this.jobs.delete(id);
    return true;
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    for (const c of [...this.consumers]) await c.close(5_000);
    this.closed = true;
    await this.events.close();
    for (const s of this.schedules.values()) if (s.timer) clearTimeout(s.timer);
    this.schedules.clear();
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
  }

  private assertOpen() {
    if (this.closed) throw new Error('This queue is closed.');
  }

  /** Hands ready jobs to consumers with free slots, and arms a timer for the next delayed one. */
  pump(): void {
    if (this.closed) return;
    const now = Date.now();
    let nextAt = Infinity;
    const ready: MemJob[] = [];
    for (const job of this.jobs.values()) {
      if (job.state === 'waiting' || job.state === 'delayed') {
        if (job.availableAt <= now) ready.push(job);
        else nextAt = Math.min(nextAt, job.availableAt);
      }
    }
    // BullMQ order: jobs without priority first (FIFO), then by priority (1 = highest), then FIFO.
    ready.sort((a, b) => (a.priority === b.priority ? a.seq - b.seq : a.priority === 0 ? -1 : b.priority === 0 ? 1 : a.priority - b.priority));
    for (const consumer of this.consumers) {
      while (ready.length && consumer.hasSlot()) consumer.run(ready.shift()!);
    }
    if (nextAt < this.wakeAt || (this.wakeTimer && nextAt === Infinity)) {
      if (this.wakeTimer) clearTimeout(this.wakeTimer);
      this.wakeTimer = undefined;
      this.wakeAt = nextAt;
      if (nextAt !== Infinity) {
        this.wakeTimer = setTimeout(() => {
          this.wakeTimer = undefined;
          this.wakeAt = Infinity;
          this.pump();
        }, nextAt - now);
        this.wakeTimer.unref();
      }
    }
  }

  removeConsumer(c: MemConsumer) {
    this.consumers.delete(c);
  }

  finish(job: MemJob, outcome: { ok: true; result: unknown } | { ok: false; error: Error }) {
    job.attemptsMade++;
    if (outcome.ok) {
      job.state = 'completed';
      job.result = outcome.result;
    } else if (outcome.error instanceof PermanentJobError || job.attemptsMade >= job.maxAttempts) {
      job.state = 'failed';
      job.error = outcome.error.message;
    } else {
      job.state = 'delayed';
      job.availableAt = Date.now() + backoffDelay(job.backoff, job.attemptsMade);
    }
    if (job.state === 'completed' || job.state === 'failed') {
      job.finishedAt = Date.now();
      this.trim(job.state);
    }
  }

  /** Put a job in hand back at the front of the line without counting the try. */
  release(job: MemJob) {
    job.state = 'waiting';
    job.availableAt = Date.now();
  }

  private trim(state: 'completed' | 'failed') {
    const done = [...this.jobs.values()].filter((j) => j.state === state);
    for (const j of done.slice(0, Math.max(0, done.length - RETAIN))) this.jobs.delete(j.id);
  }
}

class MemConsumer implements Consumer {
  private readonly active = new Map<string, { job: MemJob; ac: AbortController; done: Promise<void> }>();
  private closing = false;

  constructor(
    private readonly queue: MemoryQueue,
    private readonly process: ProcessFn,
    private readonly concurrency: number,
  ) {}

  hasSlot() {
    return !this.closing && this.active.size < this.concurrency;
  }

  run(job: MemJob) {
    job.state = 'active';
    const ac = new AbortController();
    const entry = { job, ac, done: Promise.resolve() };
    entry.done = (async () => {
      let outcome: { ok: true; result: unknown } | { ok: false; error: Error };
      try {
        const result = await this.process({
          id: job.id,
          name: job.name,
          payload: structuredClone(job.payload),
          attempt: job.attemptsMade + 1,
          maxAttempts: job.maxAttempts,
          signal: ac.signal,
          updateProgress: async (p) => {
            if (!ac.signal.aborted) job.progress = p;
          },
          log: (msg) => {
            if (job.logs.length < 1000) job.logs.push(msg);
          },
        });
        outcome = { ok: true, result: result === undefined ? null : structuredClone(result) };
      } catch (err) {
        outcome = { ok: false, error: err instanceof Error ? err : new Error(String(err)) };
      }
      // A released job already went back to the queue; whatever its handler did later is void.
      if (ac.signal.aborted) return;
      this.active.delete(job.id);
      this.queue.finish(job, outcome);
      queueMicrotask(() => this.queue.pump());
    })();
    this.active.set(job.id, entry);
  }

  async close(timeoutMs: number): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.all([...this.active.values()].map((a) => a.done)).then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      for (const { job, ac } of this.active.values()) {
        ac.abort(new ShutdownAbort());
        this.queue.release(job);
      }
      this.active.clear();
    }
    this.queue.removeConsumer(this);
    this.queue.pump();
  }
}
