import { describe, expect, it } from 'vitest';
import { FinanceError } from './errors';
import {
  addMoney,
  allocateMoney,
  convertMoney,
  formatMoney,
  inCurrency,
  money,
  multiplyMoney,
  parseMoney,
  percentOf,
  subtractMoney,
  sumMoney,
  toDecimalString,
} from './money';

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FinanceError);
    return (e as FinanceError).code;
  }
  throw new Error('expected a FinanceError');
};

describe('money', () => {
  it('sums a million cents exactly, where floats drift', () => {
    const cents = Array.from({ length: 1_000_000 }, () => money(1, 'USD'));
    expect(sumMoney(cents, 'USD')).toEqual({ minor: 1_000_000, currency: 'USD' }); // 10,000.00 USD
    let float = 0;
    for (let i = 0; i < 1_000_000; i++) float += 0.01;
    expect(float).not.toBe(10_000); // 10000.000000171856: why money is never a float
  });

  it('adds ten dimes to exactly one dollar', () => {
    const dimes = Array.from({ length: 10 }, () => parseMoney('0.10', 'USD'));
    expect(toDecimalString(sumMoney(dimes, 'USD'))).toBe('1.00');
  });

  it('parses decimals exactly and refuses extra precision unless asked to round', () => {
    expect(parseMoney('19.99', 'USD').minor).toBe(1999);
    expect(parseMoney('1000', 'JPY').minor).toBe(1000);
    expect(parseMoney('1.234', 'KWD').minor).toBe(1234);
    expect(parseMoney(0.3, 'EUR').minor).toBe(30);
    expect(code(() => parseMoney('1.5', 'JPY'))).toBe('TOO_MANY_DECIMALS');
    // Half-even: 2.5 → 2, 3.5 → 4 (ties to even); half-up: 2.5 → 3.
    expect(parseMoney('2.5', 'JPY', { rounding: 'HALF_EVEN' }).minor).toBe(2);
    expect(parseMoney('3.5', 'JPY', { rounding: 'HALF_EVEN' }).minor).toBe(4);
    expect(parseMoney('2.5', 'JPY', { rounding: 'HALF_UP' }).minor).toBe(3);
    expect(parseMoney('-2.5', 'JPY', { rounding: 'HALF_UP' }).minor).toBe(-3);
    expect(code(() => parseMoney('1,234.00', 'USD'))).toBe('INVALID_AMOUNT');
    expect(code(() => parseMoney('abc', 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects unknown currencies, fractional minor units and overflow', () => {
    expect(code(() => money(100, 'XYZ'))).toBe('UNKNOWN_CURRENCY');
    expect(() => parseMoney('1', 'usd')).toThrow(/unknown currency "usd"/);
    expect(code(() => money(1.5, 'USD'))).toBe('INVALID_AMOUNT');
    expect(code(() => addMoney(money(Number.MAX_SAFE_INTEGER, 'USD'), money(1, 'USD')))).toBe('AMOUNT_OVERFLOW');
  });

  it('never mixes currencies without a rate', () => {
    expect(code(() => addMoney(money(100, 'EUR'), money(100, 'USD')))).toBe('CURRENCY_MISMATCH');
    expect(code(() => subtractMoney(money(100, 'EUR'), money(100, 'USD')))).toBe('CURRENCY_MISMATCH');
    expect(code(() => sumMoney([money(1, 'EUR'), money(1, 'GBP')], 'EUR'))).toBe('CURRENCY_MISMATCH');
    expect(code(() => inCurrency(money(1, 'GBP'), 'EUR', {}))).toBe('MISSING_RATE');
    expect(inCurrency(money(100, 'GBP'), 'EUR', { GBP: '1.17' })).toEqual(money(117, 'EUR'));
  });

  it('converts across exponents, rounding once', () => {
    // 100.00 EUR × 1.0842 = 108.42 USD.
    expect(convertMoney(money(10_000, 'EUR'), 'USD', '1.0842')).toEqual(money(10_842, 'USD'));
    // 10.00 USD × 151.235 = 1512.35 JPY → 1512 (JPY has no minor unit).
    expect(convertMoney(money(1000, 'USD'), 'JPY', '151.235')).toEqual(money(1512, 'JPY'));
    // 1.00 USD × 0.307 = 0.307 KWD = 307 fils (three decimals).
    expect(convertMoney(money(100, 'USD'), 'KWD', 0.307)).toEqual(money(307, 'KWD'));
    expect(code(() => convertMoney(money(100, 'USD'), 'EUR', '-1'))).toBe('INVALID_INPUT');
  });

  it('multiplies, takes percentages and allocates without losing a cent', () => {
    expect(percentOf(money(100_000, 'EUR'), 12.5)).toEqual(money(12_500, 'EUR'));
    // 0.05 × 0.5 = 0.025 → 2 cents half-even, 3 half-up.
    expect(multiplyMoney(money(5, 'USD'), '0.5').minor).toBe(2);
    expect(multiplyMoney(money(5, 'USD'), '0.5', 'HALF_UP').minor).toBe(3);
    expect(allocateMoney(money(100, 'USD'), [1, 1, 1]).map((m) => m.minor)).toEqual([34, 33, 33]);
    expect(allocateMoney(money(-100, 'USD'), [1, 1, 1]).map((m) => m.minor)).toEqual([-34, -33, -33]);
    expect(code(() => allocateMoney(money(100, 'USD'), [0, 0]))).toBe('INVALID_INPUT');
  });

  it('formats for reports', () => {
    expect(formatMoney(money(123_456_789, 'USD'))).toBe('1,234,567.89 USD');
    expect(formatMoney(money(-5, 'USD'))).toBe('-0.05 USD');
    expect(formatMoney(money(1500, 'JPY'))).toBe('1,500 JPY');
    expect(toDecimalString(money(7, 'KWD'))).toBe('0.007');
  });
});
