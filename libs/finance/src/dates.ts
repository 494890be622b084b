// ISO dates as whole UTC days and months as "YYYY-MM" keys: enough calendar for budgets and runway.
import { FinanceError } from './errors';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function toDay(date: string, path = 'date'): number {
  const m = ISO_DATE.exec(typeof date === 'string' ? date : '');
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  const back = new Date(ms);
  if (!m || back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) {
    throw new FinanceError('INVALID_DATE', `${path}: "${String(date)}" is not a date like 2027-05-31`, [{ path, message: 'expected YYYY-MM-DD' }]);
  }
  return ms / DAY_MS;
}

export const fromDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Months since year 0, so month arithmetic is integer arithmetic. */
export function toMonth(month: string, path = 'month'): number {
  const m = MONTH.exec(typeof month === 'string' ? month : '');
  if (!m) throw new FinanceError('INVALID_DATE', `${path}: "${String(month)}" is not a month like 2027-05`, [{ path, message: 'expected YYYY-MM' }]);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export const fromMonth = (n: number): string => `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;

export const monthOfDate = (date: string, path = 'date'): string => {
  toDay(date, path);
  return date.slice(0, 7);
};

/** Last day (ISO date) of a month index. */
export const monthEnd = (n: number): string => fromDay(Date.UTC(Math.floor((n + 1) / 12), (n + 1) % 12, 1) / DAY_MS - 1);
