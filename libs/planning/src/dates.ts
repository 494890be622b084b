// Calendar arithmetic on ISO dates (YYYY-MM-DD) as whole UTC days: no time zones, no library.
import { PlanningError } from './errors';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for an ISO date; throws INVALID_DATE for anything that is not a real date. */
export function toDayNumber(date: string, path = 'date'): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new PlanningError('INVALID_DATE', `${path}: "${date}" is not a date like 2027-05-31`, [{ path, message: 'expected YYYY-MM-DD' }]);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (back.getUTCFullYear() !== Number(m[1]) || back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) {
    throw new PlanningError('INVALID_DATE', `${path}: "${date}" does not exist in the calendar`, [{ path, message: 'no such day' }]);
  }
  return ms / DAY_MS;
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}
