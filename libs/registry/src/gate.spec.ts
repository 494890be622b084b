import { describe, expect, it } from 'vitest';
import { evaluatePromotionGate, type Db, type GateContext } from './gate';
import { goalGate, PROMOTION_CHECKS } from './checks';
import { lowerIsBetter, metricValue } from './metrics';

const ctx = (metric: string | null, threshold: number | null, testMetrics: unknown): GateContext => ({ organizationId: 'o', projectId: 'p', modelVersionId: 'm', testMetrics, goal: { metric, threshold } });
// The pure checks never touch the database; a value that throws on any use proves it.
const noDb = new Proxy({}, { get: () => { throw new Error('the goal check must not read the database'); } }) as Db;

describe('promotion gate', () => {
  it('passes without a goal threshold', () => {
    expect(goalGate(ctx(null, null, {})).ok).toBe(true);
    expect(goalGate(ctx('accuracy', null, {})).ok).toBe(true);
  });
  it('needs the metric at or above the threshold', () => {
    expect(goalGate(ctx('accuracy', 0.9, { accuracy: 0.95 })).ok).toBe(true);
    expect(goalGate(ctx('accuracy', 0.95, { accuracy: 0.95 })).ok).toBe(true);
    const r = goalGate(ctx('accuracy', 0.99, { accuracy: 0.95 }));
    expect(r.ok).toBe(false);
    expect(r.reasons[0]).toMatch(/accuracy is 0.95.*>= 0.99/);
  });
  it('treats loss-like metrics as maxima and finds macro averages', () => {
    expect(goalGate(ctx('rmse', 1, { rmse: 0.5 })).ok).toBe(true);
    expect(goalGate(ctx('rmse', 0.1, { rmse: 0.5 })).ok).toBe(false);
    expect(metricValue({ macro: { f1: 0.8 } }, 'f1')).toBe(0.8);
    expect(metricValue({ macro: { f1: 0.8 } }, 'macro_f1')).toBe(0.8);
    expect(metricValue({ Accuracy: 0.7 }, 'accuracy')).toBe(0.7);
    // the engine's binary report says rocAuc; goals say auc or roc_auc
    expect(metricValue({ rocAuc: 0.83 }, 'auc')).toBe(0.83);
    expect(metricValue({ rocAuc: 0.83 }, 'ROC_AUC')).toBe(0.83);
    expect(metricValue({ rocAuc: null }, 'auc')).toBeNull();
    expect(metricValue(null, 'accuracy')).toBeNull();
    expect(lowerIsBetter('log_loss')).toBe(true);
    expect(lowerIsBetter('accuracy')).toBe(false);
    expect(goalGate(ctx('auc', 0.5, { accuracy: 1 })).reasons[0]).toMatch(/no test metric "auc"/);
  });
  it('runs the project goal check by default and prefixes reasons with the check name', async () => {
    expect(PROMOTION_CHECKS.map((c) => c.name)).toContain('project-goal');
    const refused = await evaluatePromotionGate(noDb, ctx('accuracy', 0.99, { accuracy: 0.5 }), PROMOTION_CHECKS.filter((c) => c.name === 'project-goal'));
    expect(refused.ok).toBe(false);
    expect(refused.reasons[0]).toMatch(/^project-goal: test accuracy is 0.5/);
  });
  it('combines checks: one failure refuses, every reason is listed', async () => {
    const r = await evaluatePromotionGate(noDb, ctx('accuracy', 0.9, { accuracy: 0.95 }), [
      { name: 'goal', run: (_db, c) => goalGate(c) },
      { name: 'fairness', run: async () => ({ ok: false, reasons: ['no audit'] }) },
    ]);
    expect(r.ok).toBe(false);
    expect(r.reasons).toEqual(['goal: test accuracy 0.95 >= goal 0.9', 'fairness: no audit']);
    const ok = await evaluatePromotionGate(noDb, ctx(null, null, {}), [{ name: 'goal', run: (_db, c) => goalGate(c) }]);
    expect(ok.ok).toBe(true);
  });
});
