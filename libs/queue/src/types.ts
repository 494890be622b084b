import type { JobName, JobPayload } from '@meridian/domain';
import type { EventChannel } from './events';

export type { JobName, JobPayload };

export interface EnqueueOptions {
  /** Deterministic id: adding a job whose id already exists (waiting, active or retained) is a no-op. */
  jobId?: string;
  delayMs?: number;
  /** Total tries including the first (default 3). */
  attempts?: number;
  /** Wait before a retry (default exponential from 1 s). */
  backoff?: { type: 'fixed' | 'exponential'; delayMs: number };
  /** 1 (highest) .. 2,097,152; jobs without a priority go before prioritised ones (BullMQ's rule). */
  priority?: number;
}

export interface JobContext<P> {
  id: string;
  name: JobName;
  payload: P;
  /** 1-based number of this try. */
  attempt: number;
  /** Tries allowed in total: attempt === maxAttempts means a failure now is final. */
  maxAttempts: number;
  /** Aborted when the runner shuts down and stops waiting for this job (the job is then put back). */
  signal: AbortSignal;
  updateProgress(p: number | object): Promise<void>;
  log(msg: string): void;
}

export type JobHandler<P = unknown> = (ctx: JobContext<P>) => Promise<unknown>;

export type ScheduleSpec = { cron: string; tz?: string } | { everyMs: number };
export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'unknown';

/** What the queue knows about one job, for the stuck-job sweeper. */
export interface JobInspection {
  state: JobState;
  /**
   * A live runner holds the job right now. BullMQ: the job's lock key exists (a worker renews it
   * every 15 s; it expires 30 s after the worker died). Memory queue: the job is active in this process.
   */
  held: boolean;
  name: string;
  payload: unknown;
  /** Failed attempts the queue counted (a worker that died mid-job is not one of them). */
  attemptsMade: number;
  maxAttempts: number;
  failedReason: string | null;
}

export interface JobQueue {
  readonly kind: 'bullmq' | 'memory';
  add<N extends JobName>(name: N, payload: JobPayload<N>, opts?: EnqueueOptions): Promise<{ id: string }>;
  /** Creates or replaces a repeating job. `everyMs` runs once right away, then every N ms; cron runs at its next time. */
  upsertSchedule(id: string, spec: ScheduleSpec, job: { name: JobName; payload: unknown }): Promise<void>;
  removeSchedule(id: string): Promise<void>;
  getJobState(id: string): Promise<JobState>;
  /** null when the queue has no job with this id (never added, removed, or lost with Redis's data). */
  inspect(id: string): Promise<JobInspection | null>;
  /**
   * Removes a job no live runner holds, atomically with that check (BullMQ refuses to remove a
   * locked job), so it can be added again. False when a runner holds it; true when gone or removed.
   */
  discard(id: string): Promise<boolean>;
  /** Throws QueueUnavailableError when the backing store does not answer. */
  ping(): Promise<void>;
  /**
   * Live broadcast between the processes sharing this queue (Redis pub/sub for BullMQ, in-process
   * for the memory queue): best effort, for things also stored elsewhere (run metrics and status).
   */
  readonly events: EventChannel;
  close(): Promise<void>;
}

export interface JobRunner {
  start(): Promise<void>;
  /** Stops taking jobs, waits up to timeoutMs (default 30 s) for jobs in hand, then aborts them and puts them back. */
  close(opts?: { timeoutMs?: number }): Promise<void>;
}

export interface RunnerLogger {
  info(msg: string, meta?: object): void;
  warn(msg: string, meta?: object): void;
  error(msg: string, meta?: object): void;
}

export interface JobFailedEvent {
  id: string;
  name: string;
  /** The payload as stored (it may be the invalid payload that caused the failure). */
  payload: unknown;
  attempt: number;
  maxAttempts: number;
  /** True when no retry follows (last attempt, invalid payload, or a PermanentJobError). */
  final: boolean;
  error: Error;
}

export interface RunnerOptions {
  concurrency: number;
  logger?: RunnerLogger;
  /** Called after every failed attempt, before the queue schedules the retry or marks the job failed. */
  onFailed?(event: JobFailedEvent): void | Promise<void>;
}

/** Thrown by a handler when retrying cannot help (bad reference, forbidden, ...): the job fails now. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/** The payload does not match the job's schema in @meridian/domain. Never retried. */
export class JobPayloadError extends PermanentJobError {
  override name = 'JobPayloadError';
}

export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
}

/** Bad arguments to add/upsertSchedule (unknown job name, bad id, bad cron...). */
export class QueueUsageError extends Error {
  override name = 'QueueUsageError';
}
