// The risk loop fires on its own: the daily `risks.check` job (and the costs page's "Check now") raise
// the FINANCIAL risk of a budget forecast to overrun and the MARKET risk of a satisfaction drop for
// rows no API write ever checked, once each however often it runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@meridian/db';
import { JobRunnerService } from '@meridian/jobs';
import { createProject, signUp, startHarness, waitFor, type Harness, type TestUser } from './harness';

let h: Harness;
const DAY = 86_400_000;
const today = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
const at = (offsetDays: number) => new Date(today.getTime() + offsetDays * DAY);
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

/** An organisation whose rows were written straight to the database, so no API write checked them. */
async function troubledOrg(): Promise<{ owner: TestUser; projectId: string }> {
  const owner = await signUp(h);
  const p = await createProject(h, owner, owner.orgId);
  const org = owner.orgId;
  // 9,000 of a 10,000 budget spent in the first half of its period: the forecast overruns.
  await h.db.prisma.budget.create({ data: { id: newId(), organizationId: org, projectId: p.id, category: 'COMPUTE', amountMinor: 10_000_00n, currency: 'EUR', periodStart: at(-60), periodEnd: at(60) } });
  for (let i = 0; i < 6; i++) {
    await h.db.prisma.costEntry.create({ data: { id: newId(), organizationId: org, projectId: p.id, date: at(-55 + i * 10), category: 'COMPUTE', amountMinor: 1_500_00n, currency: 'EUR', source: 'MANUAL' } });
  }
  // NPS: 25 promoters three weeks ago, 25 detractors this week.
  const rows = [...Array.from({ length: 25 }, (_, i) => ({ nps: 10, createdAt: new Date(at(-20).getTime() + i * 60_000) })), ...Array.from({ length: 25 }, (_, i) => ({ nps: 2, createdAt: new Date(at(-2).getTime() + i * 60_000) }))];
  await h.db.prisma.feedback.createMany({ data: rows.map((r) => ({ id: newId(), organizationId: org, projectId: p.id, nps: r.nps, comment: '', createdAt: r.createdAt })) });
  return { owner, projectId: p.id };
}

const risksOf = (organizationId: string) => h.db.prisma.risk.findMany({ where: { organizationId }, select: { category: true, source: true, dedupeKey: true, status: true }, orderBy: { dedupeKey: 'asc' } });

describe('risks.check', () => {
  it('is a job the runner handles', () => {
    expect(h.api.app.get(JobRunnerService).jobNames()).toContain('risks.check');
  });

  it('raises the financial and the satisfaction risk of every project from the job queue, once', async () => {
    const { owner } = await troubledOrg();
    expect(await risksOf(owner.orgId)).toEqual([]);
    const done = (id: string) => waitFor(() => h.queue.getJobState(id), (s) => s === 'completed' || s === 'failed' || s === 'unknown', 60_000);
    const first = await h.queue.add('risks.check', { organizationId: owner.orgId });
    expect(await done(first.id)).not.toBe('failed');
    const risks = await risksOf(owner.orgId);
    expect(risks.map((r) => [r.category, r.source])).toEqual(expect.arrayContaining([['FINANCIAL', 'BUDGET_FORECAST'], ['MARKET', 'METRIC_DROP']]));
    // The daily job (no organisation: all of them) finds the same risks open and raises nothing new.
    const job = await h.queue.add('risks.check', { organizationId: null });
    expect(await done(job.id)).not.toBe('failed');
    expect(await risksOf(owner.orgId)).toEqual(risks);
  });

  it('"Check now" runs both checks at once and raises nothing twice', async () => {
    const { owner } = await troubledOrg();
    const url = `/api/orgs/${owner.orgId}/finance/check-all-risks`;
    const first = await h.request({ method: 'POST', url, cookie: owner.cookie });
    expect(first.status, first.text).toBe(200);
    const body = first.json<{ projects: number; budgetRisks: { dedupeKey: string }[]; satisfactionRisks: { dedupeKey: string }[] }>();
    expect(body.projects).toBe(1);
    expect(body.budgetRisks.map((r) => r.dedupeKey)).toEqual([expect.stringMatching(/^financial:budget:/)]);
    expect(body.satisfactionRisks.length).toBeGreaterThan(0);
    const again = (await h.request({ method: 'POST', url, cookie: owner.cookie })).json<typeof body>();
    expect(again).toMatchObject({ budgetRisks: [], satisfactionRisks: [] });
    expect(await risksOf(owner.orgId)).toHaveLength(body.budgetRisks.length + body.satisfactionRisks.length);
    expect((await h.request({ method: 'POST', url: `${url}?asOf=yesterday`, cookie: owner.cookie })).status).toBe(400);
  });

  it('two checks at the same moment still raise each risk once', async () => {
    const { owner } = await troubledOrg();
    const url = `/api/orgs/${owner.orgId}/finance/check-all-risks`;
    const [a, b] = await Promise.all([h.request({ method: 'POST', url, cookie: owner.cookie }), h.request({ method: 'POST', url, cookie: owner.cookie })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const risks = await risksOf(owner.orgId);
    expect(new Set(risks.map((r) => r.dedupeKey)).size).toBe(risks.length);
    expect(risks.length).toBeGreaterThanOrEqual(2);
  });
});
