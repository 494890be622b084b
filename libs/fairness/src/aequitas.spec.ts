import { describe, expect, it } from 'vitest';
import { aequitasDisparities, AEQUITAS_FILL_DIV_BY_ZERO } from './aequitas';
import { prepareData } from './data';
import { Notes } from './notes';

// Example C. Rows as (y, yhat):
//   a (6 rows): (1,1) (1,1) (1,0) (0,1) (0,0) (0,0) -> TP 2, FN 1, FP 1, TN 2; predicted positive 3
//   b (4 rows): (1,1) (1,0) (0,0) (0,0)             -> TP 1, FN 1, FP 0, TN 2; predicted positive 1
//   k (predicted positives in the attribute) = 4
const C = {
  g: ['a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'],
  y: [1, 1, 1, 0, 0, 0, 1, 1, 0, 0],
  p: [1, 1, 0, 1, 0, 0, 1, 0, 0, 0],
};
const spec = { label: 'y', prediction: 'p', sensitive: ['g'] };

describe('Aequitas group metrics and disparities (example C)', () => {
  const r = aequitasDisparities(prepareData(C, spec));
  const [a, b] = r.attributes[0].groups;

  it('computes the crosstab metrics', () => {
    expect(a.size).toBe(6);
    expect(a.metrics.ppr).toBeCloseTo(3 / 4, 12); // 3 / k
    expect(a.metrics.pprev).toBeCloseTo(3 / 6, 12);
    expect(a.metrics.precision).toBeCloseTo(2 / 3, 12);
    expect(a.metrics.fdr).toBeCloseTo(1 / 3, 12);
    expect(a.metrics.for).toBeCloseTo(1 / 3, 12); // FN / (FN + TN) = 1 / 3
    expect(a.metrics.npv).toBeCloseTo(2 / 3, 12);
    expect(b.metrics.ppr).toBeCloseTo(1 / 4, 12);
    expect(b.metrics.fdr).toBe(0);
    expect(b.metrics.fpr).toBe(0);
    expect(b.metrics.tpr).toBeCloseTo(1 / 2, 12);
  });

  it('uses the largest group as reference by default and flags parity with tau 0.8', () => {
    expect(b.referenceGroups.ppr).toBe('a');
    expect(b.disparities.ppr).toBeCloseTo(1 / 4 / (3 / 4), 12); // 1/3
    expect(b.parity.ppr).toBe(false); // 1/3 < 0.8
    expect(b.disparities.tpr).toBeCloseTo(1 / 2 / (2 / 3), 12); // 0.75
    expect(b.parity.tpr).toBe(false);
    expect(b.disparities.tnr).toBeCloseTo(1 / (2 / 3), 12); // TNR b = 2/2, a = 2/3 -> 1.5
    expect(b.parity.tnr).toBe(false); // 1.5 > 1/0.8
    expect(b.disparities.npv).toBeCloseTo(2 / 3 / (2 / 3), 12); // npv b = 2/3
    expect(b.parity.npv).toBe(true);
    expect(a.disparities.ppr).toBe(1);
    // tau 0.7: 0.75 is within [0.7, 1/0.7]
    expect(aequitasDisparities(prepareData(C, spec), { tau: 0.7 }).attributes[0].groups[1].parity.tpr).toBe(true);
  });

  it('caps x/0 at 10 and leaves 0/0 undefined (Aequitas conventions)', () => {
    const notes = new Notes();
    // reference b has FDR 0 and FPR 0: a's FDR 1/3 / 0 -> 10; b's own 0/0 -> NaN
    const m = aequitasDisparities(prepareData(C, spec), { reference: { group: 'b' }, notes });
    const [ra, rb] = m.attributes[0].groups;
    expect(ra.disparities.fdr).toBe(AEQUITAS_FILL_DIV_BY_ZERO);
    expect(ra.parity.fdr).toBe(false);
    expect(rb.disparities.fdr).toBeNaN();
    expect(rb.parity.fdr).toBeNull();
    expect(notes.explain('aequitas.attributes.0.groups.1.disparities.fdr')).toMatch(/both have fdr 0 \(0\/0\)/);
    expect(notes.explain('aequitas.attributes.0.groups.0.disparities.fdr')).toMatch(/caps x\/0 at 10/);
  });

  it('uses the per-metric minimum with reference "min"', () => {
    const m = aequitasDisparities(prepareData(C, spec), { reference: 'min' });
    const [ma, mb] = m.attributes[0].groups;
    expect(ma.referenceGroups.ppr).toBe('b');
    expect(ma.disparities.ppr).toBeCloseTo(3, 12); // (3/4) / (1/4)
    expect(mb.referenceGroups.tpr).toBe('b'); // 1/2 < 2/3
    expect(ma.referenceGroups.tnr).toBe('a'); // 2/3 < 1
  });

  it('evaluates each feature and the intersection, and rejects unknown reference groups', () => {
    const d = { ...C, r: ['x', 'y', 'x', 'y', 'x', 'y', 'x', 'y', 'x', 'y'] };
    const m = aequitasDisparities(prepareData(d, { ...spec, sensitive: ['g', 'r'] }), { reference: { group: 'a|x' } });
    expect(m.attributes.map((x) => x.attribute)).toEqual(['g', 'r', 'g|r']);
    expect(m.attributes[1].groups[0].referenceGroups.ppr).toBe('x');
    expect(m.attributes[2].groups.map((g) => g.group)).toEqual(['a|x', 'a|y', 'b|x', 'b|y']);
    expect(() => aequitasDisparities(prepareData(C, spec), { reference: { group: 'zzz' } })).toThrow(/reference group 'zzz' of 'g' has no members/);
  });
});
