// Compute cost of training runs: duration × hourly rate per TF.js backend, in integer minor units.
import { COMPUTE_BACKENDS, type ComputeBackend, type Money, type RoundingMode } from '@meridian/domain';
import { FinanceError } from './errors';
import { currencyExponent, money } from './money';
import { mul, parseRatio, ratio, roundRatio, toSafeMinor } from './rational';

/** Price of one hour on a backend, as an exact decimal in major units ("0.045" USD per hour). */
export interface ComputeRate {
  perHour: string;
  currency: string;
}
export type ComputeRateTable = Readonly<Record<ComputeBackend, ComputeRate>>;

/**
 * Placeholder list prices (USD per hour) for a small cloud machine of each kind; an organisation sets
 * its own in settings. GPU is priced like one entry-level cloud GPU.
 */
export const DEFAULT_COMPUTE_RATES: ComputeRateTable = {
  cpu: { perHour: '0.05', currency: 'USD' },
  wasm: { perHour: '0.05', currency: 'USD' },
  tensorflow: { perHour: '0.10', currency: 'USD' },
  'tensorflow-gpu': { perHour: '0.90', currency: 'USD' },
};

export interface ComputeUsage {
  backend: ComputeBackend;
  /** Wall-clock compute time in seconds (fractions allowed), or `hours` as an exact decimal. */
  seconds?: number;
  hours?: string | number;
}

/**
 * cost = hours × perHour, computed exactly and rounded once to the currency's minor unit.
 * Rounding is HALF_EVEN (banker's) by default, so many small runs do not drift upwards;
 * pass 'HALF_UP' to match an invoice that rounds halves up.
 */
export function computeCost(usage: ComputeUsage, rates: ComputeRateTable = DEFAULT_COMPUTE_RATES, rounding: RoundingMode = 'HALF_EVEN'): Money {
  if (!COMPUTE_BACKENDS.includes(usage.backend)) {
    throw new FinanceError('INVALID_INPUT', `unknown compute backend "${String(usage.backend)}"; use one of ${COMPUTE_BACKENDS.join(', ')}`, [{ path: 'backend', message: 'unknown backend' }]);
  }
  const rate = rates[usage.backend];
  if (!rate) throw new FinanceError('MISSING_RATE', `no hourly rate configured for backend "${usage.backend}"`, [{ path: `rates.${usage.backend}`, message: 'missing' }]);
  if ((usage.seconds === undefined) === (usage.hours === undefined)) {
    throw new FinanceError('INVALID_INPUT', 'give exactly one of seconds or hours', [{ path: 'seconds', message: 'exactly one of seconds, hours' }]);
  }
  const hours = usage.hours !== undefined ? parseRatio(usage.hours, 'hours') : mul(parseRatio(usage.seconds!, 'seconds'), ratio(1n, 3600n));
  if (hours.n < 0n) throw new FinanceError('NEGATIVE_AMOUNT', 'compute time cannot be negative', [{ path: usage.hours !== undefined ? 'hours' : 'seconds', message: 'cannot be negative' }]);
  const perHour = parseRatio(rate.perHour, `rates.${usage.backend}.perHour`);
  if (perHour.n < 0n) throw new FinanceError('NEGATIVE_AMOUNT', `the ${usage.backend} rate cannot be negative`, [{ path: `rates.${usage.backend}.perHour`, message: 'cannot be negative' }]);
  const exp = currencyExponent(rate.currency, `rates.${usage.backend}.currency`);
  const minor = roundRatio(mul(mul(hours, perHour), ratio(10n ** BigInt(exp))), rounding);
  return money(toSafeMinor(minor), rate.currency);
}
