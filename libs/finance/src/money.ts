// Money is { minor, currency }: an integer number of minor units and an ISO 4217 code. Every
// operation checks the currency and stays in integers; anything that divides rounds once, by a named rule.
import type { Money, RoundingMode } from '@meridian/domain';
import { FinanceError } from './errors';
import { parseRatio, ratio, roundRatio, toSafeMinor, mul, type Ratio } from './rational';

/** ISO 4217 minor-unit exponents of the currencies Meridian accepts. */
export const CURRENCIES: Readonly<Record<string, { exponent: number; name: string }>> = {
  USD: { exponent: 2, name: 'US dollar' },
  EUR: { exponent: 2, name: 'Euro' },
  GBP: { exponent: 2, name: 'Pound sterling' },
  CHF: { exponent: 2, name: 'Swiss franc' },
  CAD: { exponent: 2, name: 'Canadian dollar' },
  AUD: { exponent: 2, name: 'Australian dollar' },
  NZD: { exponent: 2, name: 'New Zealand dollar' },
  SEK: { exponent: 2, name: 'Swedish krona' },
  NOK: { exponent: 2, name: 'Norwegian krone' },
  DKK: { exponent: 2, name: 'Danish krone' },
  PLN: { exponent: 2, name: 'Polish zloty' },
  CZK: { exponent: 2, name: 'Czech koruna' },
  HUF: { exponent: 2, name: 'Forint' },
  INR: { exponent: 2, name: 'Indian rupee' },
  CNY: { exponent: 2, name: 'Yuan renminbi' },
  HKD: { exponent: 2, name: 'Hong Kong dollar' },
  SGD: { exponent: 2, name: 'Singapore dollar' },
  BRL: { exponent: 2, name: 'Brazilian real' },
  MXN: { exponent: 2, name: 'Mexican peso' },
  ZAR: { exponent: 2, name: 'Rand' },
  ILS: { exponent: 2, name: 'New Israeli sheqel' },
  AED: { exponent: 2, name: 'UAE dirham' },
  JPY: { exponent: 0, name: 'Yen' },
  KRW: { exponent: 0, name: 'Won' },
  ISK: { exponent: 0, name: 'Iceland krona' },
  CLP: { exponent: 0, name: 'Chilean peso' },
  KWD: { exponent: 3, name: 'Kuwaiti dinar' },
  BHD: { exponent: 3, name: 'Bahraini dinar' },
  JOD: { exponent: 3, name: 'Jordanian dinar' },
  OMR: { exponent: 3, name: 'Rial Omani' },
  TND: { exponent: 3, name: 'Tunisian dinar' },
};

export function currencyExponent(currency: string, path = 'currency'): number {
  const c = CURRENCIES[currency];
  if (!c) {
    throw new FinanceError('UNKNOWN_CURRENCY', `${path}: unknown currency "${currency}"; use an ISO 4217 code such as ${Object.keys(CURRENCIES).slice(0, 6).join(', ')}`, [
      { path, message: 'unknown currency', expected: Object.keys(CURRENCIES).join('|') },
    ]);
  }
  return c.exponent;
}

/** Builds a Money after checking the currency and that `minor` is a safe integer. */
export function money(minor: number, currency: string, path = 'amount'): Money {
  currencyExponent(currency, `${path}.currency`);
  if (!Number.isSafeInteger(minor)) {
    throw new FinanceError('INVALID_AMOUNT', `${path}: ${minor} is not a whole number of minor units; money is stored in integer cents, never as a decimal`, [
      { path: `${path}.minor`, message: 'must be a safe integer' },
    ]);
  }
  return { minor: minor === 0 ? 0 : minor, currency };
}

export const zero = (currency: string): Money => money(0, currency);

/** Validates a Money received from outside (API body, database row). */
export function assertMoney(m: Money, path = 'amount'): Money {
  if (!m || typeof m !== 'object') throw new FinanceError('INVALID_AMOUNT', `${path}: expected { minor, currency }`, [{ path, message: 'not a money object' }]);
  return money(m.minor, m.currency, path);
}

/**
 * Parses a decimal amount in major units ("1234.56") exactly. More decimals than the currency has
 * is an error (TOO_MANY_DECIMALS) unless a rounding mode is given.
 */
export function parseMoney(amount: string | number, currency: string, options: { rounding?: RoundingMode; path?: string } = {}): Money {
  const path = options.path ?? 'amount';
  const exp = currencyExponent(currency, `${path}.currency`);
  const r = mul(parseRatio(amount, path), ratio(10n ** BigInt(exp)));
  if (r.n % r.d !== 0n && !options.rounding) {
    throw new FinanceError('TOO_MANY_DECIMALS', `${path}: "${amount}" has more decimals than ${currency} allows (${exp})`, [{ path, message: `at most ${exp} decimals` }]);
  }
  return money(toSafeMinor(roundRatio(r, options.rounding ?? 'HALF_EVEN'), path), currency, path);
}

/** "1234.56" (no grouping, '.' separator): the exact decimal of the amount. */
export function toDecimalString(m: Money): string {
  const exp = currencyExponent(m.currency);
  const neg = m.minor < 0;
  const digits = String(Math.abs(m.minor)).padStart(exp + 1, '0');
  const s = exp === 0 ? digits : `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
  return neg ? `-${s}` : s;
}

/** "1,234.56 EUR": grouped for reports; use Intl in the UI for locale formats. */
export function formatMoney(m: Money): string {
  const [int, frac] = toDecimalString(m).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${grouped}${frac !== undefined ? `.${frac}` : ''} ${m.currency}`;
}

function sameCurrency(a: Money, b: Money, what: string): void {
  if (a.currency !== b.currency) {
    throw new FinanceError('CURRENCY_MISMATCH', `cannot ${what} ${a.currency} and ${b.currency} without an exchange rate; convert one with convert(amount, currency, rate) first`, [
      { path: 'currency', message: `${a.currency} vs ${b.currency}` },
    ]);
  }
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b, 'add');
  return money(toSafeMinor(BigInt(a.minor) + BigInt(b.minor)), a.currency);
}

export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b, 'subtract');
  return money(toSafeMinor(BigInt(a.minor) - BigInt(b.minor)), a.currency);
}

export const negate = (a: Money): Money => money(-a.minor, a.currency);

export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b, 'compare');
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
}

/** Sums amounts of one currency exactly; the currency is required so an empty list has one. */
export function sumMoney(items: readonly Money[], currency: string): Money {
  currencyExponent(currency);
  let total = 0n;
  items.forEach((m, i) => {
    if (m.currency !== currency) {
      throw new FinanceError('CURRENCY_MISMATCH', `item ${i} is in ${m.currency}, the sum is in ${currency}; convert it with an exchange rate first`, [{ path: `${i}.currency`, message: 'currency mismatch' }]);
    }
    if (!Number.isSafeInteger(m.minor)) throw new FinanceError('INVALID_AMOUNT', `item ${i}: ${m.minor} is not an integer number of minor units`, [{ path: `${i}.minor`, message: 'not an integer' }]);
    total += BigInt(m.minor);
  });
  return money(toSafeMinor(total), currency);
}

/** amount × factor (a decimal string or number read exactly), rounded once. */
export function multiplyMoney(m: Money, factor: string | number | Ratio, rounding: RoundingMode = 'HALF_EVEN'): Money {
  const f = typeof factor === 'object' ? factor : parseRatio(factor, 'factor');
  return money(toSafeMinor(roundRatio(mul(ratio(BigInt(m.minor)), f), rounding)), m.currency);
}

/** `percent` % of an amount (12.5 → 12.5 %), rounded once. */
export function percentOf(m: Money, percent: string | number, rounding: RoundingMode = 'HALF_EVEN'): Money {
  return multiplyMoney(m, mul(parseRatio(percent, 'percent'), ratio(1n, 100n)), rounding);
}

/**
 * Splits an amount by integer weights so the parts add up exactly (largest remainder; ties go to
 * the earlier part). allocate(100 cents, [1, 1, 1]) → [34, 33, 33].
 */
export function allocateMoney(m: Money, weights: readonly number[]): Money[] {
  if (weights.length === 0 || weights.some((w) => !Number.isSafeInteger(w) || w < 0) || weights.every((w) => w === 0)) {
    throw new FinanceError('INVALID_INPUT', 'weights must be non-negative integers, at least one positive', [{ path: 'weights', message: 'invalid weights' }]);
  }
  const total = BigInt(m.minor);
  const sum = weights.reduce((a, w) => a + BigInt(w), 0n);
  const sign = total < 0n ? -1n : 1n;
  const abs = total * sign;
  const parts = weights.map((w) => (abs * BigInt(w)) / sum);
  const rems = weights.map((w, i) => ({ i, r: (abs * BigInt(w)) % sum }));
  let left = abs - parts.reduce((a, p) => a + p, 0n);
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of rems) {
    if (left === 0n) break;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts.map((p) => money(Number(p * sign), m.currency));
}

/**
 * Converts with `rate` = units of `to` per one unit of `m.currency` (major units, e.g. EUR→USD 1.0842),
 * adjusting for the two currencies' exponents, rounded once.
 */
export function convertMoney(m: Money, to: string, rate: string | number, rounding: RoundingMode = 'HALF_EVEN'): Money {
  const fromExp = currencyExponent(m.currency);
  const toExp = currencyExponent(to, 'to');
  const r = parseRatio(rate, 'rate');
  if (r.n <= 0n) throw new FinanceError('INVALID_INPUT', `rate ${String(rate)} must be positive`, [{ path: 'rate', message: 'must be > 0' }]);
  const scaled = mul(mul(ratio(BigInt(m.minor)), r), toExp >= fromExp ? ratio(10n ** BigInt(toExp - fromExp)) : ratio(1n, 10n ** BigInt(fromExp - toExp)));
  return money(toSafeMinor(roundRatio(scaled, rounding)), to);
}

/** Rates keyed by source currency: units of the target currency per unit of the source. */
export type ExchangeRates = Readonly<Record<string, string | number>>;

/** Brings an amount into `currency`, using `rates[m.currency]` when it differs; no rate is an error. */
export function inCurrency(m: Money, currency: string, rates: ExchangeRates | undefined, path = 'amount'): Money {
  if (m.currency === currency) return m;
  const rate = rates?.[m.currency];
  if (rate === undefined) {
    throw new FinanceError('MISSING_RATE', `${path} is in ${m.currency} but the total is in ${currency}: supply rates.${m.currency} (units of ${currency} per ${m.currency})`, [
      { path: `${path}.currency`, message: `no ${m.currency}→${currency} rate` },
    ]);
  }
  return convertMoney(m, currency, rate);
}
