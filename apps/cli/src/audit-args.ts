// Argument parsers of `meridian audit`.
import { usage } from './errors';

export function probability(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n >= 1) throw usage(`${flag} must be a number between 0 and 1 (exclusive), got "${value}"`);
    return n;
  };
}

export function tauValue(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1) throw usage(`--tau must be a number in (0, 1], e.g. 0.8 for the four-fifths rule, got "${value}"`);
  return n;
}

/** "gender=male" or "gender=male|nonbinary"; repeated flags accumulate, one entry per column. */
export function privilegedPairs(value: string, previous: Record<string, string[]>): Record<string, string[]> {
  const out = { ...previous };
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const col = eq > 0 ? part.slice(0, eq).trim() : '';
    const vals = eq > 0 ? part.slice(eq + 1).split('|').map((s) => s.trim()).filter(Boolean) : [];
    if (!col || vals.length === 0) throw usage(`--privileged takes COLUMN=VALUE (e.g. gender=male, or gender=male|other for several values), got "${value}"`);
    out[col] = [...(out[col] ?? []), ...vals];
  }
  return out;
}

export function failOn(value: string): 'fail' | 'warn' | 'never' {
  if (value !== 'fail' && value !== 'warn' && value !== 'never') throw usage(`--fail-on must be fail, warn or never, got "${value}"`);
  return value;
}
