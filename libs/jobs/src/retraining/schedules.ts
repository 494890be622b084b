// Retraining schedules between the database (the source of truth) and the queue (what fires):
// syncing a schedule to the queue's cron scheduler, handling a fired slot (with catch-up of the
// slots missed since the last one handled) and catching up at start-up. Used by the
// `retraining.schedule` processor (worker or embedded) and by the API (edits, start-up sync).
import type { PrismaClient } from '@meridian/db';
import { JobName, RETRAIN_CATCH_UP_MAX_RUNS, type RetrainCatchUp } from '@meridian/domain';
import type { JobQueue, RunnerLogger } from '@meridian/queue';
import { nextCronRuns, planCatchUp, previousCronRun } from './cron';
import type { LaunchResult, RetrainingLauncher } from './launcher';

export interface ScheduleRow {
  id: string;
  organizationId: string;
  projectId: string;
  name: string;
  cron: string;
  timezone: string;
  paused: boolean;
  catchUp: RetrainCatchUp;
  templateRunId: string | null;
  datasetId: string | null;
  lastFiredAt: Date | null;
  createdAt: Date;
}

/** The queue's scheduler id of a schedule (queue ids may not contain ':'). */
export const scheduleQueueId = (scheduleId: string) => `retrain-schedule-${scheduleId}`;

/** Dedupe key of one cron slot: a slot launches at most once, however many times it is handled. */
export const slotDedupeKey = (scheduleId: string, slot: Date) => `schedule:${scheduleId}:${slot.toISOString()}`;

/** Puts the schedule's cron on the queue (replacing what was there), or takes it off when paused. */
export async function syncScheduleToQueue(queue: JobQueue, s: Pick<ScheduleRow, 'id' | 'organizationId' | 'cron' | 'timezone' | 'paused'>): Promise<void> {
  if (s.paused) {
    await queue.removeSchedule(scheduleQueueId(s.id));
    return;
  }
  await queue.upsertSchedule(scheduleQueueId(s.id), { cron: s.cron, tz: s.timezone }, { name: JobName.RetrainingSchedule, payload: { organizationId: s.organizationId, scheduleId: s.id } });
}

/** The slot a fired job stands for: both queues name scheduled jobs `repeat:<schedulerId>:<slot ms>`. */
export function slotFromJobId(jobId: string, scheduleId: string): Date | null {
  const m = /^repeat:(.+):(\d+)$/.exec(jobId);
  if (!m || m[1] !== scheduleQueueId(scheduleId)) return null;
  const at = new Date(Number(m[2]));
  return Number.isNaN(at.getTime()) ? null : at;
}

export type SlotOutcome = { slot: string; result: LaunchResult | { status: 'ALREADY_HANDLED' } };

export interface FireResult {
  scheduleId: string;
  status: 'HANDLED' | 'ALREADY_HANDLED' | 'PAUSED' | 'GONE' | 'NOT_A_SLOT';
  slots: SlotOutcome[];
  skippedEventId: string | null;
}

export class RetrainScheduler {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly queue: JobQueue,
    private readonly launcher: RetrainingLauncher,
    private readonly logger?: Pick<RunnerLogger, 'info' | 'warn'>,
  ) {}

  /**
   * A cron slot fired. Slots missed since the last one handled (a worker down, a Redis flush) are
   * first handled by the schedule's catch-up policy, then this slot is launched.
   */
  async fire(organizationId: string, scheduleId: string, slot: Date): Promise<FireResult> {
    const s = await this.prisma.retrainSchedule.findFirst({ where: { id: scheduleId, organizationId } });
    const base = { scheduleId, slots: [], skippedEventId: null };
    if (!s || s.paused) {
      // The queue still had it (deleted or paused while a job was in flight): take it off for good.
      await this.queue.removeSchedule(scheduleQueueId(scheduleId)).catch(() => undefined);
      return { ...base, status: s ? 'PAUSED' : 'GONE' };
    }
    const onCron = previousCronRun(s.cron, s.timezone, slot);
    if (!onCron || onCron.getTime() !== slot.getTime()) {
      // A job of the schedule's previous cron (edited meanwhile): the new cron decides from now on.
      this.logger?.info('retraining schedule: ignored a slot of a previous cron', { scheduleId, slot: slot.toISOString(), cron: s.cron });
      return { ...base, status: 'NOT_A_SLOT' };
    }
    const last = s.lastFiredAt ?? s.createdAt;
    if (slot.getTime() <= last.getTime()) return { ...base, status: 'ALREADY_HANDLED' };
    const missed = await this.catchUpBetween(s, last, new Date(slot.getTime() - 1));
    const outcome = await this.launchSlot(s, slot);
    await this.advance(s.id, slot);
    return { scheduleId, status: 'HANDLED', slots: [...missed.slots, outcome], skippedEventId: missed.skippedEventId };
  }

  /** Start-up: slots missed while no scheduler ran, handled by the schedule's catch-up policy. */
  async catchUp(s: ScheduleRow, now: Date): Promise<{ slots: SlotOutcome[]; skippedEventId: string | null }> {
    if (s.paused) return { slots: [], skippedEventId: null };
    const last = s.lastFiredAt ?? s.createdAt;
    const out = await this.catchUpBetween(s, last, now);
    const latest = previousCronRun(s.cron, s.timezone, now);
    if (latest && latest.getTime() > last.getTime()) await this.advance(s.id, latest);
    return out;
  }

  /**
   * Puts every schedule of the database on the queue (paused ones off it) and catches up missed
   * slots. Run at API start: the in-process queue forgets its schedules on restart, and Redis may
   * have been flushed; the database is the source of truth.
   */
  async syncAll(now: Date = new Date()): Promise<{ synced: number; failed: number; caughtUp: number }> {
    const rows = await this.prisma.retrainSchedule.findMany({ orderBy: { createdAt: 'asc' } });
    let synced = 0;
    let failed = 0;
    let caughtUp = 0;
    for (const s of rows) {
      try {
        await syncScheduleToQueue(this.queue, s);
        synced++;
        const r = await this.catchUp(s, now);
        caughtUp += r.slots.length;
      } catch (e) {
        failed++;
        this.logger?.warn('retraining schedule: could not sync to the queue', { scheduleId: s.id, error: (e as Error).message });
      }
    }
    if (rows.length) this.logger?.info('retraining schedules synced to the queue', { synced, failed, caughtUp });
    return { synced, failed, caughtUp };
  }

  /** Next fire times of a schedule (none while paused). */
  static nextRuns(s: Pick<ScheduleRow, 'cron' | 'timezone' | 'paused'>, now: Date, count = 3): Date[] {
    if (s.paused) return [];
    try {
      return nextCronRuns(s.cron, s.timezone, now, count);
    } catch {
      return [];
    }
  }

  private async catchUpBetween(s: ScheduleRow, last: Date, until: Date): Promise<{ slots: SlotOutcome[]; skippedEventId: string | null }> {
    const plan = planCatchUp(s.cron, s.timezone, s.catchUp, last, until);
    if (plan.missed === 0) return { slots: [], skippedEventId: null };
    let skippedEventId: string | null = null;
    if (plan.skipped) {
      const { count, first, last: lastSkipped, capped } = plan.skipped;
      const rule =
        s.catchUp === 'SKIP'
          ? 'the catch-up policy is SKIP'
          : s.catchUp === 'RUN_ONCE'
            ? 'the catch-up policy RUN_ONCE runs only the most recent one'
            : `the catch-up policy RUN_ALL runs at most the ${RETRAIN_CATCH_UP_MAX_RUNS} most recent`;
      const reason = `Skipped ${capped ? 'at least ' : ''}${count} missed slot${count > 1 ? 's' : ''} (${first ? first.toISOString() : '…'}${count > 1 ? ` to ${lastSkipped.toISOString()}` : ''}) that passed while no scheduler ran: ${rule}.`;
      const r = await this.launcher.recordSkipped(
        { organizationId: s.organizationId, projectId: s.projectId, cause: { kind: 'SCHEDULE', scheduleId: s.id, scheduledFor: lastSkipped.toISOString() }, dedupeKey: `schedule:${s.id}:missed-until:${lastSkipped.toISOString()}` },
        reason,
      );
      skippedEventId = r.eventId;
    }
    const slots: SlotOutcome[] = [];
    for (const slot of plan.launch) slots.push(await this.launchSlot(s, slot));
    return { slots, skippedEventId };
  }

  private async launchSlot(s: ScheduleRow, slot: Date): Promise<SlotOutcome> {
    const dedupeKey = slotDedupeKey(s.id, slot);
    // A slot handled before (a redelivered job, start-up catch-up racing the fire) is not an event.
    const seen = await this.prisma.retrainEvent.findUnique({ where: { projectId_dedupeKey: { projectId: s.projectId, dedupeKey } }, select: { id: true } });
    if (seen) return { slot: slot.toISOString(), result: { status: 'ALREADY_HANDLED' } };
    const result = await this.launcher.launch({
      organizationId: s.organizationId,
      projectId: s.projectId,
      cause: { kind: 'SCHEDULE', scheduleId: s.id, scheduledFor: slot.toISOString() },
      templateRunId: s.templateRunId ?? undefined,
      datasetId: s.datasetId ?? undefined,
      dedupeKey,
    });
    return { slot: slot.toISOString(), result };
  }

  /** lastFiredAt only moves forward (a late, older slot never rewinds it). */
  private async advance(scheduleId: string, slot: Date): Promise<void> {
    await this.prisma.retrainSchedule.updateMany({ where: { id: scheduleId, OR: [{ lastFiredAt: null }, { lastFiredAt: { lt: slot } }] }, data: { lastFiredAt: slot } });
  }
}
