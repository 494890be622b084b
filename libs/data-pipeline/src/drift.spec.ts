import { describe, expect, it } from 'vitest';
import { chiSquareHomogeneity, detectDrift, ksTwoSample, psiCategorical, psiNumeric } from './drift';
import { chiSquareSurvival, gammaQ, kolmogorovQ, logGamma } from './stats';
import { createRng, normal } from './rng';
import type { Table } from './table';

describe('statistics against reference values', () => {
  it('logGamma and chi-square survival match tables', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    // chi2 critical values at 5 % (1 and 5 dof) and 1 % (10 dof)
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 10);
    expect(chiSquareSurvival(11.070497693516351, 5)).toBeCloseTo(0.05, 10);
    expect(chiSquareSurvival(23.209251158954356, 10)).toBeCloseTo(0.01, 10);
    expect(gammaQ(1, 2)).toBeCloseTo(Math.exp(-2), 12);
  });

  it('Kolmogorov tail matches its critical values', () => {
    expect(kolmogorovQ(1.3580986393225507)).toBeCloseTo(0.05, 6);
    expect(kolmogorovQ(1.6276236115189537)).toBeCloseTo(0.01, 6);
    expect(kolmogorovQ(0)).toBe(1);
  });

  it('PSI by hand: shares 0.5/0.5 -> 0.25/0.75', () => {
    const expected = (0.25 - 0.5) * Math.log(0.25 / 0.5) + (0.75 - 0.5) * Math.log(0.75 / 0.5);
    expect(psiCategorical(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b'])).toBeCloseTo(expected, 12);
    expect(psiNumeric([1, 2, 3, 4], [1, 2, 3, 4], 2)).toBe(0);
    // median edge 2.5: reference 2|2, current 1|3
    expect(psiNumeric([1, 2, 3, 4], [1, 3, 4, 5], 2)).toBeCloseTo(expected, 12);
  });

  it('KS statistic by hand and chi-square like scipy.stats.chi2_contingency(correction=False)', () => {
    expect(ksTwoSample([1, 2, 3, 4], [3, 4, 5, 6]).statistic).toBe(0.5);
    expect(ksTwoSample([1, 2, 3], [1, 2, 3])).toEqual({ statistic: 0, pValue: 1 });
    const ref = [...Array(10).fill('a'), ...Array(20).fill('b')];
    const cur = [...Array(20).fill('a'), ...Array(10).fill('b')];
    const chi = chiSquareHomogeneity(ref, cur);
    expect(chi.statistic).toBeCloseTo(20 / 3, 12);
    expect(chi.dof).toBe(1);
    expect(chi.pValue).toBeCloseTo(0.009823, 6);
  });
});

describe('detectDrift', () => {
  function table(shift: number, pRed: number, seed: number): Table {
    const rng = createRng(seed);
    const n = 2000;
    return {
      rowCount: n,
      columns: [
        { name: 'x', kind: 'numeric', values: Float64Array.from({ length: n }, () => normal(rng) + shift) },
        { name: 'colour', kind: 'categorical', values: Array.from({ length: n }, () => (rng() < pRed ? 'red' : 'blue')) },
      ],
    };
  }

  it('calls two samples of one distribution stable', () => {
    const r = detectDrift(table(0, 0.5, 1), table(0, 0.5, 2));
    expect(r.verdict).toBe('stable');
    expect(r.columns.map((c) => c.verdict)).toEqual(['stable', 'stable']);
    expect(r.columns[0].psi!).toBeLessThan(0.05);
  });

  it('flags a shifted mean and a changed category mix as drift', () => {
    const r = detectDrift(table(0, 0.5, 1), table(1, 0.8, 2));
    expect(r.drifted).toEqual(['x', 'colour']);
    expect(r.columns[0].ks!.pValue).toBeLessThan(1e-10);
    expect(r.columns[1].chiSquare!.pValue).toBeLessThan(1e-10);
    expect(r.columns[0].reason).toContain('PSI');
  });

  it('tests each column at alpha / columns (Bonferroni) unless told not to', () => {
    const r = detectDrift(table(0, 0.5, 1), table(1, 0.8, 2));
    expect(r.thresholds).toEqual({ psiWarning: 0.1, psiDrift: 0.25, alpha: 0.05, alphaPerColumn: 0.025 });
    expect(detectDrift(table(0, 0.5, 1), table(1, 0.8, 2), { correction: 'none' }).thresholds.alphaPerColumn).toBe(0.05);
  });

  it('reports columns that appear or disappear', () => {
    const a = table(0, 0.5, 1);
    const b: Table = { rowCount: a.rowCount, columns: [a.columns[0]] };
    expect(detectDrift(a, b).columns[1]).toMatchObject({ column: 'colour', verdict: 'drift', reason: 'column is missing from the current version' });
  });
});
