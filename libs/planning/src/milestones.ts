// SMART milestone progress: how far a metric has moved from its baseline towards the threshold, and
// whether that is enough for the time that has passed.
import type { GoalDirection, MetricObservation, MilestoneStatus } from '@meridian/domain';
import { toDayNumber } from './dates';
import { PlanningError } from './errors';

export interface MilestoneGoal {
  metric: string;
  threshold: number;
  direction: GoalDirection;
  startDate: string;
  deadline: string;
  baseline?: number | null;
}

export interface MilestoneProgressOptions {
  /** The day to evaluate on (ISO date). */
  asOf: string;
  /** Allowed lag of progress behind elapsed time, in percentage points, before AT_RISK. Default 10. */
  tolerancePct?: number;
}

export interface MilestoneProgress {
  status: MilestoneStatus;
  /** 0..100, rounded to one decimal. */
  progressPct: number;
  /** Share of the start→deadline window already elapsed, 0..100, one decimal. */
  elapsedPct: number;
  current: number | null;
  baseline: number | null;
  /** First observation that met the threshold on or before the deadline. */
  achievedAt: string | null;
  /** Human-readable rule that produced the status. */
  reason: string;
}

const meets = (v: number, g: MilestoneGoal) => (g.direction === 'AT_LEAST' ? v >= g.threshold : v <= g.threshold);
const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Rule, in order:
 * 1. ACHIEVED if an observation dated on or before the deadline (and not after asOf) meets the threshold.
 * 2. MISSED if asOf is after the deadline.
 * 3. ON_TRACK if progress% >= elapsed% - tolerance, else AT_RISK.
 * progress% = (current - baseline) / (threshold - baseline), clamped to 0..100; the baseline is the
 * goal's baseline, else the first observation, else 0 for AT_LEAST. With no usable baseline (an
 * AT_MOST goal and no data, or a baseline already at the threshold) progress is 0 or 100 by whether
 * the current value meets the threshold.
 */
export function milestoneProgress(goal: MilestoneGoal, observations: readonly MetricObservation[], options: MilestoneProgressOptions): MilestoneProgress {
  if (!Number.isFinite(goal.threshold)) throw new PlanningError('INVALID_INPUT', `threshold must be a finite number, got ${goal.threshold}`, [{ path: 'threshold', message: 'not finite' }]);
  const start = toDayNumber(goal.startDate, 'startDate');
  const deadline = toDayNumber(goal.deadline, 'deadline');
  const asOf = toDayNumber(options.asOf, 'asOf');
  if (deadline < start) throw new PlanningError('INVALID_INPUT', `deadline ${goal.deadline} is before startDate ${goal.startDate}`, [{ path: 'deadline', message: 'before startDate' }]);
  const tolerance = options.tolerancePct ?? 10;

  const obs = observations
    .map((o, i) => {
      if (!Number.isFinite(o.value)) throw new PlanningError('INVALID_INPUT', `observations[${i}].value is not a finite number`, [{ path: `observations.${i}.value`, message: 'not finite' }]);
      return { day: toDayNumber(o.date, `observations.${i}.date`), date: o.date, value: o.value, i };
    })
    .filter((o) => o.day <= asOf)
    .sort((a, b) => a.day - b.day || a.i - b.i);
  const current = obs.length ? obs[obs.length - 1].value : null;
  const baseline = goal.baseline ?? (obs.length ? obs[0].value : goal.direction === 'AT_LEAST' ? 0 : null);

  let progress: number;
  if (current === null) progress = 0;
  else if (baseline === null || baseline === goal.threshold) progress = meets(current, goal) ? 100 : 0;
  else {
    const p = (current - baseline) / (goal.threshold - baseline);
    progress = Math.min(100, Math.max(0, p * 100));
  }
  const elapsed = deadline === start ? (asOf >= deadline ? 100 : 0) : Math.min(100, Math.max(0, ((asOf - start) / (deadline - start)) * 100));

  const hit = obs.find((o) => o.day <= deadline && meets(o.value, goal));
  const base = { progressPct: round1(hit ? 100 : progress), elapsedPct: round1(elapsed), current, baseline, achievedAt: hit?.date ?? null };
  const op = goal.direction === 'AT_LEAST' ? '≥' : '≤';
  if (hit) return { ...base, status: 'ACHIEVED', reason: `${goal.metric} reached ${hit.value} (${op} ${goal.threshold}) on ${hit.date}, by the deadline ${goal.deadline}` };
  if (asOf > deadline) return { ...base, status: 'MISSED', reason: `the deadline ${goal.deadline} passed without ${goal.metric} ${op} ${goal.threshold}` };
  if (progress >= elapsed - tolerance) {
    return { ...base, status: 'ON_TRACK', reason: `progress ${round1(progress)}% keeps up with ${round1(elapsed)}% of the time elapsed (tolerance ${tolerance} points)` };
  }
  return { ...base, status: 'AT_RISK', reason: `progress ${round1(progress)}% trails ${round1(elapsed)}% of the time elapsed by more than ${tolerance} points` };
}
