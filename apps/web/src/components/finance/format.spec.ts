import { describe, expect, it } from 'vitest';
import { exponentOf, fmtMoney, parseMajor, toMajor } from './format';

describe('money formatting for the dashboard', () => {
  it('formats minor units exactly, with the currency exponent', () => {
    expect(fmtMoney({ minor: 123456789, currency: 'USD' })).toBe('1,234,567.89 USD');
    expect(fmtMoney({ minor: -5, currency: 'EUR' })).toBe('−0.05 EUR');
    expect(fmtMoney({ minor: 1500, currency: 'JPY' })).toBe('1,500 JPY');
    expect(fmtMoney({ minor: 204360661, currency: 'USD' }, { compact: true })).toBe('2.04M USD');
  });

  it('parses typed amounts without floats, refusing too many decimals', () => {
    expect(parseMajor('0.10', 'USD')).toBe(10);
    expect(parseMajor('1,500,000', 'USD')).toBe(150_000_000);
    expect(parseMajor('19.999', 'USD')).toBeNull();
    expect(parseMajor('-3', 'USD')).toBeNull();
    expect(parseMajor('12.5', 'JPY')).toBeNull();
  });

  it('scales charts by the currency exponent of libs/finance, not by 100', () => {
    expect(toMajor(150_000, 'USD')).toBe(1500);
    expect(toMajor(150_000, 'JPY')).toBe(150_000);
    expect(toMajor(150_000, 'KWD')).toBe(150);
    expect(exponentOf('BHD')).toBe(3);
    expect(exponentOf('XXX')).toBe(2);
    expect(fmtMoney({ minor: 1234, currency: 'KWD' })).toBe('1.234 KWD');
    expect(parseMajor('1.234', 'KWD')).toBe(1234);
  });
});
