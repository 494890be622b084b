import { describe, expect, it } from 'vitest';
import { computeCost, DEFAULT_COMPUTE_RATES } from './compute';
import { sumMoney } from './money';

describe('computeCost', () => {
  it('multiplies hours by the backend rate exactly', () => {
    // 3 h 20 min on tensorflow-gpu at 0.90 USD/h: 12000 s / 3600 = 10/3 h × 0.90 = 3.00 USD exactly.
    expect(computeCost({ backend: 'tensorflow-gpu', seconds: 12_000 })).toEqual({ minor: 300, currency: 'USD' });
    // 2.5 h on wasm at 0.05 = 0.125 USD = 12.5 cents → 12 (half-even: ties go to the even cent).
    expect(computeCost({ backend: 'wasm', hours: '2.5' })).toEqual({ minor: 12, currency: 'USD' });
  });

  it('rounds half-even by default and half-up on request', () => {
    // 1.3 h (4680 s) on cpu at 0.05 = 0.065 USD = 6.5 cents: half-even → 6, half-up → 7.
    expect(computeCost({ backend: 'cpu', seconds: 4680 }).minor).toBe(6);
    expect(computeCost({ backend: 'cpu', seconds: 4680 }, DEFAULT_COMPUTE_RATES, 'HALF_UP').minor).toBe(7);
    // 1.5 h = 7.5 cents → 8 either way (8 is the even neighbour).
    expect(computeCost({ backend: 'cpu', hours: 1.5 }).minor).toBe(8);
  });

  it('has no upward drift over many half-cent runs', () => {
    // 10,000 runs of 6.5 cents and 10,000 of 7.5 cents: true total 140,000 cents (1,400.00 USD).
    // Half-even rounds 6.5→6 and 7.5→8, so the total stays 140,000; half-up rounds both up
    // (7 and 8) and gives 150,000: 100.00 USD too much.
    const runs = [...Array.from({ length: 10_000 }, () => computeCost({ backend: 'cpu', seconds: 4680 })), ...Array.from({ length: 10_000 }, () => computeCost({ backend: 'cpu', seconds: 5400 }))];
    expect(sumMoney(runs, 'USD').minor).toBe(140_000);
    const up = [...Array.from({ length: 10_000 }, () => computeCost({ backend: 'cpu', seconds: 4680 }, DEFAULT_COMPUTE_RATES, 'HALF_UP')), ...Array.from({ length: 10_000 }, () => computeCost({ backend: 'cpu', seconds: 5400 }, DEFAULT_COMPUTE_RATES, 'HALF_UP'))];
    expect(sumMoney(up, 'USD').minor).toBe(150_000);
  });

  it('uses an organisation rate table in any currency', () => {
    const rates = { ...DEFAULT_COMPUTE_RATES, tensorflow: { perHour: '0.0125', currency: 'JPY' } };
    // 100 h × 0.0125 JPY = 1.25 JPY → 1 JPY.
    expect(computeCost({ backend: 'tensorflow', hours: 100 }, rates)).toEqual({ minor: 1, currency: 'JPY' });
  });

  it('rejects bad usage clearly', () => {
    expect(() => computeCost({ backend: 'cpu', seconds: -1 })).toThrow(/cannot be negative/);
    expect(() => computeCost({ backend: 'tpu' as never, seconds: 1 })).toThrow(/unknown compute backend "tpu"/);
    expect(() => computeCost({ backend: 'cpu' })).toThrow(/exactly one of seconds or hours/);
    expect(() => computeCost({ backend: 'cpu', seconds: 1 }, { ...DEFAULT_COMPUTE_RATES, cpu: { perHour: '1', currency: 'ABC' } })).toThrow(/unknown currency "ABC"/);
  });
});
