import { RiskError } from './errors';

const DAY_MS = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(T.*)?$/;

/** Whole UTC days of an ISO date or date-time (the time part is ignored). */
export function toDay(value: string, path = 'date'): number {
  const m = ISO.exec(typeof value === 'string' ? value : '');
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  const d = new Date(ms);
  if (!m || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new RiskError('INVALID_DATE', `${path}: "${String(value)}" is not a date like 2027-05-31`, [{ path, message: 'expected YYYY-MM-DD' }]);
  }
  return ms / DAY_MS;
}

export const fromDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
