// Burn-up of done work: the scope line (all work known on a date) and the done line (work finished by it).
import { fromDayNumber, toDayNumber } from './dates';
import { PlanningError } from './errors';

export interface BurnupItem {
  id: string;
  /** Size of the item (story points, estimated days...); must be 0 or more. */
  points: number;
  /** Day the item entered the plan. */
  createdAt: string;
  /** Day it was finished, or null while open. */
  doneAt?: string | null;
  /** Day it left the plan (cancelled); it then counts in neither line from that day. */
  removedAt?: string | null;
}

export interface BurnupPoint {
  date: string;
  scope: number;
  done: number;
}

export interface BurnupOptions {
  from: string;
  to: string;
  /** DAY gives one point per day, WEEK one per 7 days from `from` (the last point is always `to`). */
  interval?: 'DAY' | 'WEEK';
}

/** Each point counts events on or before its date (end of day). */
export function burnupSeries(items: readonly BurnupItem[], options: BurnupOptions): BurnupPoint[] {
  const from = toDayNumber(options.from, 'from');
  const to = toDayNumber(options.to, 'to');
  if (to < from) throw new PlanningError('INVALID_INPUT', `"to" (${options.to}) is before "from" (${options.from})`, [{ path: 'to', message: 'before from' }]);
  const step = (options.interval ?? 'DAY') === 'WEEK' ? 7 : 1;
  if ((to - from) / step > 5000) throw new PlanningError('INVALID_INPUT', 'the range has more than 5000 points; use a weekly interval or a shorter range', [{ path: 'interval', message: 'too many points' }]);

  const scopeDelta = new Map<number, number>();
  const doneDelta = new Map<number, number>();
  const bump = (m: Map<number, number>, d: number, v: number) => m.set(d, (m.get(d) ?? 0) + v);
  items.forEach((it, i) => {
    if (!(typeof it.points === 'number' && Number.isFinite(it.points) && it.points >= 0)) {
      throw new PlanningError('INVALID_INPUT', `items[${i}] (${it.id}) has points ${String(it.points)}; use a number 0 or more`, [{ path: `items.${i}.points`, message: 'must be a number >= 0' }]);
    }
    const c = toDayNumber(it.createdAt, `items.${i}.createdAt`);
    const r = it.removedAt ? toDayNumber(it.removedAt, `items.${i}.removedAt`) : null;
    const d = it.doneAt ? toDayNumber(it.doneAt, `items.${i}.doneAt`) : null;
    bump(scopeDelta, c, it.points);
    if (r !== null) bump(scopeDelta, Math.max(r, c), -it.points);
    // Work finished before it was logged counts from the day it was logged.
    if (d !== null) {
      const dd = Math.max(d, c);
      if (r === null || dd < r) {
        bump(doneDelta, dd, it.points);
        if (r !== null) bump(doneDelta, r, -it.points);
      }
    }
  });

  const keys = [...new Set([...scopeDelta.keys(), ...doneDelta.keys()])].sort((a, b) => a - b);
  const points: BurnupPoint[] = [];
  let scope = 0;
  let done = 0;
  let k = 0;
  const dates: number[] = [];
  for (let d = from; d < to; d += step) dates.push(d);
  dates.push(to);
  for (const date of dates) {
    while (k < keys.length && keys[k] <= date) {
      scope += scopeDelta.get(keys[k]) ?? 0;
      done += doneDelta.get(keys[k]) ?? 0;
      k++;
    }
    // Summing fractional points can leave 1e-15 residue; round to 1e-9 for clean charts.
    points.push({ date: fromDayNumber(date), scope: Math.round(scope * 1e9) / 1e9, done: Math.round(done * 1e9) / 1e9 });
  }
  return points;
}

