// The demo startup's governance data: believable risks (one high, one overdue review), the
// credit-scoring project's AI Act tier with its checklist, and a failing audit of a biased synthetic
// dataset with the risk it raised; seeding again changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FairnessAuditView, ModelCardView, ProjectGovernanceView, RiskListView } from '@meridian/domain';
import { ARTIFACT_STORE } from '../src/artifacts/artifacts.module';
import { DatasetsService } from '../src/datasets/datasets.service';
import { seedGovernance, seedGovernanceModel } from '../src/seed/governance-seed';
import { startHarness, uniqueIp, type Harness } from './harness';

let h: Harness;
let cookie = '';
let orgId = '';
beforeAll(async () => {
  h = await startHarness({ SEED_DEMO: 'true', DEMO_PASSWORD: 'demo-password-123' });
  const demo = h.api.demo!;
  orgId = demo.organizationId;
  const login = await h.request({ method: 'POST', url: '/api/auth/login', ip: uniqueIp(), body: { email: demo.email, password: demo.password } });
  expect(login.status, login.text).toBe(200);
  cookie = login.cookie!;
}, 180_000);
afterAll(async () => h?.close());

describe('governance demo seed', () => {
  it('has a high risk, an overdue review, the lending project tier and a failing audit with its risk', async () => {
    const risks = (await h.request({ url: `/api/orgs/${orgId}/risks`, cookie })).json<RiskListView>();
    expect(risks.items.some((r) => r.level === 'HIGH' || r.level === 'CRITICAL')).toBe(true);
    expect(risks.overdueCount).toBeGreaterThanOrEqual(1);
    const raised = risks.items.find((r) => r.source === 'FAIRNESS_AUDIT' && r.title.startsWith('Fairness audit failed for predictions file'))!;
    expect(raised).toMatchObject({ category: 'FAIRNESS_ETHICS', projectName: 'Fair Lending Scorecard', likelihood: 4, impact: 5, level: 'CRITICAL' });
    const audit = (await h.request({ url: `/api/orgs/${orgId}/fairness-audits/${raised.fairnessAuditId}`, cookie })).json<FairnessAuditView>();
    expect(audit).toMatchObject({ status: 'SUCCEEDED', verdict: 'FAIL', riskId: raised.id });
    expect(audit.reasons.some((r) => r.attribute === 'applicant_sex' && r.code === 'PARITY_FAILED')).toBe(true);
    expect(audit.result!.intervals!.length).toBeGreaterThan(0);
    // The mitigation measurably narrows the planted bias: group thresholds, fitted on one half of
    // the rows and measured on the other, at least halve the demographic parity difference and lift
    // disparate impact over 0.8.
    const t = audit.mitigation!.thresholds!;
    expect(audit.mitigation!.evaluation).toMatchObject({ method: 'holdout', evalRows: t.before.byGroup.reduce((s, g) => s + g.rows, 0) });
    expect(t.before.demographicParityDifference!).toBeGreaterThan(0.1);
    expect(Math.abs(t.after.demographicParityDifference!)).toBeLessThan(t.before.demographicParityDifference! / 2);
    expect(t.after.disparateImpact!).toBeGreaterThan(t.before.disparateImpact!);
    expect(t.after.disparateImpact!).toBeGreaterThan(0.8);
    const gov = (await h.request({ url: `/api/orgs/${orgId}/projects/${raised.projectId}/governance`, cookie })).json<ProjectGovernanceView>();
    expect(gov.aiActTier).toBe('HIGH');
    expect(gov.summary.done).toBe(2);
    expect(gov.checklist.some((i) => i.framework === 'GDPR')).toBe(true);
  });

  it('has a trained model version whose audit on the loan applications fails, a model card saying so, and a gate that refuses it', async () => {
    const lending = (await h.db.prisma.project.findFirstOrThrow({ where: { organizationId: orgId, name: 'Fair Lending Scorecard' } })).id;
    const models = (await h.request({ url: `/api/orgs/${orgId}/models?projectId=${lending}`, cookie })).json<{ items: Array<{ id: string; version: number }> }>();
    expect(models.items).toHaveLength(1);
    const mv = models.items[0];
    const audits = (await h.request({ url: `/api/orgs/${orgId}/fairness-audits?modelVersionId=${mv.id}`, cookie })).json<{ items: FairnessAuditView[] }>();
    expect(audits.items).toHaveLength(1);
    const audit = audits.items[0];
    expect(audit).toMatchObject({ status: 'SUCCEEDED', verdict: 'FAIL', source: { kind: 'MODEL_VERSION', fileName: 'loan-applications.csv', rows: 3000 } });
    // Here the labels themselves carry the bias (good payers among women recorded as defaults):
    // reweighing levels the label rates between the groups, group thresholds the predictions.
    const detail = (await h.request({ url: `/api/orgs/${orgId}/fairness-audits/${audit.id}`, cookie })).json<FairnessAuditView>();
    const rw = detail.mitigation!.reweighing!;
    expect(rw.before.meanDifference!).toBeLessThan(-0.1);
    expect(Math.abs(rw.after.meanDifference!)).toBeLessThan(1e-9);
    expect(rw.after.disparateImpact!).toBeCloseTo(1, 6);
    const t = detail.mitigation!.thresholds!;
    expect(Math.abs(t.after.demographicParityDifference!)).toBeLessThan(Math.abs(t.before.demographicParityDifference!) / 2);
    const card = (await h.request({ url: `/api/orgs/${orgId}/model-cards/${mv.id}`, cookie })).json<ModelCardView>();
    expect(card.fairness).toMatchObject({ latestVerdict: 'FAIL', latestAuditId: audit.id, gate: { ok: false } });
    expect(card.intendedUse.fromNotes).toBe(true);
    expect(card.data.datasetVersion).toMatchObject({ fileName: 'loan-applications.csv', rowCount: 3000 });
    expect(card.risks.some((r) => r.category === 'FAIRNESS_ETHICS' && r.modelVersionId === mv.id)).toBe(true);
    // the model really predicts (its artifact loads) and production is refused with the audit named
    const predicted = await h.request({ method: 'POST', url: `/api/orgs/${orgId}/models/${mv.id}/predict`, cookie, body: { rows: [{ applicant_sex: 'female', ethnicity: 'A', years_employed: 6, credit_score: 70 }] } });
    expect(predicted.status, predicted.text).toBe(200);
    const refused = await h.request({ method: 'POST', url: `/api/orgs/${orgId}/models/${mv.id}/aliases/production`, cookie, body: { reason: 'demo' } });
    expect(refused.status).toBe(409);
    expect(refused.json<{ error: { message: string } }>().error.message).toContain(`fairness audit ${audit.id} (predictions on loan-applications.csv`);
  });

  it('is idempotent', async () => {
    const before = await h.db.prisma.risk.count({ where: { organizationId: orgId } });
    expect(await seedGovernance(h.db.prisma, orgId)).toEqual({ risks: false, tier: false, audit: false });
    expect(await seedGovernanceModel(h.api.app.get(DatasetsService), h.api.app.get(ARTIFACT_STORE), h.db.prisma, orgId)).toEqual({ model: false });
    expect(await h.db.prisma.risk.count({ where: { organizationId: orgId } })).toBe(before);
    expect(await h.db.prisma.fairnessAudit.count({ where: { organizationId: orgId } })).toBe(2);
    expect(await h.db.prisma.modelVersion.count({ where: { organizationId: orgId, project: { name: 'Fair Lending Scorecard' } } })).toBe(1);
  });
});
