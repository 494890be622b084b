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

export class JobRecordTracker {
  constructor(private readonly db: Database) {}

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
      await prisma.jobRecord.update({
        where: { id: recordId },
        data: { status: 'RUNNING', attempts: ctx.attempt, startedAt: record.startedAt ?? new Date(), error: null },
      });
      const tracked: JobContext<unknown> = {
        ...ctx,
        updateProgress: async (p) => {
          await ctx.updateProgress(p);
          const pct = percentOf(p);
          if (pct !== null) await prisma.jobRecord.update({ where: { id: recordId }, data: { progress: pct } });
        },
      };
      const result = await handler(tracked);
      await prisma.jobRecord.update({
        where: { id: recordId },
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
