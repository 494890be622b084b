import { describe, expect, it } from 'vitest';
import { goalGate, metricValue, PromotionGate } from './promotion-gate';

const ctx = (metric: string | null, threshold: number | null, testMetrics: unknown) => ({ organizationId: 'o', projectId: 'p', modelVersionId: 'm', testMetrics, goal: { metric, threshold } });

describe('promotion gate', () => {
  it('passes without a goal threshold', () => {
    expect(goalGate(ctx(null, null, {})).ok).toBe(true);
  });
  it('needs the metric at or above the threshold', () => {
    expect(goalGate(ctx('accuracy', 0.9, { accuracy: 0.95 })).ok).toBe(true);
    const r = goalGate(ctx('accuracy', 0.99, { accuracy: 0.95 }));
    expect(r.ok).toBe(false);
    expect(r.reasons[0]).toMatch(/accuracy is 0.95.*>= 0.99/);
  });
  it('treats loss-like metrics as maxima and finds macro averages', () => {
    expect(goalGate(ctx('rmse', 1, { rmse: 0.5 })).ok).toBe(true);
    expect(goalGate(ctx('rmse', 0.1, { rmse: 0.5 })).ok).toBe(false);
    expect(metricValue({ macro: { f1: 0.8 } }, 'f1')).toBe(0.8);
    expect(goalGate(ctx('auc', 0.5, { accuracy: 1 })).reasons[0]).toMatch(/no test metric "auc"/);
  });
  it('combines registered checks', async () => {
    const g = new PromotionGate();
    g.register('fairness', () => ({ ok: false, reasons: ['no audit'] }));
    const r = await g.evaluate(ctx(null, null, {}));
    expect(r.ok).toBe(false);
    expect(r.reasons).toContain('fairness: no audit');
  });
});
