// Expected values worked out by hand (and, where noted, scikit-learn's documented examples).
import { describe, expect, it } from 'vitest';
import { classificationMetrics, confusionMatrix, logLoss, regressionMetrics, rocAuc } from './metrics';

describe('classification metrics', () => {
  // true 0,0,1,1,2,2,2 / predicted 0,1,1,1,2,0,2
  const yTrue = [0, 0, 1, 1, 2, 2, 2];
  const yPred = [0, 1, 1, 1, 2, 0, 2];
  const m = classificationMetrics(yTrue, yPred, 3);

  it('confusion matrix has true classes in rows and predictions in columns', () => {
    expect(m.confusionMatrix).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 2],
    ]);
    expect(confusionMatrix([1], [0], 2)).toEqual([
      [0, 0],
      [1, 0],
    ]);
  });

  it('accuracy, per-class precision/recall/F1 and support', () => {
    expect(m.accuracy).toBeCloseTo(5 / 7, 12);
    expect(m.perClass.map((c) => c.precision)).toEqual([0.5, 2 / 3, 1].map((v) => expect.closeTo(v, 12)));
    expect(m.perClass.map((c) => c.recall)).toEqual([0.5, 1, 2 / 3].map((v) => expect.closeTo(v, 12)));
    expect(m.perClass.map((c) => c.f1)).toEqual([0.5, 0.8, 0.8].map((v) => expect.closeTo(v, 12)));
    expect(m.perClass.map((c) => c.support)).toEqual([2, 2, 3]);
  });

  it('macro and support-weighted averages', () => {
    expect(m.macro.precision).toBeCloseTo((0.5 + 2 / 3 + 1) / 3, 12);
    expect(m.macro.recall).toBeCloseTo((0.5 + 1 + 2 / 3) / 3, 12);
    expect(m.macro.f1).toBeCloseTo(0.7, 12);
    expect(m.weighted.precision).toBeCloseTo((0.5 * 2 + (2 / 3) * 2 + 1 * 3) / 7, 12);
    expect(m.weighted.recall).toBeCloseTo(5 / 7, 12);
    expect(m.weighted.f1).toBeCloseTo((0.5 * 2 + 0.8 * 2 + 0.8 * 3) / 7, 12);
  });

  it('a class never predicted has precision 0 (not NaN), like zero_division=0', () => {
    const r = classificationMetrics([0, 1, 1], [1, 1, 1], 2);
    expect(r.perClass[0]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(r.perClass[1].precision).toBeCloseTo(2 / 3, 12);
  });
});

describe('ROC AUC', () => {
  it("matches scikit-learn's documented example (0.75)", () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
  });
  it('counts tied scores as half a correctly ordered pair', () => {
    // pairs (pos, neg): (0.5, 0.5) = 0.5, (0.5, 0.2) = 1, (0.9, 0.5) = 1, (0.9, 0.2) = 1 -> 3.5 / 4
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBeCloseTo(0.875, 12);
  });
  it('is 1 for a perfect ranking, 0 for a reversed one, null with a single class', () => {
    expect(rocAuc([0, 0, 1], [0.1, 0.2, 0.9])).toBe(1);
    expect(rocAuc([1, 1, 0], [0.1, 0.2, 0.9])).toBe(0);
    expect(rocAuc([1, 1], [0.3, 0.4])).toBeNull();
  });
});

describe('log loss', () => {
  it('binary: mean of -ln p(true class)', () => {
    expect(logLoss([1, 0, 1], [0.9, 0.2, 0.6])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.6)) / 3, 12);
  });
  it('multiclass: rows of probabilities', () => {
    expect(logLoss([0, 2], [0.7, 0.2, 0.1, 0.1, 0.1, 0.8], 3)).toBeCloseTo(-(Math.log(0.7) + Math.log(0.8)) / 2, 12);
  });
  it('clips probabilities to 1e-15 so a confident mistake is finite', () => {
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 9);
  });
});

describe('regression metrics', () => {
  it("matches scikit-learn's documented example (MSE 0.375, MAE 0.5, R2 0.9486)", () => {
    const r = regressionMetrics([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]);
    expect(r.mse).toBeCloseTo(0.375, 12);
    expect(r.rmse).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(r.mae).toBeCloseTo(0.5, 12);
    expect(r.r2).toBeCloseTo(0.9486081370449679, 12);
  });
  it('R2 is 0 for predicting the mean and negative for worse', () => {
    expect(regressionMetrics([1, 2, 3], [2, 2, 2]).r2).toBeCloseTo(0, 12);
    expect(regressionMetrics([1, 2, 3], [3, 2, 1]).r2).toBeCloseTo(-3, 12);
  });
});
