import { describe, expect, it } from 'vitest';
import { runAudit } from './audit';
import { prepareData, withOverrides } from './data';
import { fairnessSummary, optimizeThresholds, optimizeThresholdsHoldout, reweigh, seededHalves, subsetData } from './mitigation';
import { generateHiringDataset } from './synthetic';

describe('reweighing (Kamiran & Calders, AIF360 Reweighing)', () => {
  // P: y = 1 1 1 0; U: y = 1 0 0 0. n = 8, W_fav = 4, W_unfav = 4, W_P = W_U = 4
  const d = prepareData({ grp: ['P', 'P', 'P', 'P', 'U', 'U', 'U', 'U'], y: [1, 1, 1, 0, 1, 0, 0, 0], p: [1, 1, 1, 0, 1, 0, 0, 0] }, { label: 'y', prediction: 'p', sensitive: ['grp'] });

  it('computes W_s W_y / (W W_sy) per cell (worked example)', () => {
    const r = reweigh(d, { privileged: { grp: ['P'] } });
    const f = Object.fromEntries(r.factors.map((x) => [`${x.group}:${x.label}`, x.factor]));
    expect(f['privileged:1']).toBeCloseTo((4 * 4) / (8 * 3), 12); // 2/3
    expect(f['privileged:0']).toBeCloseTo((4 * 4) / (8 * 1), 12); // 2
    expect(f['unprivileged:1']).toBeCloseTo((4 * 4) / (8 * 1), 12); // 2
    expect(f['unprivileged:0']).toBeCloseTo((4 * 4) / (8 * 3), 12); // 2/3
    expect(Array.from(r.weights)).toEqual([2 / 3, 2 / 3, 2 / 3, 2, 2, 2 / 3, 2 / 3, 2 / 3].map((x) => expect.closeTo(x, 12)));
    // before: base rates 3/4 vs 1/4 -> mean difference -1/2, disparate impact 1/3; after: 2/4 vs 2/4
    expect(r.before.meanDifference).toBeCloseTo(-0.5, 12);
    expect(r.before.disparateImpact).toBeCloseTo(1 / 3, 12);
    expect(r.after.meanDifference).toBeCloseTo(0, 12);
    expect(r.after.disparateImpact).toBeCloseTo(1, 12);
    // the weights keep the total mass: 3 * 2/3 + 2 + 2 + 3 * 2/3 = 8
    expect(r.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(8, 12);
  });

  it('balances every intersectional group without a privileged definition', () => {
    const r = reweigh(d);
    expect(r.factors.map((x) => x.group)).toEqual(['P', 'P', 'U', 'U']);
    expect(r.after.baseRateDifference).toBeCloseTo(0, 12);
  });

  it('removes the historical label bias of the synthetic data', () => {
    const ds = generateHiringDataset({ rows: 20_000, bias: 0, labelBias: 0.4, seed: 9 });
    const r = reweigh(prepareData(ds.columns, ds.spec), { privileged: ds.privileged });
    expect(r.before.meanDifference!).toBeLessThan(-0.1); // qualified women recorded as not hired
    expect(Math.abs(r.after.meanDifference!)).toBeLessThan(1e-9);
  });
});

describe('group-specific thresholds', () => {
  const ds = generateHiringDataset({ rows: 20_000, bias: 1.5, seed: 1 });
  const data = prepareData(ds.columns, ds.spec);

  it('meets demographic parity and narrows the gap the audit found', () => {
    const t = optimizeThresholds(data, { constraint: 'demographic_parity', privileged: ds.privileged });
    expect(t.satisfied).toBe(true);
    expect(t.before.demographicParityRatio).toBeLessThan(0.8);
    expect(t.after.demographicParityDifference).toBeLessThanOrEqual(0.02);
    expect(t.after.demographicParityRatio).toBeGreaterThan(0.95);
    expect(t.after.disparateImpact!).toBeGreaterThan(0.95);
    // the planted bias cost accuracy; undoing it should not cost more than a point
    expect(t.after.accuracy).toBeGreaterThan(t.before.accuracy - 0.01);
    // women get lower thresholds than men, since the model docked their scores
    const thr = Object.fromEntries(t.thresholds.map((x) => [x.group, x.threshold]));
    expect(thr['female|A']).toBeLessThan(thr['male|A']);
    // the returned predictions are what the "after" report measured
    expect(fairnessSummary(withOverrides(data, { yhat: t.predictions })).demographicParityDifference).toBe(t.after.demographicParityDifference);
  });

  it('meets equalized odds within the tolerance', () => {
    const t = optimizeThresholds(data, { constraint: 'equalized_odds' });
    expect(t.satisfied).toBe(true);
    expect(t.before.equalizedOddsDifference).toBeGreaterThan(0.2);
    expect(t.after.equalizedOddsDifference).toBeLessThanOrEqual(0.02);
  });

  it('needs scores and a known constraint', () => {
    const noScore = prepareData({ y: [1, 0], p: [1, 0], g: ['a', 'b'] }, { label: 'y', prediction: 'p', sensitive: ['g'] });
    expect(() => optimizeThresholds(noScore, { constraint: 'demographic_parity' })).toThrow(/needs a score column/);
    expect(() => optimizeThresholds(data, { constraint: 'parity' as never })).toThrow(/constraint must be/);
    expect(() => optimizeThresholds(data, { constraint: 'demographic_parity', tolerance: -1 })).toThrow(/tolerance must be/);
  });
});

describe('synthetic hiring data with a planted bias', () => {
  it('is reproducible from its seed', () => {
    const a = generateHiringDataset({ rows: 500, seed: 4 });
    const b = generateHiringDataset({ rows: 500, seed: 4 });
    expect(Array.from(a.columns.score)).toEqual(Array.from(b.columns.score));
    expect(a.columns.gender).toEqual(b.columns.gender);
  });

  it('passes the four-fifths rule without bias and fails it with bias', () => {
    const audit = (bias: number) => {
      const ds = generateHiringDataset({ rows: 20_000, bias, seed: 2 });
      return runAudit(ds.columns, { ...ds.spec, privileged: ds.privileged });
    };
    const fair = audit(0);
    const biased = audit(1.5);
    expect(fair.aif360!.disparateImpact).toBeGreaterThan(0.9);
    expect(fair.aequitas.attributes[0].groups.every((g) => g.parity.pprev)).toBe(true);
    expect(biased.aif360!.disparateImpact).toBeLessThan(0.8);
    const female = biased.aequitas.attributes[0].groups.find((g) => g.group === 'female')!;
    expect(female.referenceGroups.pprev).toBe('male'); // the majority group
    expect(female.parity.pprev).toBe(false);
    expect(biased.fairlearn.demographicParityRatio.betweenGroups).toBeLessThan(0.8);
  });

  it('makes the disparity grow with the bias knob', () => {
    const di = [0, 0.5, 1, 2].map((bias) => {
      const ds = generateHiringDataset({ rows: 20_000, bias, seed: 2 });
      return runAudit(ds.columns, { ...ds.spec, privileged: ds.privileged }).aif360!.disparateImpact;
    });
    for (let i = 1; i < di.length; i++) expect(di[i]).toBeLessThan(di[i - 1]);
  });

  it('rejects bad knobs', () => {
    expect(() => generateHiringDataset({ labelBias: 2 })).toThrow(/labelBias is a probability/);
    expect(() => generateHiringDataset({ rows: 0 })).toThrow(/rows must be a positive integer/);
  });
});

describe('group thresholds measured out of sample', () => {
  const ds = generateHiringDataset({ rows: 8000, bias: 1.5, seed: 4 });
  const data = prepareData(ds.columns, ds.spec);

  it('splits every (group, label) cell in half with a seeded shuffle: disjoint, complete, repeatable', () => {
    const a = seededHalves(data, 7);
    const b = seededHalves(data, 7);
    expect(Array.from(a.fit)).toEqual(Array.from(b.fit));
    expect(Array.from(seededHalves(data, 8).fit)).not.toEqual(Array.from(a.fit));
    const all = new Set([...a.fit, ...a.evaluate]);
    expect(all.size).toBe(data.n);
    expect(a.fit.length + a.evaluate.length).toBe(data.n);
    // each group is in both halves in about equal measure
    for (let g = 0; g < data.groupCount; g++) {
      const inFit = Array.from(a.fit).filter((i) => data.groupCodes[i] === g).length;
      const inEval = Array.from(a.evaluate).filter((i) => data.groupCodes[i] === g).length;
      expect(Math.abs(inFit - inEval)).toBeLessThanOrEqual(2);
    }
  });

  it('fits on one half and reports before/after on the other, for both constraints', () => {
    const { evaluate } = seededHalves(data, 3);
    const held = subsetData(data, evaluate);
    const dp = optimizeThresholdsHoldout(data, { constraint: 'demographic_parity', privileged: ds.privileged, seed: 3 });
    expect(dp.evalRows).toBe(evaluate.length);
    // "before" is the model's own predictions on the evaluation half, not on every row
    expect(dp.before.demographicParityDifference).toBe(fairnessSummary(held, { privileged: ds.privileged }).demographicParityDifference);
    expect(dp.after.demographicParityDifference).toBe(fairnessSummary(withOverrides(held, { yhat: dp.predictions }), { privileged: ds.privileged }).demographicParityDifference);
    expect(dp.before.demographicParityDifference).toBeGreaterThan(0.15);
    expect(Math.abs(dp.after.demographicParityDifference)).toBeLessThan(0.06);
    const eo = optimizeThresholdsHoldout(data, { constraint: 'equalized_odds', privileged: ds.privileged, seed: 3 });
    expect(eo.constraint).toBe('equalized_odds');
    expect(eo.after.equalizedOddsDifference).toBeLessThan(eo.before.equalizedOddsDifference);
  });
});
