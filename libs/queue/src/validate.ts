import { JOB_NAMES, JobPayloadSchemas, type JobName } from '@meridian/domain';
import { CronExpressionParser } from 'cron-parser';
import { JobPayloadError, QueueUsageError, type EnqueueOptions, type ScheduleSpec } from './types';

export const PRIORITY_LIMIT = 2_097_152;
export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF = { type: 'exponential', delayMs: 1000 } as const;

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as string[]).includes(name);
}

export function assertJobName(name: string): asserts name is JobName {
  if (!isJobName(name)) throw new QueueUsageError(`Unknown job name "${name}". Known: ${JOB_NAMES.join(', ')} (add new ones in libs/domain/src/jobs.ts).`);
}

/** Validates with the domain schema; returns the parsed payload (defaults applied). */
export function parsePayload(name: string, payload: unknown): unknown {
  assertJobName(name);
  const result = JobPayloadSchemas[name].safeParse(payload);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(payload)'}: ${i.message}`).join('; ');
    throw new JobPayloadError(`Invalid payload for job "${name}": ${issues}`);
  }
  return result.data;
}

/** The same id rules for both backends (BullMQ's): not an integer, no ':' (reserved for schedules). */
export function checkEnqueueOptions(opts: EnqueueOptions): void {
  if (opts.jobId !== undefined) {
    if (!opts.jobId || opts.jobId.length > 200) throw new QueueUsageError('jobId must be a non-empty string of at most 200 characters.');
    if (`${parseInt(opts.jobId, 10)}` === opts.jobId) throw new QueueUsageError(`jobId "${opts.jobId}" must not be an integer (those are generated ids); prefix it, e.g. "export-${opts.jobId}".`);
    if (opts.jobId.includes(':')) throw new QueueUsageError(`jobId "${opts.jobId}" must not contain ":" (reserved for schedules); use "-" or "_".`);
  }
  if (opts.delayMs !== undefined && (!Number.isFinite(opts.delayMs) || opts.delayMs < 0)) throw new QueueUsageError(`delayMs must be a number >= 0, got ${opts.delayMs}.`);
  if (opts.attempts !== undefined && (!Number.isInteger(opts.attempts) || opts.attempts < 1)) throw new QueueUsageError(`attempts must be an integer >= 1, got ${opts.attempts}.`);
  if (opts.backoff && (!Number.isFinite(opts.backoff.delayMs) || opts.backoff.delayMs < 0 || !['fixed', 'exponential'].includes(opts.backoff.type))) {
    throw new QueueUsageError('backoff must be { type: "fixed" | "exponential", delayMs: number >= 0 }.');
  }
  if (opts.priority !== undefined && (!Number.isInteger(opts.priority) || opts.priority < 0 || opts.priority > PRIORITY_LIMIT)) {
    throw new QueueUsageError(`priority must be an integer between 0 and ${PRIORITY_LIMIT}, got ${opts.priority}.`);
  }
}

export function checkSchedule(id: string, spec: ScheduleSpec): void {
  if (!id || id.includes(':')) throw new QueueUsageError(`Schedule id "${id}" must be a non-empty string without ":".`);
  if ('everyMs' in spec) {
    if (!Number.isInteger(spec.everyMs) || spec.everyMs < 1) throw new QueueUsageError(`everyMs must be a positive integer, got ${spec.everyMs}.`);
    return;
  }
  try {
    CronExpressionParser.parse(spec.cron, { tz: spec.tz, strict: false }).next();
  } catch (err) {
    throw new QueueUsageError(`Schedule "${id}": cron "${spec.cron}"${spec.tz ? ` in ${spec.tz}` : ''} is not valid: ${(err as Error).message}`);
  }
}

export function nextCronTime(spec: { cron: string; tz?: string }, after: number): number {
  return CronExpressionParser.parse(spec.cron, { tz: spec.tz, currentDate: new Date(after) }).next().getTime();
}

/** BullMQ's formulas, so both backends wait the same. attemptsMade counts the failed tries so far. */
export function backoffDelay(backoff: { type: 'fixed' | 'exponential'; delayMs: number }, attemptsMade: number): number {
  return backoff.type === 'fixed' ? backoff.delayMs : Math.round(Math.pow(2, attemptsMade - 1) * backoff.delayMs);
}
