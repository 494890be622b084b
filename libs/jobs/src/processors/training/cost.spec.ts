import { describe, expect, it } from 'vitest';
import { formatCostMinor, runCostMinor } from './cost';
import { formatEpochValues } from './run-log';

describe('runCostMinor', () => {
  it('is ceil(ms x rate / 3,600,000) exactly, where floating point was one unit too high', () => {
    // 31 ms at one minor unit per ms: (31 / 3.6e6) * 3.6e6 is 31.000000000000004 in floating point.
    expect(Math.ceil((31 / 3_600_000) * 3_600_000)).toBe(32);
    expect(runCostMinor(31, 3_600_000)).toBe(31);
    for (let ms = 1; ms < 5_000; ms++) expect(runCostMinor(ms, 3_600_000)).toBe(ms);
    expect(runCostMinor(3_600_000, 40)).toBe(40);
    expect(runCostMinor(3_600_001, 40)).toBe(41);
  });

  it('rounds any time used up to one minor unit and charges nothing for no time or a zero rate', () => {
    expect(runCostMinor(1, 40)).toBe(1);
    expect(runCostMinor(12_345.4, 40)).toBe(1);
    expect(runCostMinor(0, 40)).toBe(0);
    expect(runCostMinor(5_000, 0)).toBe(0);
    expect(() => runCostMinor(Number.NaN, 40)).toThrow(/cannot price/);
    expect(() => runCostMinor(10, 0.5)).toThrow(/cannot price/);
  });
});

describe('formatEpochValues', () => {
  it('puts loss first and validation metrics last', () => {
    expect(formatEpochValues({ val_accuracy: 0.86, accuracy: 0.8731, val_loss: 0.441, loss: 0.41234 })).toBe('loss 0.4123 · accuracy 0.8731 · val_loss 0.4410 · val_accuracy 0.8600');
  });
});

describe('formatCostMinor', () => {
  it("uses the currency's own minor unit", () => {
    expect(formatCostMinor(3, 'USD')).toBe('USD 0.03');
    expect(formatCostMinor(12345, 'EUR')).toBe('EUR 123.45');
    expect(formatCostMinor(5, 'JPY')).toBe('JPY 5');
    expect(formatCostMinor(1234, 'KWD')).toBe('KWD 1.234');
  });
});
