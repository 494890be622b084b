// Keeps the JobRecord row (what users see: status, progress, result, error) in step with the
// queue, whichever queue runs the job. Payloads that carry a jobRecordId are tracked.
import { Prisma, type Database } from '@meridian/db';
import { PermanentJobError, type JobContext, type JobFailedEvent, type JobHandler } from '@meridian/queue';

function recordIdOf(payload: unknown): string | null {
  const id = (payload as { jobRecordId?: unknown } | null)?.jobRecordId;
  return typeof id === 'string' && id ? id : null;
}

/** Progress is a percentage (0-100); a handler may also report { percent } or other detail objects. */
function percentOf(p: number | object): number | null {
  const v = typeof p === 'number' ? p : (p as { percent?: unknown }).percent;
  return typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.min(100, v)) : null;
}

/** The JobRecord was set to CANCELLED while the job ran: the handler's signal aborts with this. */
export class JobCancelledError extends PermanentJobError {
  override name = 'JobCancelledError';
}

export interface JobRecordTrackerOptions {
  /** How often a running job checks whether its record was cancelled (default 2 s). */
  cancelPollMs?: number;
}

export class JobRecordTracker {
  private readonly cancelPollMs: number;

  constructor(
    private readonly db: Database,
    opts: JobRecordTrackerOptions = {},
  ) {
    this.cancelPollMs = opts.cancelPollMs ?? 2_000;
  }

  wrap(handler: JobHandler): JobHandler {
    return async (ctx: JobContext<unknown>) => {
      const recordId = recordIdOf(ctx.payload);
      if (!recordId) return handler(ctx);
      const prisma = this.db.prisma;
      const record = await prisma.jobRecord.findUnique({ where: { id: recordId }, select: { status: true, result: true, startedAt: true } });
      if (!record) throw new PermanentJobError(`JobRecord ${recordId} does not exist (deleted with its organisation?); nothing to run.`);
      // A redelivered job that already finished (crash after commit, duplicate schedule) is not redone.
      if (record.status === 'SUCCEEDED') return record.result;
      if (record.status === 'CANCELLED') return null;
      // Conditional writes throughout: a record cancelled meanwhile stays CANCELLED.
      const started = await prisma.jobRecord.updateMany({
        where: { id: recordId, status: { notIn: ['SUCCEEDED', 'CANCELLED'] } },
        data: { status: 'RUNNING', attempts: ctx.attempt, startedAt: record.startedAt ?? new Date(), error: null },
      });
      if (started.count === 0) return null;

      // Cancellation reaches the handler through its signal, whichever process runs it: the record
      // in the shared database is the one channel every queue backend has.
      const cancel = new AbortController();
      const poll = setInterval(() => {
        prisma.jobRecord
          .findUnique({ where: { id: recordId }, select: { status: true } })
          .then((r) => {
            if (r?.status === 'CANCELLED') cancel.abort(new JobCancelledError(`Job ${recordId} was cancelled.`));
          })
          .catch(() => undefined);
      }, this.cancelPollMs);
      poll.unref();
      const tracked: JobContext<unknown> = {
        ...ctx,
        signal: AbortSignal.any([ctx.signal, cancel.signal]),
        updateProgress: async (p) => {
          await ctx.updateProgress(p);
          const pct = percentOf(p);
          if (pct !== null) await prisma.jobRecord.updateMany({ where: { id: recordId, status: 'RUNNING' }, data: { progress: pct } });
        },
      };
      let result: unknown;
      try {
        result = await untilAborted(handler(tracked), cancel.signal);
      } catch (err) {
        if (cancel.signal.aborted) {
          await prisma.jobRecord.updateMany({ where: { id: recordId, status: 'CANCELLED', finishedAt: null }, data: { finishedAt: new Date() } });
          throw cancel.signal.reason;
        }
        throw err;
      } finally {
        clearInterval(poll);
      }
      await prisma.jobRecord.updateMany({
        where: { id: recordId, status: 'RUNNING' },
        data: { status: 'SUCCEEDED', progress: 100, result: result === undefined || result === null ? Prisma.DbNull : (result as Prisma.InputJsonValue), finishedAt: new Date(), error: null },
      });
      return result;
    };
  }

  /** Runner onFailed hook: FAILED after the last attempt, back to QUEUED (with the error) before a retry. */
  async onFailed(e: JobFailedEvent): Promise<void> {
    const recordId = recordIdOf(e.payload);
    if (!recordId) return;
    await this.db.prisma.jobRecord.updateMany({
      where: { id: recordId, status: { notIn: ['SUCCEEDED', 'CANCELLED'] } },
      data: e.final
        ? { status: 'FAILED', error: e.error.message.slice(0, 2000), attempts: e.attempt, finishedAt: new Date() }
        : { status: 'QUEUED', error: `attempt ${e.attempt} of ${e.maxAttempts} failed: ${e.error.message}`.slice(0, 2000), attempts: e.attempt },
    });
  }
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}
