import { describe, expect, it } from 'vitest';
import { classifyNps, csatSummary, npsSummary, wilsonInterval } from './scores';

describe('NPS', () => {
  it('worked example: 5 promoters, 2 passives, 3 detractors of 10', () => {
    // promoters 10,10,9,9,10 = 50 %; detractors 6,3,0 = 30 % → NPS 20.
    // Var(X) = 0.5 + 0.3 − 0.2² = 0.76; SE = sqrt(0.76/10) = 0.27568; margin = 1.96 × 0.27568 = 0.54033
    // → CI 20 ± 54.0 = [−34.0, 74.0].
    const s = npsSummary([10, 10, 9, 8, 7, 6, 3, 0, 9, 10]);
    expect(s).toMatchObject({ n: 10, promoters: 5, passives: 2, detractors: 3, nps: 20 });
    expect(s.ci).toEqual({ low: -34, high: 74, level: 0.95 });
  });

  it('clips the interval to [−100, 100] and is exact when everyone agrees', () => {
    expect(npsSummary([10, 9, 9]).ci).toEqual({ low: 100, high: 100, level: 0.95 });
    expect(npsSummary([0, 1]).nps).toBe(-100);
  });

  it('no responses → null, not 0', () => {
    expect(npsSummary([])).toMatchObject({ n: 0, nps: null, ci: null });
  });

  it('classifies the boundaries 6/7 and 8/9 and rejects out-of-range scores', () => {
    expect([6, 7, 8, 9].map(classifyNps)).toEqual(['DETRACTOR', 'PASSIVE', 'PASSIVE', 'PROMOTER']);
    expect(() => npsSummary([11])).toThrow(/0 to 10/);
    expect(() => npsSummary([4.5])).toThrow(/whole number/);
  });
});

describe('CSAT', () => {
  it('worked example: 5 of 8 ratings are 4 or 5 → 62.5 %, Wilson [30.6, 86.3]', () => {
    // p = 0.625, z² = 3.8415; centre = (0.625 + 3.8415/16) / (1 + 3.8415/8) = 0.86509/1.48018 = 0.58445
    // margin = 1.96 × sqrt(0.625·0.375/8 + 3.8415/256) / 1.48018 = 1.96 × 0.21048 / 1.48018 = 0.27871
    const s = csatSummary([5, 4, 4, 3, 2, 5, 1, 4]);
    expect(s).toMatchObject({ n: 8, satisfied: 5, csat: 62.5, distribution: [1, 1, 1, 3, 2] });
    expect(s.ci).toEqual({ low: 30.6, high: 86.3, level: 0.95 });
  });

  it('Wilson stays inside [0, 1] at 0 % and 100 %', () => {
    const all = wilsonInterval(10, 10);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.7225, 3); // 10/(10+3.8415) = 0.72246
    const none = wilsonInterval(0, 10);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 3);
  });

  it('rejects ratings outside 1..5', () => {
    expect(() => csatSummary([0])).toThrow(/1 to 5/);
    expect(() => csatSummary([6])).toThrow(/1 to 5/);
  });
});
