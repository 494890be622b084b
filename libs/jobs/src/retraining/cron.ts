// Cron slots of retraining schedules, read in the schedule's time zone with cron-parser (the parser
// BullMQ's job schedulers and the in-process queue use, so what we show and check is what fires),
// and the catch-up plan for slots missed while no scheduler ran. Pure: clocks are parameters.
import { RETRAIN_CATCH_UP_MAX_RUNS, isValidTimeZone, type RetrainCatchUp } from '@meridian/domain';
import { CronExpressionParser } from 'cron-parser';
import cronstrue from 'cronstrue';

/** Counting missed slots stops here (a minutely schedule down for a year): the count is then "at least". */
export const MAX_SLOTS_COUNTED = 100_000;

export interface CronProblem {
  path: 'cron' | 'timezone';
  message: string;
}

/** null when `cron` (5 fields or an @alias) is valid in time zone `tz`; else what to fix. */
export function checkCron(cron: string, tz: string): CronProblem | null {
  if (!isValidTimeZone(tz)) return { path: 'timezone', message: `"${tz}" is not a known IANA time zone; use a name like "UTC", "Europe/Paris" or "America/New_York"` };
  const expr = cron.trim();
  const fields = expr.split(/\s+/).length;
  if (!expr.startsWith('@') && fields !== 5) {
    return {
      path: 'cron',
      message: `"${expr}" has ${fields} field${fields === 1 ? '' : 's'}; give 5: minute hour day-of-month month day-of-week, e.g. "0 3 * * *" (03:00 every day) or "30 2 * * 1" (Mondays 02:30)`,
    };
  }
  try {
    CronExpressionParser.parse(expr, { tz, strict: false }).next();
  } catch (e) {
    return { path: 'cron', message: `"${expr}" is not a valid cron expression: ${(e as Error).message}` };
  }
  return null;
}

/** The cron in words ("At 03:00, Monday through Friday"); the expression itself when cronstrue cannot say it. */
export function describeCron(cron: string): string {
  try {
    return cronstrue.toString(cron.trim(), { use24HourTimeFormat: true, verbose: false });
  } catch {
    return cron.trim();
  }
}

/** The next `count` fire times strictly after `after`. */
export function nextCronRuns(cron: string, tz: string, after: Date, count: number): Date[] {
  const it = CronExpressionParser.parse(cron.trim(), { tz, currentDate: after, strict: false });
  const out: Date[] = [];
  for (let i = 0; i < count && it.hasNext(); i++) out.push(it.next().toDate());
  return out;
}

/** The latest fire time at or before `at` (null when the cron never fired before it). */
export function previousCronRun(cron: string, tz: string, at: Date): Date | null {
  const it = CronExpressionParser.parse(cron.trim(), { tz, currentDate: new Date(at.getTime() + 1), strict: false });
  return it.hasPrev() ? it.prev().toDate() : null;
}

/**
 * Slots in (after, until]: the most recent `keep` of them, oldest first, and how many there were
 * in all (at least MAX_SLOTS_COUNTED when `capped`).
 */
export function cronSlotsBetween(cron: string, tz: string, after: Date, until: Date, keep: number): { slots: Date[]; total: number; capped: boolean } {
  if (until.getTime() <= after.getTime()) return { slots: [], total: 0, capped: false };
  const it = CronExpressionParser.parse(cron.trim(), { tz, currentDate: after, endDate: until, strict: false });
  const slots: Date[] = [];
  let total = 0;
  while (it.hasNext()) {
    const d = it.next().toDate();
    if (d.getTime() > until.getTime()) break;
    total++;
    slots.push(d);
    if (slots.length > keep) slots.shift();
    if (total >= MAX_SLOTS_COUNTED) return { slots, total, capped: true };
  }
  return { slots, total, capped: false };
}

export interface CatchUpPlan {
  /** Missed slots to launch now, oldest first. */
  launch: Date[];
  /** Missed slots not launched (recorded as one SKIPPED event). */
  skipped: { count: number; first: Date | null; last: Date; capped: boolean } | null;
}

/**
 * What to do with the slots missed in (lastHandled, until]:
 * SKIP launches none; RUN_ONCE launches the most recent; RUN_ALL launches the most recent
 * RETRAIN_CATCH_UP_MAX_RUNS (each still subject to the project's concurrency limit), the rest are skipped.
 */
export function planCatchUp(cron: string, tz: string, policy: RetrainCatchUp, lastHandled: Date, until: Date): CatchUpPlan & { missed: number } {
  const keep = policy === 'RUN_ALL' ? RETRAIN_CATCH_UP_MAX_RUNS : 1;
  // One more than we keep, so the first skipped slot can be named.
  const { slots, total, capped } = cronSlotsBetween(cron, tz, lastHandled, until, keep + 1);
  if (total === 0) return { launch: [], skipped: null, missed: 0 };
  const launchCount = policy === 'SKIP' ? 0 : Math.min(keep, total);
  const launch = launchCount ? slots.slice(-launchCount) : [];
  const skippedCount = total - launchCount;
  if (skippedCount === 0) return { launch, skipped: null, missed: total };
  const skippedSlots = slots.slice(0, slots.length - launchCount);
  const last = skippedSlots[skippedSlots.length - 1];
  const first = total <= keep + 1 ? skippedSlots[0] : (nextCronRuns(cron, tz, lastHandled, 1)[0] ?? null);
  return { launch, skipped: { count: skippedCount, first, last, capped }, missed: total };
}
