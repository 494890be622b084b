import { describe, expect, it } from 'vitest';
import { generalizedEntropyIndex, privilegedMetrics } from './aif360';
import { prepareData } from './data';
import { FairnessInputError } from './errors';
import { Notes } from './notes';

// Worked example B. Rows as (y, yhat):
//   privileged P:   (1,1) (1,1) (0,1) (0,0)  -> TP 2, FP 1, TN 1, FN 0;  b = 1 1 2 1
//   unprivileged U: (1,0) (1,1) (0,0) (0,0)  -> TP 1, FN 1, TN 2, FP 0;  b = 0 1 1 1
// b_i = yhat_i - y_i + 1; overall b = [1,1,2,1,0,1,1,1], n = 8, mu = 8/8 = 1
const B = {
  grp: ['P', 'P', 'P', 'P', 'U', 'U', 'U', 'U'],
  y: [1, 1, 0, 0, 1, 1, 0, 0],
  p: [1, 1, 1, 0, 0, 1, 0, 0],
};
const spec = { label: 'y', prediction: 'p', sensitive: ['grp'] };
const privileged = { grp: ['P'] };

describe('AIF360 privileged vs unprivileged metrics (example B)', () => {
  const m = privilegedMetrics(prepareData(B, spec), { privileged });

  it('computes rates and unprivileged-minus-privileged differences', () => {
    expect(m.selectionRate).toEqual({ privileged: 3 / 4, unprivileged: 1 / 4 });
    expect(m.disparateImpact).toBeCloseTo(1 / 3, 12); // (1/4) / (3/4)
    expect(m.statisticalParityDifference).toBeCloseTo(-0.5, 12); // 1/4 - 3/4
    expect(m.equalOpportunityDifference).toBeCloseTo(-0.5, 12); // TPR_U 1/2 - TPR_P 2/2
    expect(m.falsePositiveRateDifference).toBeCloseTo(-0.5, 12); // FPR_U 0/2 - FPR_P 1/2
    expect(m.falseNegativeRateDifference).toBeCloseTo(0.5, 12); // FNR_U 1/2 - FNR_P 0/2
    expect(m.averageOddsDifference).toBeCloseTo(-0.5, 12); // ((-1/2) + (-1/2)) / 2
    expect(m.averageAbsOddsDifference).toBeCloseTo(0.5, 12); // (1/2 + 1/2) / 2
    expect(m.errorRateDifference).toBeCloseTo(0, 12); // 1/4 - 1/4
    expect(m.classImbalance).toBe(0); // (4 - 4) / (4 + 4)
  });

  it('computes the generalized entropy index family', () => {
    // alpha 2: mean((b/mu)^2 - 1) / (2*1) = [0+0+3+0-1+0+0+0] / 8 / 2 = 0.125
    expect(m.generalizedEntropyIndex).toBeCloseTo(0.125, 12);
    // Theil: mean(log((b/mu)^b) / mu) = log(2^2) / 8
    expect(m.theilIndex).toBeCloseTo(Math.log(4) / 8, 12);
    expect(m.coefficientOfVariation).toBeCloseTo(2 * Math.sqrt(0.125), 12);
    // between groups: b' = 5/4 for P (mean of 1,1,2,1), 3/4 for U (mean of 0,1,1,1); mu = 1
    // alpha 2: [4 (25/16 - 1) + 4 (9/16 - 1)] / 8 / 2 = (0.5 / 8) / 2 = 0.03125
    expect(m.betweenGroupGeneralizedEntropyIndex).toBeCloseTo(0.03125, 12);
    expect(m.betweenGroupCoefficientOfVariation).toBeCloseTo(2 * Math.sqrt(0.03125), 12);
    // Theil: [4 * 1.25 ln 1.25 + 4 * 0.75 ln 0.75] / 8
    expect(m.betweenGroupTheilIndex).toBeCloseTo((4 * 1.25 * Math.log(1.25) + 4 * 0.75 * Math.log(0.75)) / 8, 12);
    // the two groups are the only intersections here, so "all groups" is the same
    expect(m.betweenAllGroupsGeneralizedEntropyIndex).toBeCloseTo(0.03125, 12);
  });

  it('takes any alpha, including 0 (infinite when some b_i = 0) and 0.5', () => {
    // alpha 0: -mean(log(b/mu) / mu): a false negative has b = 0 -> log 0 = -inf -> +inf
    expect(privilegedMetrics(prepareData(B, spec), { privileged, alpha: 0 }).generalizedEntropyIndex).toBe(Infinity);
    // between-group alpha 0: -[4 ln 1.25 + 4 ln 0.75] / 8
    expect(generalizedEntropyIndex([[4, 1.25], [4, 0.75]], 0)).toBeCloseTo(-(4 * Math.log(1.25) + 4 * Math.log(0.75)) / 8, 12);
    // alpha 0.5: mean(sqrt(b) - 1) / (0.5 * -0.5) = [(-1) + 6*0 + (sqrt 2 - 1)] / 8 / -0.25
    expect(privilegedMetrics(prepareData(B, spec), { privileged, alpha: 0.5 }).generalizedEntropyIndex).toBeCloseTo((-1 + Math.SQRT2 - 1) / 8 / -0.25, 12);
  });

  it('uses instance weights in every count but not in the entropy indices', () => {
    // U's (1,0) row weighs 3: U has FN 3, TP 1, TN 2, total 6
    const w = [1, 1, 1, 1, 3, 1, 1, 1];
    const mw = privilegedMetrics(prepareData({ ...B, w }, { ...spec, weight: 'w' }), { privileged });
    expect(mw.selectionRate.unprivileged).toBeCloseTo(1 / 6, 12);
    expect(mw.truePositiveRate.unprivileged).toBeCloseTo(1 / 4, 12); // 1 / (1 + 3)
    expect(mw.disparateImpact).toBeCloseTo(1 / 6 / (3 / 4), 12); // 2/9
    expect(mw.classImbalance).toBeCloseTo(0.2, 12); // (6 - 4) / (6 + 4)
    expect(mw.unprivilegedWeight).toBe(6);
    expect(mw.generalizedEntropyIndex).toBeCloseTo(0.125, 12); // AIF360 ignores weights here
  });

  it('gives NaN, not 0, for rates without a denominator, with a note', () => {
    // U has no positive labels: TPR_U = 0/0
    const notes = new Notes();
    const d = { grp: ['P', 'P', 'U', 'U'], y: [1, 0, 0, 0], p: [1, 0, 1, 0] };
    const r = privilegedMetrics(prepareData(d, spec), { privileged, notes });
    expect(r.truePositiveRate.unprivileged).toBeNaN();
    expect(r.equalOpportunityDifference).toBeNaN();
    expect(r.averageOddsDifference).toBeNaN();
    expect(notes.explain('aif360.truePositiveRate.unprivileged')).toMatch(/no positive labels/);
    expect(notes.explain('aif360.equalOpportunityDifference')).toMatch(/undefined/);
    // privileged selection rate 1/2, unprivileged 1/2
    expect(r.disparateImpact).toBe(1);
  });

  it('reports disparate impact x/0 as Infinity', () => {
    const d = { grp: ['P', 'U'], y: [1, 1], p: [0, 1] };
    expect(privilegedMetrics(prepareData(d, spec), { privileged }).disparateImpact).toBe(Infinity);
  });

  it('rejects privileged groups with no members', () => {
    expect(() => privilegedMetrics(prepareData(B, spec), { privileged: { grp: ['Q'] } })).toThrow(/privileged group grp=Q has no members/);
    expect(() => privilegedMetrics(prepareData(B, spec), { privileged: { sex: ['F'] } })).toThrow(FairnessInputError);
    const onlyP = { grp: ['P', 'P'], y: [1, 0], p: [1, 0] };
    expect(() => privilegedMetrics(prepareData(onlyP, spec), { privileged })).toThrow(/unprivileged group .* has no members/);
  });
});

describe('between-group index with rows in neither group', () => {
  it('keeps b = 0 for them, as AIF360 initialises b with zeros', () => {
    // P: (1,1) b=1; U: (0,0) b=1; R (neither): (1,1)
    const d = { grp: ['P', 'U', 'R'], y: [1, 0, 1], p: [1, 0, 1] };
    const r = privilegedMetrics(prepareData(d, spec), { privileged, unprivileged: { grp: ['U'] } });
    // b' = [1, 1, 0], mu = 2/3: alpha 2 -> mean((1.5)^2 - 1, 1.25, -1) / 2 = (1.25 + 1.25 - 1) / 3 / 2 = 0.25
    expect(r.betweenGroupGeneralizedEntropyIndex).toBeCloseTo(0.25, 12);
    // class imbalance divides by all rows, as aif360.sklearn: (1 - 1) / 3
    expect(r.classImbalance).toBe(0);
    const r2 = privilegedMetrics(prepareData({ grp: ['P', 'P', 'U', 'R'], y: [1, 0, 1, 0], p: [1, 0, 1, 0] }, spec), {
      privileged,
      unprivileged: { grp: ['U'] },
    });
    expect(r2.classImbalance).toBeCloseTo((1 - 2) / 4, 12);
  });
});
