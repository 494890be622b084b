import type { Money } from '@meridian/domain';
import { CURRENCIES } from '@meridian/finance';

/** Minor-unit exponent of a currency, from libs/finance's ISO 4217 table (2 for a code it does not list). */
export function exponentOf(currency: string): number {
  return CURRENCIES[currency]?.exponent ?? 2;
}

/** Minor units as a major-unit number for charts (display only: money arithmetic stays in minor units). */
export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** exponentOf(currency);
}

/** Money for display: exact from minor units (no float arithmetic on the amount). */
export function fmtMoney(m: Money, opts: { compact?: boolean } = {}): string {
  const exp = exponentOf(m.currency);
  if (opts.compact) {
    const major = m.minor / 10 ** exp; // display only
    const abs = Math.abs(major);
    const s = abs >= 1_000_000 ? `${(major / 1_000_000).toFixed(2)}M` : abs >= 10_000 ? `${(major / 1_000).toFixed(0)}k` : major.toFixed(0);
    return `${s} ${m.currency}`;
  }
  const neg = m.minor < 0;
  const digits = String(Math.abs(m.minor)).padStart(exp + 1, '0');
  const int = digits.slice(0, digits.length - exp).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = exp ? `.${digits.slice(digits.length - exp)}` : '';
  return `${neg ? '−' : ''}${int}${frac} ${m.currency}`;
}

/** Parses "1234.56" into minor units exactly (string arithmetic), or null when malformed. */
export function parseMajor(value: string, currency: string): number | null {
  const exp = exponentOf(currency);
  const m = /^\s*(\d{1,15})(?:\.(\d+))?\s*$/.exec(value.replace(/,/g, ''));
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > exp) return null;
  return Number(m[1] + frac.padEnd(exp, '0'));
}

export function fmtMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' });
}
