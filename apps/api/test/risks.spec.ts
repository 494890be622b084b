// Risk register end to end over the real stack: scoring and levels from libs/risk, the workflow
// with its history (illegal moves 409, guards 400), heat map numbers, overdue reviews, AI Act tier
// with its checklist, compliance item rules, roles and audited deletion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectGovernanceView, RiskDetailView, RiskHeatMapView, RiskListView } from '@meridian/domain';
import { createProject, memberOf, signUp, startHarness, type Harness, type TestUser } from './harness';

let h: Harness;
let owner: TestUser;
let member: TestUser;
let viewer: TestUser;
let projectId: string;
let otherProjectId: string;

beforeAll(async () => {
  h = await startHarness();
  owner = await signUp(h, { name: 'Olivia Owner' });
  member = await memberOf(h, owner, 'MEMBER');
  viewer = await memberOf(h, owner, 'VIEWER');
  projectId = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
  otherProjectId = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
});
afterAll(async () => h?.close());

const base = () => `/api/orgs/${owner.orgId}`;
async function addRisk(body: Record<string, unknown>, who: TestUser = member, project = projectId) {
  const res = await h.request({ method: 'POST', url: `${base()}/projects/${project}/risks`, cookie: who.cookie, body: { title: 'Label leakage in training data', category: 'DATA_QUALITY', likelihood: 3, impact: 4, ...body } });
  expect(res.status, res.text).toBe(201);
  return res.json<RiskDetailView>();
}
const move = (id: string, to: string, note = '', who: TestUser = member) => h.request({ method: 'POST', url: `${base()}/risks/${id}/transitions`, cookie: who.cookie, body: { to, note } });

describe('risk register', () => {
  it('scores and levels a risk with libs/risk and records its creation', async () => {
    const r = await addRisk({ likelihood: 4, impact: 5, response: 'MITIGATE', ownerId: member.userId, residualLikelihood: 2, residualImpact: 4 });
    expect(r).toMatchObject({ score: 20, level: 'CRITICAL', residualScore: 8, residualLevel: 'MEDIUM', status: 'IDENTIFIED', ownerId: member.userId, source: 'MANUAL' });
    expect(r.history).toEqual([expect.objectContaining({ from: null, to: 'IDENTIFIED', actorId: member.userId, note: 'created' })]);
    expect(r.allowedTransitions).toEqual(['ASSESSED', 'CLOSED']);
  });

  it('walks the workflow, keeps the history, refuses illegal moves (409) and unmet guards (400)', async () => {
    const r = await addRisk({ likelihood: 2, impact: 5 });
    const illegal = await move(r.id, 'MONITORING');
    expect(illegal.status).toBe(409);
    expect(illegal.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/cannot move from IDENTIFIED to MONITORING; from IDENTIFIED it can move to ASSESSED, CLOSED/) });
    expect((await move(r.id, 'ASSESSED')).status).toBe(200);
    const guarded = await move(r.id, 'MITIGATING');
    expect(guarded.status).toBe(400);
    const issues = guarded.json<{ error: { code: string; issues: { path: string }[] } }>().error;
    expect(issues.code).toBe('VALIDATION_FAILED');
    expect(issues.issues.map((i) => i.path).sort()).toEqual(['ownerId', 'response']);
    const patched = await h.request({ method: 'PATCH', url: `${base()}/risks/${r.id}`, cookie: member.cookie, body: { ownerId: owner.userId, response: 'MITIGATE' } });
    expect(patched.status, patched.text).toBe(200);
    const mitigating = await move(r.id, 'MITIGATING', 'adding a second labeller');
    expect(mitigating.status).toBe(200);
    const m = mitigating.json<RiskDetailView>();
    expect(m.status).toBe('MITIGATING');
    expect(m.reviewDate).toMatch(/^\d{4}-\d{2}-\d{2}$/); // set by the level's cadence (HIGH: 30 days)
    expect((await move(r.id, 'CLOSED')).status).toBe(400); // closing needs a note
    const closed = (await move(r.id, 'CLOSED', 'labeller added, leakage test green')).json<RiskDetailView>();
    expect(closed.status).toBe('CLOSED');
    expect(closed.reviewDate).toBeNull();
    expect(closed.history.map((x) => `${x.from ?? '-'}>${x.to}`)).toEqual(['->IDENTIFIED', 'IDENTIFIED>ASSESSED', 'ASSESSED>MITIGATING', 'MITIGATING>CLOSED']);
    expect(closed.history[3]).toMatchObject({ note: 'labeller added, leakage test green', actorId: member.userId, actorName: 'Test User' });
  });

  it('refuses an owner who is not a member and residual ratings above the inherent ones', async () => {
    const stranger = await signUp(h);
    const bad = await h.request({ method: 'POST', url: `${base()}/projects/${projectId}/risks`, cookie: member.cookie, body: { title: 'x risk', category: 'TALENT', likelihood: 2, impact: 2, ownerId: stranger.userId } });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/ownerId.*not a member/);
    const residual = await h.request({ method: 'POST', url: `${base()}/projects/${projectId}/risks`, cookie: member.cookie, body: { title: 'x risk', category: 'TALENT', likelihood: 2, impact: 2, residualImpact: 4 } });
    expect(residual.status).toBe(400);
    const r = await addRisk({ likelihood: 3, impact: 3 });
    const lowered = await h.request({ method: 'PATCH', url: `${base()}/risks/${r.id}`, cookie: member.cookie, body: { residualLikelihood: 5 } });
    expect(lowered.status).toBe(400);
    expect(lowered.text).toMatch(/residual/i);
  });

  it('draws the heat map (inherent and residual) from exactly the open risks', async () => {
    const p = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
    const a = await addRisk({ likelihood: 5, impact: 5, response: 'MITIGATE', residualLikelihood: 2, residualImpact: 3 }, member, p);
    const b = await addRisk({ likelihood: 5, impact: 5 }, member, p);
    await addRisk({ likelihood: 1, impact: 2 }, member, p);
    const c = await addRisk({ likelihood: 3, impact: 4 }, member, p);
    expect((await move(c.id, 'CLOSED', 'duplicate')).status).toBe(200);
    const inh = (await h.request({ url: `${base()}/risks/heat-map?projectId=${p}`, cookie: viewer.cookie })).json<RiskHeatMapView>();
    expect(inh.total).toBe(3);
    expect(inh.rows[4][4]).toMatchObject({ likelihood: 5, impact: 5, count: 2, level: 'CRITICAL' });
    expect(inh.rows[4][4].riskIds.sort()).toEqual([a.id, b.id].sort());
    expect(inh.rows[0][1].count).toBe(1);
    expect(inh.rows[2][3].count).toBe(0); // closed
    expect(inh.byLevel).toEqual({ LOW: 1, MEDIUM: 0, HIGH: 0, CRITICAL: 2 });
    const res = (await h.request({ url: `${base()}/risks/heat-map?projectId=${p}&residual=true`, cookie: viewer.cookie })).json<RiskHeatMapView>();
    expect(res.residual).toBe(true);
    expect(res.rows[4][4].count).toBe(1);
    expect(res.rows[1][2]).toMatchObject({ count: 1, riskIds: [a.id], level: 'MEDIUM' });
  });

  it('pages the register by keyset (score, then newest), every risk once, overdue counted over all pages', async () => {
    const paged = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
    const made: RiskDetailView[] = [];
    // 13 risks over 6 scores, with ties, two overdue.
    const ratings: Array<[number, number]> = [[5, 5], [1, 1], [3, 4], [4, 3], [2, 2], [3, 4], [5, 4], [1, 1], [2, 3], [3, 2], [4, 5], [1, 2], [3, 4]];
    for (const [i, [likelihood, impact]] of ratings.entries()) {
      made.push(await addRisk({ title: `Paged risk ${i}`, likelihood, impact, ...(i % 6 === 0 ? { reviewDate: '2021-03-01' } : {}) }, member, paged));
    }
    const seen: RiskListView['items'] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await h.request({ url: `${base()}/risks?projectId=${paged}&limit=4${cursor ? `&cursor=${cursor}` : ''}`, cookie: viewer.cookie });
      expect(res.status, res.text).toBe(200);
      const page: RiskListView = res.json<RiskListView>();
      expect(page.items.length).toBeLessThanOrEqual(4);
      expect(page.overdueCount).toBe(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen.map((r) => r.id).sort()).toEqual(made.map((r) => r.id).sort());
    const expected = [...made].sort((a, b) => b.score - a.score || b.createdAt.localeCompare(a.createdAt) || (a.id < b.id ? 1 : -1));
    expect(seen.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    // a level filter pages the same way
    const high = (await h.request({ url: `${base()}/risks?projectId=${paged}&level=HIGH&limit=2`, cookie: viewer.cookie })).json<RiskListView>();
    expect(high.items.every((r) => r.level === 'HIGH')).toBe(true);
    expect(high.nextCursor).not.toBeNull();
    // a heat-map cell is a filter of the query, so it holds across pages (residual ratings default to the inherent ones)
    const cell = (q: string) => h.request({ url: `${base()}/risks?projectId=${paged}&${q}`, cookie: viewer.cookie }).then((r) => r.json<RiskListView>().items.map((x) => x.id).sort());
    const threeByFour = made.filter((r) => r.likelihood === 3 && r.impact === 4).map((r) => r.id).sort();
    expect(threeByFour).toHaveLength(3);
    expect(await cell('likelihood=3&impact=4')).toEqual(threeByFour);
    expect(await cell('likelihood=3&impact=4&residual=true&limit=2')).toHaveLength(2);
    await h.request({ method: 'PATCH', url: `${base()}/risks/${threeByFour[0]}`, cookie: member.cookie, body: { response: 'MITIGATE', residualLikelihood: 1, residualImpact: 4 } });
    expect(await cell('likelihood=3&impact=4&residual=true')).toEqual(threeByFour.slice(1));
    expect(await cell('likelihood=1&impact=4&residual=true')).toEqual([threeByFour[0]]);
    const bad = await h.request({ url: `${base()}/risks?cursor=not-a-cursor`, cookie: viewer.cookie });
    expect(bad.status).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/cursor/);
  });

  it('filters the register and flags overdue reviews', async () => {
    const late = await addRisk({ title: 'GPU quota may run out', category: 'COMPUTE', likelihood: 4, impact: 3, reviewDate: '2020-01-15' }, member, otherProjectId);
    await addRisk({ title: 'Key engineer may leave', category: 'TALENT', likelihood: 2, impact: 3, reviewDate: '2999-01-01' }, member, otherProjectId);
    const all = (await h.request({ url: `${base()}/risks?projectId=${otherProjectId}`, cookie: viewer.cookie })).json<RiskListView>();
    expect(all.items).toHaveLength(2);
    expect(all.overdueCount).toBe(1);
    expect(all.items.find((r) => r.id === late.id)!.overdue).toMatchObject({ reason: 'PAST_REVIEW_DATE' });
    expect(all.items.find((r) => r.id === late.id)!.overdue!.daysOverdue).toBeGreaterThan(365);
    const overdue = (await h.request({ url: `${base()}/risks?projectId=${otherProjectId}&overdue=true`, cookie: viewer.cookie })).json<RiskListView>();
    expect(overdue.items.map((r) => r.id)).toEqual([late.id]);
    const talent = (await h.request({ url: `${base()}/risks?projectId=${otherProjectId}&category=TALENT`, cookie: viewer.cookie })).json<RiskListView>();
    expect(talent.items.map((r) => r.title)).toEqual(['Key engineer may leave']);
    const high = (await h.request({ url: `${base()}/risks?projectId=${otherProjectId}&level=HIGH`, cookie: viewer.cookie })).json<RiskListView>();
    expect(high.items.map((r) => r.id)).toEqual([late.id]);
    const bad = await h.request({ url: `${base()}/risks?level=SEVERE`, cookie: viewer.cookie });
    expect(bad.status).toBe(400);
  });

  it('lets VIEWER read but not write; deletion is audited', async () => {
    const r = await addRisk({});
    expect((await h.request({ url: `${base()}/risks/${r.id}`, cookie: viewer.cookie })).status).toBe(200);
    expect((await h.request({ method: 'POST', url: `${base()}/projects/${projectId}/risks`, cookie: viewer.cookie, body: { title: 'nope nope', category: 'MARKET', likelihood: 1, impact: 1 } })).status).toBe(403);
    expect((await move(r.id, 'ASSESSED', '', viewer)).status).toBe(403);
    expect((await h.request({ method: 'DELETE', url: `${base()}/risks/${r.id}`, cookie: viewer.cookie })).status).toBe(403);
    expect((await h.request({ method: 'DELETE', url: `${base()}/risks/${r.id}`, cookie: member.cookie })).status).toBe(204);
    expect((await h.request({ url: `${base()}/risks/${r.id}`, cookie: viewer.cookie })).status).toBe(404);
    const log = await h.request({ url: `${base()}/audit-logs?action=risk.delete`, cookie: owner.cookie });
    expect(log.status, log.text).toBe(200);
    expect(log.json<{ items: { targetId: string; metadata: { title: string } }[] }>().items.find((i) => i.targetId === r.id)?.metadata.title).toBe('Label leakage in training data');
  });
});

describe('AI Act tier and compliance checklist', () => {
  it('sets a tier with its obligations, enforces the checklist rules, and follows a tier change', async () => {
    const url = `${base()}/projects/${projectId}/governance`;
    const empty = (await h.request({ url, cookie: viewer.cookie })).json<ProjectGovernanceView>();
    expect(empty).toMatchObject({ aiActTier: null, checklist: [] });
    const high = await h.request({ method: 'PUT', url: `${url}/ai-act-tier`, cookie: member.cookie, body: { tier: 'HIGH', rationale: 'Annex III 4(a): recruitment' } });
    expect(high.status, high.text).toBe(200);
    const g = high.json<ProjectGovernanceView>();
    expect(g.aiActTier).toBe('HIGH');
    expect(g.tierInfo?.title).toBeTruthy();
    const frameworks = new Set(g.checklist.map((i) => i.framework));
    expect([...frameworks].sort()).toEqual(['CCPA', 'DATA_SHARING', 'EU_AI_ACT', 'EXPORT_CONTROL', 'GDPR', 'IP_LICENSING']);
    const aiItems = g.checklist.filter((i) => i.framework === 'EU_AI_ACT');
    expect(aiItems.some((i) => /Art\. 9\b/.test(i.reference))).toBe(true);
    expect(g.summary).toMatchObject({ done: 0, percentDone: 0 });
    const item = aiItems.find((i) => /Art\. 9\b/.test(i.reference))!;
    const itemUrl = `${url}/checklist/${item.itemId}`;
    const noEvidence = await h.request({ method: 'PATCH', url: itemUrl, cookie: member.cookie, body: { status: 'DONE', ownerId: member.userId } });
    expect(noEvidence.status).toBe(400);
    expect(noEvidence.text).toMatch(/evidence/);
    const done = await h.request({ method: 'PATCH', url: itemUrl, cookie: member.cookie, body: { status: 'DONE', ownerId: member.userId, evidence: [{ label: 'RMS procedure', url: 'https://docs.example.test/rms.pdf' }] } });
    expect(done.status, done.text).toBe(200);
    const after = done.json<ProjectGovernanceView>();
    expect(after.checklist.find((i) => i.itemId === item.itemId)).toMatchObject({ status: 'DONE', ownerName: 'Test User', evidence: [{ label: 'RMS procedure' }] });
    expect(after.summary.done).toBe(1);
    expect((await h.request({ method: 'PATCH', url: itemUrl, cookie: viewer.cookie, body: { notes: 'x' } })).status).toBe(403);
    // down to LIMITED: untouched high-risk obligations go, the one with evidence stays
    const limited = (await h.request({ method: 'PUT', url: `${url}/ai-act-tier`, cookie: member.cookie, body: { tier: 'LIMITED' } })).json<ProjectGovernanceView>();
    const kept = limited.checklist.filter((i) => i.framework === 'EU_AI_ACT');
    expect(kept.some((i) => i.itemId === item.itemId)).toBe(true);
    expect(kept.length).toBeLessThan(aiItems.length);
    expect(kept.some((i) => /Art\. 50/.test(i.reference))).toBe(true);
  });
});
