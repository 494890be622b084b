import { describe, expect, it } from 'vitest';
import { prepareData } from './data';
import { fairlearnMetrics, metricFrame } from './metric-frame';
import { Notes } from './notes';

// Worked example A (one sensitive feature). Rows as (y, yhat):
//   group a: (1,1) (1,0) (0,1) (0,0) (1,1)  -> TP 2, FN 1, FP 1, TN 1
//   group b: (1,0) (0,0) (0,0) (0,1) (1,1)  -> TP 1, FN 1, FP 1, TN 2
//   overall:                                   TP 3, FN 2, FP 2, TN 3
const A = {
  g: ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b'],
  y: [1, 1, 0, 0, 1, 1, 0, 0, 0, 1],
  p: [1, 0, 1, 0, 1, 0, 0, 0, 1, 1],
};
const specA = { label: 'y', prediction: 'p', sensitive: ['g'] };

describe('MetricFrame (Fairlearn) on worked example A', () => {
  const mf = metricFrame(prepareData(A, specA));
  const level = mf.levels[0];
  const a = level.byGroup[0].metrics;
  const b = level.byGroup[1].metrics;

  it('computes the base metrics by group', () => {
    expect(level.byGroup.map((x) => x.group)).toEqual(['a', 'b']);
    expect(a.count).toBe(5);
    expect(a.selectionRate).toBeCloseTo(3 / 5, 12); // (TP + FP) / n = (2 + 1) / 5
    expect(a.truePositiveRate).toBeCloseTo(2 / 3, 12); // TP / (TP + FN) = 2 / 3
    expect(a.falsePositiveRate).toBeCloseTo(1 / 2, 12); // FP / (FP + TN) = 1 / 2
    expect(a.falseNegativeRate).toBeCloseTo(1 / 3, 12); // FN / (TP + FN) = 1 / 3
    expect(a.trueNegativeRate).toBeCloseTo(1 / 2, 12); // TN / (FP + TN) = 1 / 2
    expect(a.precision).toBeCloseTo(2 / 3, 12); // TP / (TP + FP) = 2 / 3
    expect(a.accuracy).toBeCloseTo(3 / 5, 12); // (TP + TN) / n = 3 / 5
    expect(a.errorRate).toBeCloseTo(2 / 5, 12); // (FP + FN) / n
    expect(b.selectionRate).toBeCloseTo(2 / 5, 12); // (1 + 1) / 5
    expect(b.truePositiveRate).toBeCloseTo(1 / 2, 12);
    expect(b.falsePositiveRate).toBeCloseTo(1 / 3, 12);
    expect(b.trueNegativeRate).toBeCloseTo(2 / 3, 12);
    expect(b.precision).toBeCloseTo(1 / 2, 12);
  });

  it('computes overall, group min/max, difference and ratio with both methods', () => {
    expect(level.overall.selectionRate).toBeCloseTo(0.5, 12); // 5 / 10
    expect(level.overall.truePositiveRate).toBeCloseTo(0.6, 12); // 3 / 5
    expect(level.groupMin.selectionRate).toBeCloseTo(0.4, 12);
    expect(level.groupMax.selectionRate).toBeCloseTo(0.6, 12);
    expect(level.difference.betweenGroups.selectionRate).toBeCloseTo(0.2, 12); // 0.6 - 0.4
    expect(level.difference.toOverall.selectionRate).toBeCloseTo(0.1, 12); // max(|0.6-0.5|, |0.4-0.5|)
    expect(level.ratio.betweenGroups.selectionRate).toBeCloseTo(2 / 3, 12); // 0.4 / 0.6
    // to_overall: a: 0.6/0.5 = 1.2 -> 1/1.2 = 0.8333; b: 0.4/0.5 = 0.8; min = 0.8
    expect(level.ratio.toOverall.selectionRate).toBeCloseTo(0.8, 12);
    expect(level.difference.betweenGroups.count).toBe(0);
  });

  it('computes the Fairlearn fairness metrics', () => {
    const f = fairlearnMetrics(prepareData(A, specA));
    expect(f.demographicParityDifference.betweenGroups).toBeCloseTo(0.2, 12);
    expect(f.demographicParityDifference.toOverall).toBeCloseTo(0.1, 12);
    expect(f.demographicParityRatio.betweenGroups).toBeCloseTo(2 / 3, 12);
    expect(f.demographicParityRatio.toOverall).toBeCloseTo(0.8, 12);
    // TPR diff = 2/3 - 1/2 = 1/6; FPR diff = 1/2 - 1/3 = 1/6
    expect(f.equalizedOddsDifference.worstCase.betweenGroups).toBeCloseTo(1 / 6, 12);
    expect(f.equalizedOddsDifference.mean.betweenGroups).toBeCloseTo(1 / 6, 12);
    // TPR to overall: max(|2/3 - 0.6|, |1/2 - 0.6|) = 0.1; FPR: max(|1/2 - 0.4|, |1/3 - 0.4|) = 0.1
    expect(f.equalizedOddsDifference.worstCase.toOverall).toBeCloseTo(0.1, 12);
    // TPR ratio = (1/2)/(2/3) = 3/4; FPR ratio = (1/3)/(1/2) = 2/3
    expect(f.equalizedOddsRatio.worstCase.betweenGroups).toBeCloseTo(2 / 3, 12);
    expect(f.equalizedOddsRatio.mean.betweenGroups).toBeCloseTo((3 / 4 + 2 / 3) / 2, 12); // 17/24
    expect(f.equalOpportunityDifference.betweenGroups).toBeCloseTo(1 / 6, 12);
    expect(f.equalOpportunityRatio.betweenGroups).toBeCloseTo(3 / 4, 12);
    // TPR to overall ratios: (2/3)/0.6 = 1.111 -> 0.9; (1/2)/0.6 = 0.8333; min = 0.8333
    expect(f.equalOpportunityRatio.toOverall).toBeCloseTo(0.5 / 0.6, 12);
  });
});

describe('sample weights', () => {
  it('weigh every rate but not count', () => {
    // Group a's first row (a TP) weighs 2: TP 3, FN 1, FP 1, TN 1, total weight 6.
    const w = [2, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const mf = metricFrame(prepareData({ ...A, w }, { ...specA, weight: 'w' }));
    const a = mf.levels[0].byGroup[0].metrics;
    expect(a.count).toBe(5); // Fairlearn's count is len(y_true), unweighted
    expect(a.selectionRate).toBeCloseTo(4 / 6, 12); // (3 + 1) / 6
    expect(a.truePositiveRate).toBeCloseTo(3 / 4, 12); // 3 / (3 + 1)
    expect(a.precision).toBeCloseTo(3 / 4, 12); // 3 / (3 + 1)
    expect(a.accuracy).toBeCloseTo(4 / 6, 12); // (3 + 1) / 6
    // overall selection rate: (4 + 2) / 11
    expect(mf.levels[0].overall.selectionRate).toBeCloseTo(6 / 11, 12);
  });
});

describe('zero-division conventions', () => {
  // group c: only negatives, (0,0) (0,1); group d: no positive predictions, (1,0) (0,0)
  const Z = { g: ['c', 'c', 'd', 'd'], y: [0, 0, 1, 0], p: [0, 1, 0, 0] };
  const spec = { label: 'y', prediction: 'p', sensitive: ['g'] };

  it('follow scikit-learn/Fairlearn by default (0) and say so in a note', () => {
    const notes = new Notes();
    const mf = metricFrame(prepareData(Z, spec), { notes });
    const [c, d] = mf.levels[0].byGroup.map((x) => x.metrics);
    expect(c.truePositiveRate).toBe(0); // TP + FN = 0: confusion_matrix(normalize='true') -> nan_to_num -> 0
    expect(c.falseNegativeRate).toBe(0);
    expect(c.falsePositiveRate).toBeCloseTo(1 / 2, 12);
    expect(d.precision).toBe(0); // TP + FP = 0: precision_score zero_division 'warn' -> 0
    expect(notes.explain('metricFrame.levels.0.byGroup.0.metrics.truePositiveRate')).toMatch(/group 'c': no positive labels.*set to 0/);
    expect(notes.explain('metricFrame.levels.0.byGroup.1.metrics.precision')).toMatch(/no positive predictions/);
  });

  it("leave them undefined with zeroDivision 'nan'", () => {
    const notes = new Notes();
    const mf = metricFrame(prepareData(Z, spec), { zeroDivision: 'nan', notes });
    const [c, d] = mf.levels[0].byGroup.map((x) => x.metrics);
    expect(c.truePositiveRate).toBeNaN();
    expect(d.precision).toBeNaN();
    // aggregates skip NaN: TPR only defined for d (0 / 1 = 0)
    expect(mf.levels[0].groupMax.truePositiveRate).toBe(0);
    expect(notes.explain('metricFrame.levels.0.byGroup.0.metrics.truePositiveRate')).toMatch(/undefined/);
  });

  it('gives NaN for a 0/0 ratio and inverts x/0 to 0 in to_overall like ratio_sub_one', () => {
    // every selection rate is 0 -> ratio between groups 0/0 = NaN
    const none = metricFrame(prepareData({ g: ['a', 'b'], y: [1, 0], p: [0, 0] }, spec));
    expect(none.levels[0].ratio.betweenGroups.selectionRate).toBeNaN();
    expect(none.levels[0].ratio.toOverall.selectionRate).toBeNaN();
    // a: 0, b: 1 -> between = 0 / 1 = 0
    const some = metricFrame(prepareData({ g: ['a', 'b'], y: [1, 0], p: [0, 1] }, spec));
    expect(some.levels[0].ratio.betweenGroups.selectionRate).toBe(0);
  });
});

describe('several sensitive features', () => {
  // sex x race; F|Y has no rows (empty intersection)
  const D = {
    sex: ['F', 'F', 'M', 'M', 'M', 'M'],
    race: ['X', 'X', 'X', 'Y', 'Y', 'X'],
    y: [1, 0, 1, 1, 0, 0],
    p: [1, 1, 0, 1, 0, 1],
  };
  const spec = { label: 'y', prediction: 'p', sensitive: ['sex', 'race'] };

  it('makes every intersection a group, NaN for empty ones, ignored by aggregates', () => {
    const notes = new Notes();
    const mf = metricFrame(prepareData(D, spec), { notes });
    const l = mf.levels[0];
    expect(l.byGroup.map((x) => x.group)).toEqual(['F|X', 'F|Y', 'M|X', 'M|Y']);
    const [fx, fy, mx, my] = l.byGroup.map((x) => x.metrics);
    expect(fy.count).toBeNaN(); // Fairlearn reindexes to the full product: even count is NaN
    expect(fy.selectionRate).toBeNaN();
    expect(fx.selectionRate).toBe(1); // 2 / 2
    expect(mx.selectionRate).toBeCloseTo(1 / 2, 12); // rows (1,0) (0,1)
    expect(my.selectionRate).toBeCloseTo(1 / 2, 12); // rows (1,1) (0,0)
    expect(l.groupMin.selectionRate).toBeCloseTo(1 / 2, 12);
    expect(l.groupMax.selectionRate).toBe(1);
    expect(l.difference.betweenGroups.selectionRate).toBeCloseTo(1 / 2, 12);
    // overall selection rate 4/6; to overall: max(|1 - 2/3|, |1/2 - 2/3|) = 1/3
    expect(l.difference.toOverall.selectionRate).toBeCloseTo(1 / 3, 12);
    expect(notes.explain('metricFrame.levels.0.byGroup.1.metrics.selectionRate')).toMatch(/empty intersection 'F\|Y'/);
  });

  it('computes aggregates within each control level', () => {
    const data = prepareData({ ...D, region: ['n', 's', 'n', 's', 'n', 's'] }, { label: 'y', prediction: 'p', sensitive: ['sex'], control: ['region'] });
    const mf = metricFrame(data);
    expect(mf.controlFeatures).toEqual(['region']);
    const [n, s] = mf.levels;
    expect(n.control).toEqual({ region: 'n' });
    // region n: F (1,1); M (1,0) (0,0) -> overall selection 1/3, F 1, M 0
    expect(n.overall.selectionRate).toBeCloseTo(1 / 3, 12);
    expect(n.byGroup.map((x) => x.metrics.selectionRate)).toEqual([1, 0]);
    expect(n.difference.betweenGroups.selectionRate).toBe(1);
    // region s: F (0,1); M (1,1) (0,1) -> F 1, M 1, overall 1
    expect(s.overall.selectionRate).toBe(1);
    expect(s.difference.betweenGroups.selectionRate).toBe(0);
    expect(s.ratio.toOverall.selectionRate).toBe(1);
  });
});

describe('equalized odds aggregation', () => {
  it('takes the worst of TPR and FPR differences, or their mean', () => {
    // a: TP 1, FN 1 (TPR 1/2), FP 0, TN 2 (FPR 0); b: TP 2 (TPR 1), FP 1, TN 1 (FPR 1/2)
    const d = { g: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'], y: [1, 1, 0, 0, 1, 1, 0, 0], p: [1, 0, 0, 0, 1, 1, 1, 0] };
    const f = fairlearnMetrics(prepareData(d, { label: 'y', prediction: 'p', sensitive: ['g'] }));
    expect(f.equalizedOddsDifference.worstCase.betweenGroups).toBeCloseTo(0.5, 12); // max(1/2, 1/2)
    expect(f.equalizedOddsRatio.worstCase.betweenGroups).toBe(0); // min(1/2 / 1, 0 / 1/2)
    expect(f.equalizedOddsRatio.mean.betweenGroups).toBeCloseTo(0.25, 12); // (1/2 + 0) / 2
  });
});
