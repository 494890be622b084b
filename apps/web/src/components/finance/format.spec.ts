import { describe, expect, it } from 'vitest';
import { fmtMoney, parseMajor } from './format';

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
});
