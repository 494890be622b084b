import { describe, expect, it } from 'vitest';
import { bootstrapGroupMetrics, bootstrapInterval, createRng, percentile } from './bootstrap';
import { calibrationBin, calibrationByGroup } from './calibration';
import { countCells } from './counts';
import { prepareData } from './data';
import { generateHiringDataset } from './synthetic';

describe('calibration by group', () => {
  it('bins like sklearn calibration_curve and computes ECE (worked example)', () => {
    // 5 bins, edges 0, .2, .4, .6000000000000001, .8, 1 (numpy linspace); side='left' search:
    // 0.1 -> 0, 0.2 -> 0 (on an edge: lower bin), 0.35 -> 1, 0.8 -> 3, 0.95 -> 4
    const d = prepareData({ y: [0, 1, 0, 1, 1], s: [0.1, 0.2, 0.35, 0.8, 0.95], g: ['a', 'a', 'a', 'a', 'a'] }, { label: 'y', score: 's', sensitive: ['g'] });
    const c = calibrationByGroup(d, { bins: 5 });
    expect(c.overall.bins.map((b) => b.lower)).toEqual([0, 0.2, 0.6000000000000001, 0.8]);
    expect(c.overall.bins[0].meanPredicted).toBeCloseTo(0.15, 12);
    expect(c.overall.bins[0].fractionPositive).toBeCloseTo(0.5, 12);
    // ECE = 2/5 |0.5 - 0.15| + 1/5 |0 - 0.35| + 1/5 |1 - 0.8| + 1/5 |1 - 0.95| = 0.14 + 0.07 + 0.04 + 0.01
    expect(c.overall.ece).toBeCloseTo(0.26, 12);
    expect(c.byGroup[0].ece).toBeCloseTo(0.26, 12);
  });

  it('puts 0.6 in bin 2 because numpy edge 3 is 0.6000000000000001', () => {
    expect(calibrationBin(0.6, 5, 1 / 5)).toBe(2);
    expect(calibrationBin(1, 5, 1 / 5)).toBe(4);
    expect(calibrationBin(0, 5, 1 / 5)).toBe(0);
  });

  it('refuses scores outside [0, 1]', () => {
    const d = prepareData({ y: [0, 1], s: [0.1, 1.7], g: ['a', 'b'] }, { label: 'y', score: 's', sensitive: ['g'] });
    expect(() => calibrationByGroup(d)).toThrow(/probabilities in \[0, 1\].*1.7 at row 1/);
  });

  it('shows a well-calibrated synthetic model has a small ECE', () => {
    const ds = generateHiringDataset({ rows: 20_000, bias: 0, seed: 3 });
    const c = calibrationByGroup(prepareData(ds.columns, ds.spec));
    expect(c.byGroup).toHaveLength(6);
    expect(c.overall.ece).toBeLessThan(0.1);
  });
});

describe('bootstrap', () => {
  const ds = generateHiringDataset({ rows: 4_000, bias: 1.5, seed: 11 });
  const data = prepareData(ds.columns, ds.spec);
  const selectionGap = (d: typeof data) => {
    const c = countCells({ ...d, controlCodes: null, controlCount: 1 });
    const rate = (female: boolean) => {
      let sel = 0;
      let tot = 0;
      for (let g = 0; g < d.groupCount; g++) {
        if ((d.groupValues[g][0] === 'female') !== female) continue;
        sel += c.weight[g * 4 + 1] + c.weight[g * 4 + 3];
        for (let k = 0; k < 4; k++) tot += c.weight[g * 4 + k];
      }
      return sel / tot;
    };
    return rate(false) - rate(true);
  };

  it('gives the same interval for the same seed and contains the estimate', () => {
    const a = bootstrapInterval(data, selectionGap, { reps: 200, seed: 5 });
    const b = bootstrapInterval(data, selectionGap, { reps: 200, seed: 5 });
    expect(a).toEqual(b);
    expect(a.lower).toBeLessThan(a.estimate);
    expect(a.upper).toBeGreaterThan(a.estimate);
    expect(a.validReps).toBe(200);
    const c = bootstrapInterval(data, selectionGap, { reps: 200, seed: 6 });
    expect(c.lower).not.toBe(a.lower);
    const wide = bootstrapInterval(data, selectionGap, { reps: 200, seed: 5, level: 0.99 });
    expect(wide.upper - wide.lower).toBeGreaterThan(a.upper - a.lower);
  });

  it('gives intervals for every group and base metric', () => {
    const cis = bootstrapGroupMetrics(data, { reps: 100, seed: 1, metrics: ['selectionRate', 'truePositiveRate'] });
    expect(cis).toHaveLength(6 * 2);
    for (const ci of cis) {
      expect(ci.lower).toBeLessThanOrEqual(ci.estimate + 1e-12);
      expect(ci.upper).toBeGreaterThanOrEqual(ci.estimate - 1e-12);
    }
  });

  it('uses numpy percentile interpolation and a stable generator', () => {
    expect(percentile([1, 2, 3, 4], 25)).toBeCloseTo(1.75, 12); // position 0.75 between 1 and 2
    const r = createRng(1);
    const first = [r(), r(), r()];
    const r2 = createRng(1);
    expect([r2(), r2(), r2()]).toEqual(first);
  });

  it('rejects bad options', () => {
    expect(() => bootstrapInterval(data, selectionGap, { reps: 0 })).toThrow(/reps must be a positive integer/);
    expect(() => bootstrapInterval(data, selectionGap, { level: 1.5 })).toThrow(/level must be in/);
  });
});
