import { describe, expect, it } from 'vitest';
import { newRiskSuggestions, riskFromBudgetAlert, riskFromFairnessAudit, riskFromModelMonitoring, type BudgetOverrunEvidence } from './evidence';

const audit = {
  auditId: 'aud_1',
  projectId: 'p1',
  modelVersionId: 'mv_3',
  verdict: 'FAIL' as const,
  reasons: ['demographic parity ratio 0.62 < 0.80 (sex=F vs sex=M)'],
  completedAt: '2027-03-01T10:00:00Z',
  url: '/audits/aud_1',
  aiActTier: 'HIGH' as const,
};

describe('riskFromFairnessAudit', () => {
  it('turns a failed audit into a fairness risk linked to the audit', () => {
    const d = riskFromFairnessAudit(audit)!;
    // Failed before production: likelihood 4; high-risk tier: impact 5 → 20, CRITICAL.
    expect(d).toMatchObject({
      category: 'FAIRNESS_ETHICS', likelihood: 4, impact: 5, score: 20, level: 'CRITICAL', source: 'FAIRNESS_AUDIT',
      evidence: { kind: 'FAIRNESS_AUDIT', id: 'aud_1', url: '/audits/aud_1' }, dedupeKey: 'fairness:audit:mv_3', modelVersionId: 'mv_3',
    });
    expect(d.description).toContain('demographic parity ratio 0.62');
    expect(riskFromFairnessAudit({ ...audit, inProduction: true, aiActTier: 'MINIMAL' })).toMatchObject({ likelihood: 5, impact: 3, level: 'HIGH' });
  });

  it('ignores passes and, by default, warnings', () => {
    expect(riskFromFairnessAudit({ ...audit, verdict: 'PASS' })).toBeNull();
    expect(riskFromFairnessAudit({ ...audit, verdict: 'WARN' })).toBeNull();
    expect(riskFromFairnessAudit({ ...audit, verdict: 'WARN' }, { includeWarnings: true })).toMatchObject({ likelihood: 2 });
    expect(() => riskFromFairnessAudit({ ...audit, modelVersionId: '' })).toThrow(/modelVersionId is required/);
  });
});

describe('riskFromBudgetAlert', () => {
  const alert: BudgetOverrunEvidence = {
    kind: 'FORECAST_OVERRUN',
    budgetId: 'b1',
    projectId: 'p1',
    category: 'COMPUTE',
    budget: { minor: 1_000_000, currency: 'EUR' },
    forecast: { minor: 2_838_889, currency: 'EUR' },
    actual: { minor: 700_000, currency: 'EUR' },
    overrunDate: '2027-05-09',
    asOf: '2027-03-31',
    periodEnd: '2027-12-31',
    message: 'At the current burn, the COMPUTE budget of project p1 runs out on 2027-05-09 ...',
  };

  it('turns a forecast overrun into a financial risk', () => {
    // 39 days away → likelihood 4; forecast 184 % over → impact 5.
    expect(riskFromBudgetAlert(alert)).toMatchObject({
      category: 'FINANCIAL', likelihood: 4, impact: 5, score: 20, level: 'CRITICAL', source: 'BUDGET_FORECAST',
      dedupeKey: 'financial:budget:b1:2027-12-31', title: 'COMPUTE budget forecast to run out on 2027-05-09', description: alert.message,
    });
    // 12 % over, 10 days away → likelihood 5, impact 3.
    expect(riskFromBudgetAlert({ ...alert, forecast: { minor: 1_120_000, currency: 'EUR' }, overrunDate: '2027-04-10' })).toMatchObject({ likelihood: 5, impact: 3 });
    expect(riskFromBudgetAlert({ ...alert, kind: 'OVER_BUDGET' })).toMatchObject({ likelihood: 5, title: 'COMPUTE budget exceeded' });
  });

  it('does not raise risks for threshold alerts, and refuses mixed currencies', () => {
    expect(riskFromBudgetAlert({ ...alert, kind: 'THRESHOLD' })).toBeNull();
    expect(() => riskFromBudgetAlert({ ...alert, forecast: { minor: 1, currency: 'USD' } })).toThrow(/currency/);
  });
});

describe('riskFromModelMonitoring', () => {
  const drift = { kind: 'DRIFT' as const, eventId: 'ev1', projectId: 'p1', modelVersionId: 'mv_3', inProduction: true, statistic: 'PSI', value: 0.45, threshold: 0.2, features: ['income'], detectedAt: '2027-04-01T00:00:00Z' };

  it('raises a technical risk for drift on a production model', () => {
    // 0.45 / 0.2 = 2.25× the threshold → impact 4; likelihood 4.
    expect(riskFromModelMonitoring(drift)).toMatchObject({ category: 'TECHNICAL', likelihood: 4, impact: 4, level: 'HIGH', dedupeKey: 'technical:drift:mv_3', source: 'MODEL_DRIFT' });
    expect(riskFromModelMonitoring({ ...drift, inProduction: false })).toBeNull();
    expect(riskFromModelMonitoring({ ...drift, value: 0.1 })).toBeNull();
  });

  it('raises one for a metric drop beyond the minimum', () => {
    const drop = { kind: 'METRIC_DROP' as const, eventId: 'ev2', projectId: 'p1', modelVersionId: 'mv_3', inProduction: true, metric: 'accuracy', baseline: 0.9, current: 0.8, detectedAt: '2027-04-01T00:00:00Z' };
    // (0.9 − 0.8) / 0.9 = 11.1 % → impact 4, likelihood 5.
    expect(riskFromModelMonitoring(drop)).toMatchObject({ likelihood: 5, impact: 4, dedupeKey: 'technical:metric-drop:mv_3:accuracy', title: 'accuracy dropped 11.1% on production model version mv_3' });
    // With its version number the title names the model as people know it.
    expect(riskFromModelMonitoring({ ...drop, modelVersion: 3 })?.title).toBe('accuracy dropped 11.1% on production model v3');
    expect(riskFromModelMonitoring({ ...drift, modelVersion: 3 })?.title).toBe('Data drift on production model v3');
    expect(riskFromModelMonitoring({ ...drop, current: 0.88 })).toBeNull(); // 2.2 % < 5 %
    // Lower is better: latency 100 → 130 ms is a 30 % degradation.
    expect(riskFromModelMonitoring({ ...drop, metric: 'p95_ms', baseline: 100, current: 130, higherIsBetter: false })).toMatchObject({ impact: 5 });
    expect(riskFromModelMonitoring({ ...drop, metric: 'p95_ms', baseline: 100, current: 70, higherIsBetter: false })).toBeNull();
  });
});

describe('newRiskSuggestions', () => {
  it('drops drafts already raised and keeps one per key', () => {
    const a = riskFromFairnessAudit(audit);
    const b = riskFromFairnessAudit({ ...audit, auditId: 'aud_2', inProduction: true });
    const c = riskFromModelMonitoring({ kind: 'DRIFT', eventId: 'e', projectId: 'p1', modelVersionId: 'mv_3', inProduction: true, statistic: 'PSI', value: 1, threshold: 0.2, detectedAt: '2027-04-01' });
    const fresh = newRiskSuggestions([a, b, c, null], []);
    expect(fresh.map((d) => [d.dedupeKey, d.evidence.id])).toEqual([
      ['fairness:audit:mv_3', 'aud_2'],
      ['technical:drift:mv_3', 'e'],
    ]);
    expect(newRiskSuggestions([a, b, c], ['fairness:audit:mv_3']).map((d) => d.dedupeKey)).toEqual(['technical:drift:mv_3']);
  });
});
