// retraining.schedule: one cron slot of a RetrainSchedule, fired by the queue's scheduler (BullMQ
// job schedulers on Redis, the in-process queue when embedded). The database decides: a deleted or
// paused schedule is taken off the queue, a slot already handled is not launched twice.
import { Inject } from '@nestjs/common';
import type { Database } from '@meridian/db';
import { JobName, type JobPayload } from '@meridian/domain';
import type { JobContext, JobQueue } from '@meridian/queue';
import { JobProcessor, type JobProcessorHandler } from '../processor';
import { JOBS_DATABASE, JOBS_QUEUE } from '../tokens';
import { previousCronRun } from './cron';
import { RetrainingLauncher } from './launcher';
import { RetrainScheduler, slotFromJobId, type FireResult } from './schedules';

@JobProcessor(JobName.RetrainingSchedule)
export class RetrainScheduleProcessor implements JobProcessorHandler<typeof JobName.RetrainingSchedule> {
  private readonly scheduler: RetrainScheduler;

  constructor(
    @Inject(JOBS_DATABASE) private readonly db: Database,
    @Inject(JOBS_QUEUE) queue: JobQueue,
    launcher: RetrainingLauncher,
  ) {
    this.scheduler = new RetrainScheduler(db.prisma, queue, launcher);
  }

  async handle(ctx: JobContext<JobPayload<typeof JobName.RetrainingSchedule>>): Promise<FireResult> {
    const { organizationId, scheduleId } = ctx.payload;
    let slot = slotFromJobId(ctx.id, scheduleId);
    if (!slot) {
      // Not a scheduler job (enqueued by hand): the latest slot of the schedule's cron stands for it.
      const s = await this.db.prisma.retrainSchedule.findFirst({ where: { id: scheduleId, organizationId }, select: { cron: true, timezone: true } });
      slot = s ? previousCronRun(s.cron, s.timezone, new Date()) : null;
      if (!slot) return { scheduleId, status: s ? 'NOT_A_SLOT' : 'GONE', slots: [], skippedEventId: null };
    }
    const result = await this.scheduler.fire(organizationId, scheduleId, slot);
    for (const o of result.slots) ctx.log(`slot ${o.slot}: ${o.result.status}${'reason' in o.result ? ` (${o.result.reason})` : ''}`);
    return result;
  }
}
