// Turns a CPM schedule (offsets in working days or hours) into calendar bars for a Gantt chart.
import type { DurationUnit } from '@meridian/domain';
import type { CpmResult } from './cpm';
import { fromDayNumber, toDayNumber, weekday } from './dates';
import { PlanningError } from './errors';

export interface CalendarOptions {
  /** First working day of the project (ISO date); moved forward to a working day if needed. */
  startDate: string;
  /** Unit of the CPM durations. Default DAYS. */
  unit?: DurationUnit;
  /** Working hours in a day when unit is HOURS. Default 8. */
  hoursPerDay?: number;
  /** Skip Saturdays and Sundays. Default true. */
  skipWeekends?: boolean;
  /** Extra non-working days (ISO dates). */
  holidays?: string[];
}

export interface GanttBar {
  id: string;
  name: string;
  /** First calendar day the task runs (earliest schedule). */
  start: string;
  /** Last calendar day the task runs, inclusive; equals start for a zero-length milestone. */
  end: string;
  /** Latest schedule (the same as start/end on the critical path). */
  lateStart: string;
  lateEnd: string;
  /** Offsets in working days from the project start, fractional when hours do not fill a day. */
  startOffsetDays: number;
  endOffsetDays: number;
  duration: number;
  totalSlack: number;
  freeSlack: number;
  critical: boolean;
  milestone: boolean;
  dependsOn: string[];
}

export interface GanttLink {
  from: string;
  to: string;
  /** Both ends critical and the hand-over is immediate: draw it highlighted. */
  critical: boolean;
}

export interface GanttLayout {
  projectStart: string;
  /** Last working day of the project, inclusive. */
  projectEnd: string;
  workingDays: number;
  unit: DurationUnit;
  bars: GanttBar[];
  links: GanttLink[];
  criticalPaths: string[][];
}

/**
 * Maps working-day indexes to dates. Rule: a task occupying [s, f) working days (f > s) runs from
 * working day floor(s) to working day ceil(f) - 1 inclusive; a zero-length task sits on floor(s).
 */
export function layoutGantt(schedule: CpmResult, options: CalendarOptions): GanttLayout {
  const unit = options.unit ?? 'DAYS';
  const hoursPerDay = options.hoursPerDay ?? 8;
  if (unit === 'HOURS' && !(hoursPerDay > 0 && hoursPerDay <= 24)) {
    throw new PlanningError('INVALID_INPUT', `hoursPerDay must be more than 0 and at most 24, got ${hoursPerDay}`, [{ path: 'hoursPerDay', message: 'out of range' }]);
  }
  const skipWeekends = options.skipWeekends ?? true;
  const holidays = new Set((options.holidays ?? []).map((h, i) => toDayNumber(h, `holidays.${i}`)));
  const first = toDayNumber(options.startDate, 'startDate');
  const isWorking = (d: number) => !(skipWeekends && (weekday(d) === 0 || weekday(d) === 6)) && !holidays.has(d);
  if (skipWeekends || holidays.size > 0) {
    // A calendar with no working day would make the date walk below loop forever.
    let probe = 0;
    for (let d = first; d < first + 366; d++) if (isWorking(d)) probe++;
    if (probe === 0) throw new PlanningError('INVALID_INPUT', 'the calendar has no working day in the year after startDate', [{ path: 'holidays', message: 'no working days' }]);
  }

  const workdays: number[] = [];
  let cursor = first;
  const dayOf = (k: number): string => {
    while (workdays.length <= k) {
      while (!isWorking(cursor)) cursor++;
      workdays.push(cursor++);
    }
    return fromDayNumber(workdays[k]);
  };
  const toDays = (x: number) => (unit === 'HOURS' ? x / hoursPerDay : x);
  // Offsets like 2.9999999999 from float hours must not spill onto another day.
  const clean = (x: number) => (Math.abs(x - Math.round(x)) < 1e-9 ? Math.round(x) : x);
  const span = (s: number, f: number): [number, number] => {
    const a = Math.floor(clean(s));
    return f > s ? [a, Math.max(a, Math.ceil(clean(f)) - 1)] : [a, a];
  };

  const bars: GanttBar[] = schedule.tasks.map((t) => {
    const es = toDays(t.earliestStart);
    const ef = toDays(t.earliestFinish);
    const [s, e] = span(es, ef);
    const [ls, le] = span(toDays(t.latestStart), toDays(t.latestFinish));
    return {
      id: t.id,
      name: t.name,
      start: dayOf(s),
      end: dayOf(e),
      lateStart: dayOf(ls),
      lateEnd: dayOf(le),
      startOffsetDays: clean(es),
      endOffsetDays: clean(ef),
      duration: t.duration,
      totalSlack: t.totalSlack,
      freeSlack: t.freeSlack,
      critical: t.critical,
      milestone: t.duration === 0,
      dependsOn: t.dependsOn,
    };
  });
  const byId = new Map(schedule.tasks.map((t) => [t.id, t]));
  const links: GanttLink[] = [];
  for (const t of schedule.tasks) {
    for (const d of t.dependsOn) {
      const p = byId.get(d)!;
      links.push({ from: d, to: t.id, critical: p.critical && t.critical && Math.abs(p.earliestFinish - t.earliestStart) < 1e-9 });
    }
  }
  const totalDays = clean(toDays(schedule.projectDuration));
  const [, lastDay] = span(0, totalDays);
  return {
    projectStart: dayOf(0),
    projectEnd: dayOf(lastDay),
    workingDays: totalDays,
    unit,
    bars,
    links,
    criticalPaths: schedule.criticalPaths,
  };
}
