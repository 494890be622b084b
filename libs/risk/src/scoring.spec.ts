import { describe, expect, it } from 'vitest';
import { RiskError } from './errors';
import { assessRisk, heatMap, riskLevel, riskScore } from './scoring';

describe('scoring', () => {
  it('scores likelihood × impact and bands every possible product', () => {
    expect(riskScore(3, 4)).toBe(12);
    const products = new Set<number>();
    for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) products.add(l * i);
    const band = Object.fromEntries([...products].sort((a, b) => a - b).map((s) => [s, riskLevel(s)]));
    expect(band).toEqual({
      1: 'LOW', 2: 'LOW', 3: 'LOW', 4: 'LOW',
      5: 'MEDIUM', 6: 'MEDIUM', 8: 'MEDIUM', 9: 'MEDIUM',
      10: 'HIGH', 12: 'HIGH', 15: 'HIGH', 16: 'HIGH',
      20: 'CRITICAL', 25: 'CRITICAL',
    });
  });

  it.each([[0, 3], [6, 3], [2.5, 3], [3, Number.NaN]])('rejects rating %s × %s', (l, i) => {
    expect(() => riskScore(l, i)).toThrow(RiskError);
    expect(() => riskScore(l, i)).toThrow(/must be a whole number from 1 to 5/);
  });

  it('computes residual scores and refuses a response that makes things worse', () => {
    expect(assessRisk({ likelihood: 4, impact: 5, response: 'MITIGATE', residualLikelihood: 2, residualImpact: 4 })).toEqual({
      score: 20, level: 'CRITICAL', residualLikelihood: 2, residualImpact: 4, residualScore: 8, residualLevel: 'MEDIUM', reduction: 12,
    });
    expect(assessRisk({ likelihood: 3, impact: 3 })).toMatchObject({ residualScore: 9, reduction: 0 });
    expect(() => assessRisk({ likelihood: 2, impact: 2, residualLikelihood: 3 })).toThrow(/cannot exceed the inherent rating/);
    expect(() => assessRisk({ likelihood: 4, impact: 4, response: 'ACCEPT', residualLikelihood: 2 })).toThrow(/ACCEPTed risk keeps/);
  });

  it('aggregates a 5x5 heat map, inherent or residual, without closed risks', () => {
    const risks = [
      { id: 'a', likelihood: 5, impact: 5, residualLikelihood: 2, residualImpact: 3 },
      { id: 'b', likelihood: 5, impact: 5 },
      { id: 'c', likelihood: 1, impact: 2 },
      { id: 'd', likelihood: 3, impact: 3, status: 'CLOSED' },
    ];
    const h = heatMap(risks);
    expect(h.rows).toHaveLength(5);
    expect(h.rows.every((r) => r.length === 5)).toBe(true);
    expect(h.rows[4][4]).toMatchObject({ likelihood: 5, impact: 5, score: 25, level: 'CRITICAL', count: 2, riskIds: ['a', 'b'] });
    expect(h.total).toBe(3);
    expect(h.byLevel).toEqual({ LOW: 1, MEDIUM: 0, HIGH: 0, CRITICAL: 2 });
    const r = heatMap(risks, { residual: true });
    expect(r.rows[1][2]).toMatchObject({ count: 1, riskIds: ['a'], level: 'MEDIUM' });
    expect(r.byLevel).toEqual({ LOW: 1, MEDIUM: 1, HIGH: 0, CRITICAL: 1 });
    expect(heatMap(risks, { includeClosed: true }).total).toBe(4);
    expect(() => heatMap([{ id: 'x', likelihood: 7, impact: 1 }])).toThrow(/risks.0.likelihood/);
  });
});
