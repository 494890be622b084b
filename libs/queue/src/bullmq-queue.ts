// BullMQ on Redis: the distributed backend (any number of worker processes, persistence, locks).
import { DelayedError, Job as BullJob, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import type { JobName, JobPayload } from '@meridian/domain';
import { RedisEventChannel } from './events';
import { BACKEND, ShutdownAbort, type Consumer, type ProcessFn, type QueueBackend } from './backend';
import { PermanentJobError, QueueUnavailableError, type EnqueueOptions, type JobInspection, type JobQueue, type JobState, type ScheduleSpec } from './types';
import { assertJobName, checkEnqueueOptions, checkSchedule, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF, parsePayload } from './validate';

export interface BullQueueOptions {
  redisUrl: string;
  prefix: string;
  queueName: string;
}

const KEEP = { completed: { age: 7 * 24 * 3600, count: 1000 }, failed: { age: 30 * 24 * 3600, count: 5000 } };

/** host:port of a Redis URL, never its password. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return '(unparseable REDIS_URL)';
  }
}

export class BullQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly connection: Redis;
  private readonly queue: Queue;
  private readonly where: string;
  private readonly consumers = new Set<BullConsumer>();
  private closing?: Promise<void>;
  /** Redis pub/sub under the same prefix: workers publish run events, every API instance hears them. */
  readonly events: RedisEventChannel;

  constructor(private readonly opts: BullQueueOptions) {
    this.where = describeRedisUrl(opts.redisUrl);
    // Producers should fail fast when Redis is gone rather than queue commands forever.
    this.connection = new IORedis(opts.redisUrl, { maxRetriesPerRequest: 3, connectTimeout: 5_000 });
    this.connection.on('error', () => undefined); // surfaced through ping() and the failing call instead
    this.queue = new Queue(opts.queueName, { connection: this.connection, prefix: opts.prefix });
    this.queue.on('error', () => undefined);
    this.events = new RedisEventChannel(opts.redisUrl, opts.prefix);
  }

  readonly [BACKEND]: QueueBackend = {
    consume: async (process, concurrency) => {
      const consumer = new BullConsumer(this.opts, process, concurrency);
      this.consumers.add(consumer);
      await consumer.start();
      return consumer;
    },
  };

  async add<N extends JobName>(name: N, payload: JobPayload<N>, opts: EnqueueOptions = {}): Promise<{ id: string }> {
    parsePayload(name, payload);
    checkEnqueueOptions(opts);
    const backoff = opts.backoff ?? DEFAULT_BACKOFF;
    const job = await this.queue.add(name, payload, {
      jobId: opts.jobId,
      delay: opts.delayMs,
      attempts: opts.attempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: backoff.type, delay: backoff.delayMs },
      priority: opts.priority || undefined,
      removeOnComplete: KEEP.completed,
      removeOnFail: KEEP.failed,
    });
    return { id: job.id! };
  }

  async upsertSchedule(id: string, spec: ScheduleSpec, job: { name: JobName; payload: unknown }): Promise<void> {
    checkSchedule(id, spec);
    assertJobName(job.name);
    parsePayload(job.name, job.payload);
    await this.queue.upsertJobScheduler(id, 'everyMs' in spec ? { every: spec.everyMs } : { pattern: spec.cron, tz: spec.tz }, {
      name: job.name,
      data: job.payload,
      opts: {
        attempts: DEFAULT_ATTEMPTS,
        backoff: { type: DEFAULT_BACKOFF.type, delay: DEFAULT_BACKOFF.delayMs },
        removeOnComplete: KEEP.completed,
        removeOnFail: KEEP.failed,
      },
    });
  }

  async removeSchedule(id: string): Promise<void> {
    await this.queue.removeJobScheduler(id);
  }

  async getJobState(id: string): Promise<JobState> {
    const state = await this.queue.getJobState(id);
    switch (state) {
      case 'completed':
      case 'failed':
      case 'delayed':
      case 'active':
      case 'waiting':
        return state;
      case 'prioritized':
      case 'waiting-children':
        return 'waiting';
      default:
        return 'unknown';
    }
  }

  async inspect(id: string): Promise<JobInspection | null> {
    const job = await BullJob.fromId(this.queue, id);
    if (!job) return null;
    const [state, locked] = await Promise.all([this.getJobState(id), this.connection.exists(`${this.queue.toKey(id)}:lock`)]);
    return {
      state,
      held: locked === 1,
      name: job.name,
      payload: job.data,
      attemptsMade: job.attemptsMade,
      maxAttempts: job.opts.attempts ?? 1,
      failedReason: job.failedReason || null,
    };
  }

  async discard(id: string): Promise<boolean> {
    try {
      // removeJob checks the lock inside its Lua script: no window for a worker to take it between.
      if ((await this.queue.remove(id)) === 1) return true;
    } catch (err) {
      // A job that does not exist is as good as removed.
      if (!(await BullJob.fromId(this.queue, id))) return true;
      throw err;
    }
    return !(await BullJob.fromId(this.queue, id));
  }

  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.connection.ping(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no answer within 3 s')), 3_000))),
      ]);
    } catch (err) {
      throw new QueueUnavailableError(`Redis at ${this.where} does not answer: ${(err as Error).message}. Check REDIS_URL and that Redis runs.`);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const c of this.consumers) await c.close(5_000);
      await this.events.close();
      await this.queue.close().catch(() => undefined);
      await this.connection.quit().catch(() => this.connection.disconnect());
    })();
    return this.closing;
  }
}

class BullConsumer implements Consumer {
  private readonly active = new Map<string, AbortController>();
  private worker?: Worker;
  private connection?: Redis;
  private closing?: Promise<void>;

  constructor(
    private readonly opts: BullQueueOptions,
    private readonly process: ProcessFn,
    private readonly concurrency: number,
  ) {}

  async start() {
    // Workers block on Redis: BullMQ requires maxRetriesPerRequest null on their connection.
    this.connection = new IORedis(this.opts.redisUrl, { maxRetriesPerRequest: null });
    this.connection.on('error', () => undefined);
    this.worker = new Worker(this.opts.queueName, (job, token) => this.handle(job, token), {
      connection: this.connection,
      prefix: this.opts.prefix,
      concurrency: this.concurrency,
      autorun: false,
    });
    this.worker.on('error', () => undefined);
    void this.worker.run();
    await this.worker.waitUntilReady();
  }

  private async handle(job: Job, token: string | undefined): Promise<unknown> {
    const ac = new AbortController();
    const id = job.id!;
    this.active.set(id, ac);
    try {
      return await this.process({
        id,
        name: job.name,
        payload: job.data,
        attempt: job.attemptsMade + 1,
        maxAttempts: job.opts.attempts ?? 1,
        signal: ac.signal,
        updateProgress: (p) => job.updateProgress(p),
        log: (msg) => void job.log(msg).catch(() => undefined),
      });
    } catch (err) {
      if (ac.signal.aborted) {
        // Released on shutdown: back to the queue now, without counting the attempt.
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      if (err instanceof PermanentJobError) throw new UnrecoverableError(`${err.name}: ${err.message}`);
      throw err;
    } finally {
      this.active.delete(id);
    }
  }

  close(timeoutMs: number): Promise<void> {
    this.closing ??= (async () => {
      const worker = this.worker;
      if (!worker) return;
      const closed = worker.close();
      if (!(await settlesWithin(closed, timeoutMs))) {
        for (const ac of this.active.values()) ac.abort(new ShutdownAbort());
        // Handlers that honour the signal release their job at once; one that ignores it keeps its
        // lock until it expires, and BullMQ's stalled-job check puts it back (lockDuration, 30 s).
        if (!(await settlesWithin(closed, 5_000))) await worker.close(true);
      }
      await this.connection?.quit().catch(() => this.connection?.disconnect());
    })();
    return this.closing;
  }
}

async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const ok = await Promise.race([p.then(() => true, () => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
  clearTimeout(timer);
  return ok;
}
