import { describe, expect, it } from 'vitest';
import { compareValues, comparisonMetricValue, decidePromotion, resolveCompareMetric } from './comparison';

const pass = { ok: true, reasons: ['project-goal: ok'] };
const fail = { ok: false, reasons: ['project-goal: test accuracy is 0.8, the project goal needs >= 0.99'] };

describe('challenger comparison rules', () => {
  it('picks the policy metric, then the goal metric, then accuracy (rmse for regression)', () => {
    expect(resolveCompareMetric('f1', 'accuracy', 'multiclass')).toBe('f1');
    expect(resolveCompareMetric(null, 'precision', 'multiclass')).toBe('precision');
    expect(resolveCompareMetric('  ', null, 'binary')).toBe('accuracy');
    expect(resolveCompareMetric(undefined, undefined, 'regression')).toBe('rmse');
  });

  it('prefers label-unit errors for regression reports', () => {
    expect(comparisonMetricValue({ rmse: 0.4, labelUnits: { rmse: 12.5 } }, 'rmse')).toBe(12.5);
    expect(comparisonMetricValue({ r2: 0.7, labelUnits: { rmse: 12.5 } }, 'r2')).toBe(0.7);
    expect(comparisonMetricValue({ macro: { f1: 0.6 } }, 'f1')).toBe(0.6);
  });

  it('decides the winner in the metric direction, with ties and a missing champion', () => {
    expect(compareValues({ metric: 'accuracy', challengerValue: 0.9, championValue: 0.8, hasChampion: true })).toMatchObject({ winner: 'CHALLENGER', lowerIsBetter: false });
    expect(compareValues({ metric: 'accuracy', challengerValue: 0.9, championValue: 0.8, hasChampion: true }).improvement).toBeCloseTo(0.1);
    expect(compareValues({ metric: 'accuracy', challengerValue: 0.7, championValue: 0.8, hasChampion: true }).winner).toBe('CHAMPION');
    expect(compareValues({ metric: 'rmse', challengerValue: 1, championValue: 2, hasChampion: true })).toMatchObject({ winner: 'CHALLENGER', improvement: 1, lowerIsBetter: true });
    expect(compareValues({ metric: 'logLoss', challengerValue: 0.5, championValue: 0.4, hasChampion: true }).winner).toBe('CHAMPION');
    expect(compareValues({ metric: 'accuracy', challengerValue: 0.8, championValue: 0.8, hasChampion: true }).winner).toBe('TIE');
    expect(compareValues({ metric: 'accuracy', challengerValue: 0.8, championValue: null, hasChampion: false }).winner).toBe('NO_CHAMPION');
    expect(compareValues({ metric: 'auc', challengerValue: null, championValue: 0.8, hasChampion: true }).winner).toBeNull();
  });

  it('promotes only a qualifying challenger with auto-promotion on and the gate passing', () => {
    const win = compareValues({ metric: 'accuracy', challengerValue: 0.9, championValue: 0.85, hasChampion: true });
    const base = { metric: 'accuracy', outcome: win, margin: 0.01, challengerValue: 0.9, championValue: 0.85 };
    expect(decidePromotion({ ...base, autoPromote: true, gate: pass })).toMatchObject({ promote: true, qualifies: true });
    expect(decidePromotion({ ...base, autoPromote: true, gate: pass }).decision).toMatch(/^Promoted to champion and production: the challenger is better by 0.05 >= margin 0.01/);
    const off = decidePromotion({ ...base, autoPromote: false, gate: null });
    expect(off).toMatchObject({ promote: false, qualifies: true });
    expect(off.decision).toMatch(/auto-promotion is off/);
    const refused = decidePromotion({ ...base, autoPromote: true, gate: fail });
    expect(refused.promote).toBe(false);
    expect(refused.decision).toMatch(/promotion gate refused \(project-goal: test accuracy is 0.8/);
    const small = decidePromotion({ ...base, margin: 0.1, autoPromote: true, gate: pass });
    expect(small).toMatchObject({ promote: false, qualifies: false });
    expect(small.decision).toMatch(/better by 0.05, less than the margin 0.1/);
  });

  it('treats a margin reached exactly as reached despite float noise', () => {
    const win = compareValues({ metric: 'accuracy', challengerValue: 0.96, championValue: 0.95, hasChampion: true });
    expect(win.improvement).not.toBe(0.01);
    expect(decidePromotion({ metric: 'accuracy', outcome: win, margin: 0.01, autoPromote: true, gate: pass, challengerValue: 0.96, championValue: 0.95 }).promote).toBe(true);
  });

  it('never promotes a champion win, a tie or an undecidable comparison; promotes a first model when allowed', () => {
    for (const [a, b] of [[0.8, 0.9], [0.8, 0.8], [null, 0.8]] as const) {
      const outcome = compareValues({ metric: 'accuracy', challengerValue: a, championValue: b, hasChampion: true });
      expect(decidePromotion({ metric: 'accuracy', outcome, margin: 0, autoPromote: true, gate: pass, challengerValue: a, championValue: b }).promote).toBe(false);
    }
    const first = compareValues({ metric: 'accuracy', challengerValue: 0.7, championValue: null, hasChampion: false });
    const d = decidePromotion({ metric: 'accuracy', outcome: first, margin: 0.01, autoPromote: true, gate: pass, challengerValue: 0.7, championValue: null });
    expect(d.promote).toBe(true);
    expect(d.decision).toMatch(/no champion yet/);
  });
});
