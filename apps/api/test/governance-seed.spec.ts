// The demo startup's governance data: believable risks (one high, one overdue review), the
// credit-scoring project's AI Act tier with its checklist, and a failing audit of a biased synthetic
// dataset with the risk it raised; seeding again changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FairnessAuditView, ProjectGovernanceView, RiskListView } from '@meridian/domain';
import { seedGovernance } from '../src/seed/governance-seed';
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
    const raised = risks.items.find((r) => r.source === 'FAIRNESS_AUDIT')!;
    expect(raised).toMatchObject({ category: 'FAIRNESS_ETHICS', projectName: 'Fair Lending Scorecard', likelihood: 4, impact: 5, level: 'CRITICAL' });
    const audit = (await h.request({ url: `/api/orgs/${orgId}/fairness-audits/${raised.fairnessAuditId}`, cookie })).json<FairnessAuditView>();
    expect(audit).toMatchObject({ status: 'SUCCEEDED', verdict: 'FAIL', riskId: raised.id });
    expect(audit.reasons.some((r) => r.attribute === 'applicant_sex' && r.code === 'PARITY_FAILED')).toBe(true);
    expect(audit.result!.intervals!.length).toBeGreaterThan(0);
    const gov = (await h.request({ url: `/api/orgs/${orgId}/projects/${raised.projectId}/governance`, cookie })).json<ProjectGovernanceView>();
    expect(gov.aiActTier).toBe('HIGH');
    expect(gov.summary.done).toBe(2);
    expect(gov.checklist.some((i) => i.framework === 'GDPR')).toBe(true);
  });

  it('is idempotent', async () => {
    const before = await h.db.prisma.risk.count({ where: { organizationId: orgId } });
    expect(await seedGovernance(h.db.prisma, orgId)).toEqual({ risks: false, tier: false, audit: false });
    expect(await h.db.prisma.risk.count({ where: { organizationId: orgId } })).toBe(before);
    expect(await h.db.prisma.fairnessAudit.count({ where: { organizationId: orgId } })).toBe(1);
  });
});
