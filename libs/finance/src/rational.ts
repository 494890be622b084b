// Exact decimal arithmetic on BigInt fractions: rates like "0.045" per hour and percentages are
// parsed exactly and money is rounded once, at the end, by a documented rule.
import type { RoundingMode } from '@meridian/domain';
import { FinanceError } from './errors';

export interface Ratio {
  n: bigint;
  /** Always positive. */
  d: bigint;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parses "12.5", "-0.045", "1e-7" or a finite number exactly (a number is read through its shortest decimal form). */
export function parseRatio(value: string | number, path = 'value'): Ratio {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new FinanceError('INVALID_AMOUNT', `${path}: ${value} is not a finite number`, [{ path, message: 'not finite' }]);
  }
  const text = String(value).trim();
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    throw new FinanceError('INVALID_AMOUNT', `${path}: "${text}" is not a decimal number like 1234.56 (no thousands separators)`, [{ path, message: 'not a decimal number' }]);
  }
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? '0') - frac.length;
  if (Math.abs(exp) > 60) throw new FinanceError('INVALID_AMOUNT', `${path}: "${text}" has an exponent out of range`, [{ path, message: 'exponent out of range' }]);
  let n = BigInt((m[2] || '0') + frac);
  let d = 1n;
  if (exp >= 0) n *= 10n ** BigInt(exp);
  else d = 10n ** BigInt(-exp);
  if (m[1] === '-') n = -n;
  return { n, d };
}

export function ratio(n: bigint, d: bigint = 1n): Ratio {
  if (d === 0n) throw new FinanceError('INVALID_INPUT', 'division by zero');
  return d < 0n ? { n: -n, d: -d } : { n, d };
}

export const mul = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.n, a.d * b.d);
export const div = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d, a.d * b.n);
export const add = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d - b.n * a.d, a.d * b.d);
export const cmp = (a: Ratio, b: Ratio): number => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};

/**
 * Rounds n/d to an integer. HALF_EVEN (banker's rounding) sends exact halves to the even neighbour,
 * so rounding many amounts has no upward bias; HALF_UP sends halves away from zero (2.5 → 3, -2.5 → -3).
 */
export function roundRatio(r: Ratio, mode: RoundingMode = 'HALF_EVEN'): bigint {
  const { n, d } = r;
  const neg = n < 0n;
  const abs = neg ? -n : n;
  let q = abs / d;
  const twice = (abs % d) * 2n;
  if (twice > d || (twice === d && (mode === 'HALF_UP' || q % 2n === 1n))) q += 1n;
  return neg ? -q : q;
}

/** Converts a BigInt amount of minor units to a safe JS integer, or fails with AMOUNT_OVERFLOW. */
export function toSafeMinor(x: bigint, path = 'amount'): number {
  if (x > BigInt(Number.MAX_SAFE_INTEGER) || x < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new FinanceError('AMOUNT_OVERFLOW', `${path}: ${x} minor units is beyond what can be represented exactly (±${Number.MAX_SAFE_INTEGER})`, [{ path, message: 'overflow' }]);
  }
  return Number(x);
}

/** A ratio as a float, for display-only quantities such as percentages and months of runway. */
export const toNumber = (r: Ratio): number => Number(r.n) / Number(r.d);
