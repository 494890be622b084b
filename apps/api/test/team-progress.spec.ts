// Team (allocations and their hard cap, hiring and time to hire, review scores) and progress
// (milestones, tasks, CPM through the API, cycles refused with nothing saved) end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, signUp, startHarness, type Harness, type TestUser } from './harness';

let h: Harness;
let owner: TestUser;
let base: string;
beforeAll(async () => {
  h = await startHarness();
  owner = await signUp(h);
  base = `/api/orgs/${owner.orgId}`;
});
afterAll(async () => h?.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) => h.request({ method, url: `${base}${url}`, cookie: owner.cookie, body });
type Member = { id: string; totalAllocationPct: number; overAllocated: boolean; allocations: { projectId: string; percent: number }[] };
type Err = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };

describe('team members and allocations', () => {
  it('tracks workload, flags over 100 % and refuses a total above the hard cap with nothing changed', async () => {
    const [p1, p2, p3] = [await createProject(h, owner, owner.orgId), await createProject(h, owner, owner.orgId), await createProject(h, owner, owner.orgId)];
    const created = await call('POST', '/team/members', { name: 'Ada Byrne', role: 'ML_ENGINEER', skills: [{ name: 'PyTorch', level: 5 }, { name: 'SQL', level: 3 }] });
    expect(created.status, created.text).toBe(201);
    const m = created.json<Member>();

    expect((await call('PUT', `/team/members/${m.id}/allocations`, { projectId: p1.id, percent: 70 })).status).toBe(200);
    const over = await call('PUT', `/team/members/${m.id}/allocations`, { projectId: p2.id, percent: 50 });
    expect(over.status, over.text).toBe(200);
    expect(over.json<Member>()).toMatchObject({ totalAllocationPct: 120, overAllocated: true });

    const workload = await call('GET', '/team/workload');
    expect(workload.json<{ allocationCapPct: number; overAllocatedCount: number }>()).toMatchObject({ allocationCapPct: 150, overAllocatedCount: 1 });

    // 120 + 40 = 160 > 150: refused, nothing written.
    const refused = await call('PUT', `/team/members/${m.id}/allocations`, { projectId: p3.id, percent: 40 });
    expect(refused.status).toBe(400);
    expect(refused.json<Err>().error.message).toMatch(/160 %.*cap of 150 %/);
    const after = (await call('GET', `/team/members/${m.id}`)).json<Member>();
    expect(after.totalAllocationPct).toBe(120);
    expect(after.allocations.map((a) => a.projectId)).not.toContain(p3.id);

    // One allocation above 100 % is a validation error too.
    expect((await call('PUT', `/team/members/${m.id}/allocations`, { projectId: p3.id, percent: 101 })).status).toBe(400);
    // Changing an existing allocation counts its new value, not both.
    expect((await call('PUT', `/team/members/${m.id}/allocations`, { projectId: p1.id, percent: 100 })).json<Member>().totalAllocationPct).toBe(150);
    // The cap is configurable per organisation.
    expect((await call('PUT', '/team/settings', { allocationCapPct: 200 })).status).toBe(200);
    expect((await call('PUT', `/team/members/${m.id}/allocations`, { projectId: p3.id, percent: 40 })).json<Member>().totalAllocationPct).toBe(190);
    // 0 removes an allocation.
    expect((await call('PUT', `/team/members/${m.id}/allocations`, { projectId: p3.id, percent: 0 })).json<Member>().totalAllocationPct).toBe(150);
  });

  it('holds the cap under concurrent allocations: of two racing requests only one fits', async () => {
    const [p1, p2, p3] = [await createProject(h, owner, owner.orgId), await createProject(h, owner, owner.orgId), await createProject(h, owner, owner.orgId)];
    await call('PUT', '/team/settings', { allocationCapPct: 150 });
    const m = (await call('POST', '/team/members', { name: 'Race Person', role: 'BACKEND' })).json<Member>();
    expect((await call('PUT', `/team/members/${m.id}/allocations`, { projectId: p1.id, percent: 100 })).status).toBe(200);
    const [a, b] = await Promise.all([
      call('PUT', `/team/members/${m.id}/allocations`, { projectId: p2.id, percent: 40 }),
      call('PUT', `/team/members/${m.id}/allocations`, { projectId: p3.id, percent: 40 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    expect((await call('GET', `/team/members/${m.id}`)).json<Member>().totalAllocationPct).toBe(140);
  });

  it('accepts custom roles and refuses an unknown role or a skill level outside 1..5', async () => {
    expect((await call('POST', '/team/members', { name: 'X', role: 'DEVREL' })).status).toBe(400);
    expect((await call('POST', '/team/roles', { key: 'DEVREL', label: 'Developer relations' })).status).toBe(201);
    expect((await call('POST', '/team/members', { name: 'X', role: 'DEVREL' })).json<{ roleLabel: string }>().roleLabel).toBe('Developer relations');
    expect((await call('POST', '/team/members', { name: 'Y', role: 'BACKEND', skills: [{ name: 'Go', level: 6 }] })).status).toBe(400);
    const roles = (await call('GET', '/team/roles')).json<{ key: string }[]>().map((r) => r.key);
    expect(roles).toEqual(expect.arrayContaining(['PROJECT_MANAGER', 'COMPLIANCE', 'DEVREL']));
  });
});

describe('hiring pipeline', () => {
  it('moves candidates through dated stages and computes time to hire per role and on average', async () => {
    type Hiring = { roles: { id: string; title: string; timeToHireDays: number | null; candidates: { id: string; name: string; stage: string; events: unknown[] }[] }[]; averageTimeToHireDays: number | null; filledCount: number };
    let hiring = (await call('POST', '/team/hiring/roles', { title: 'Senior ML engineer', role: 'ML_ENGINEER', openedAt: '2026-09-01' })).json<Hiring>();
    const role = hiring.roles.find((r) => r.title === 'Senior ML engineer')!;
    hiring = (await call('POST', `/team/hiring/roles/${role.id}/candidates`, { name: 'Kai', appliedAt: '2026-09-03' })).json<Hiring>();
    hiring = (await call('POST', `/team/hiring/roles/${role.id}/candidates`, { name: 'Lena', appliedAt: '2026-09-05' })).json<Hiring>();
    const [kai, lena] = hiring.roles.find((r) => r.id === role.id)!.candidates;
    for (const [stage, at] of [['TECHNICAL_INTERVIEW', '2026-09-10'], ['BEHAVIOURAL_INTERVIEW', '2026-09-15'], ['OFFER', '2026-09-20'], ['HIRED', '2026-09-29']]) {
      const r = await call('POST', `/team/hiring/candidates/${kai.id}/moves`, { stage, at, note: `${stage} done` });
      expect(r.status, r.text).toBe(201);
    }
    // A stage event dated before the previous one is refused.
    expect((await call('POST', `/team/hiring/candidates/${lena.id}/moves`, { stage: 'TECHNICAL_INTERVIEW', at: '2026-09-01' })).status).toBe(400);
    // The hired candidate's candidacy is closed.
    expect((await call('POST', `/team/hiring/candidates/${kai.id}/moves`, { stage: 'REJECTED', at: '2026-10-01' })).status).toBe(409);

    hiring = (await call('GET', '/team/hiring')).json<Hiring>();
    const filled = hiring.roles.find((r) => r.id === role.id)!;
    expect(filled.timeToHireDays).toBe(28);
    expect(filled.candidates.find((c) => c.id === kai.id)).toMatchObject({ stage: 'HIRED' });
    expect(filled.candidates.find((c) => c.id === kai.id)!.events).toHaveLength(5);

    const r2 = (await call('POST', '/team/hiring/roles', { title: 'Designer', role: 'FRONTEND', openedAt: '2026-10-01' })).json<Hiring>().roles.find((r) => r.title === 'Designer')!;
    const c2 = (await call('POST', `/team/hiring/roles/${r2.id}/candidates`, { name: 'Mo', appliedAt: '2026-10-02' })).json<Hiring>().roles.find((r) => r.id === r2.id)!.candidates[0];
    hiring = (await call('POST', `/team/hiring/candidates/${c2.id}/moves`, { stage: 'HIRED', at: '2026-10-15' })).json<Hiring>();
    expect(hiring.filledCount).toBe(2);
    expect(hiring.averageTimeToHireDays).toBe(21);
  });

  it('closes a role without a hire: no time to hire, no new candidates, dates checked', async () => {
    type Role = { id: string; title: string; status: string; closedAt: string | null; timeToHireDays: number | null };
    type Hiring = { roles: Role[]; filledCount: number; averageTimeToHireDays: number | null };
    const before = (await call('GET', '/team/hiring')).json<Hiring>();
    const role = (await call('POST', '/team/hiring/roles', { title: 'Growth marketer', role: 'MARKETING', openedAt: '2026-10-10' })).json<Hiring>().roles.find((r) => r.title === 'Growth marketer')!;
    expect(role).toMatchObject({ status: 'OPEN', closedAt: null });
    const early = await call('POST', `/team/hiring/roles/${role.id}/close`, { closedAt: '2026-10-01' });
    expect(early.status, early.text).toBe(400);
    expect(early.json<Err>().error.issues!.map((i) => i.path)).toEqual(['closedAt']);
    const closed = await call('POST', `/team/hiring/roles/${role.id}/close`, { closedAt: '2026-11-01' });
    expect(closed.status, closed.text).toBe(200);
    const after = closed.json<Hiring>();
    expect(after.roles.find((r) => r.id === role.id)).toMatchObject({ status: 'CLOSED', closedAt: '2026-11-01', timeToHireDays: null });
    // Closing without a hire changes neither the filled count nor the average time to hire.
    expect([after.filledCount, after.averageTimeToHireDays]).toEqual([before.filledCount, before.averageTimeToHireDays]);
    expect((await call('POST', `/team/hiring/roles/${role.id}/close`, { closedAt: '2026-11-02' })).status).toBe(409);
    const late = await call('POST', `/team/hiring/roles/${role.id}/candidates`, { name: 'Too late', appliedAt: '2026-11-03' });
    expect(late.status).toBe(409);
    expect(late.json<Err>().error.message).toMatch(/closed on 2026-11-01/);
  });
});

describe('reviews', () => {
  it('validates scores 1..5 (400, nothing written) and rolls the team up per KPI', async () => {
    const a = (await call('POST', '/team/members', { name: 'Rev One', role: 'BACKEND' })).json<Member>();
    const b = (await call('POST', '/team/members', { name: 'Rev Two', role: 'FRONTEND' })).json<Member>();
    const period = (await call('POST', '/team/reviews/periods', { name: 'H2 2026', startDate: '2026-07-01', endDate: '2026-12-31' })).json<{ id: string }>();

    const bad = await call('PUT', `/team/reviews/periods/${period.id}/reviews`, { memberId: a.id, scores: [{ kpi: 'teamwork', score: 4 }, { kpi: 'technical_ability', score: 6 }] });
    expect(bad.status).toBe(400);
    expect(bad.json<Err>().error.issues?.[0].path).toBe('scores.1.score');
    expect((await call('PUT', `/team/reviews/periods/${period.id}/reviews`, { memberId: a.id, scores: [{ kpi: 'teamwork', score: 0 }] })).status).toBe(400);

    type Period = { id: string; reviews: unknown[]; rollup: { kpi: string; average: number; count: number }[]; teamAverage: number | null };
    let periods = (await call('GET', '/team/reviews')).json<Period[]>();
    expect(periods.find((p) => p.id === period.id)!.reviews).toHaveLength(0);

    await call('PUT', `/team/reviews/periods/${period.id}/reviews`, { memberId: a.id, scores: [{ kpi: 'technical_ability', score: 5 }, { kpi: 'teamwork', score: 3 }, { kpi: 'customer_focus', score: 4 }] });
    const ok = await call('PUT', `/team/reviews/periods/${period.id}/reviews`, { memberId: b.id, scores: [{ kpi: 'technical_ability', score: 3 }, { kpi: 'teamwork', score: 4 }] });
    expect(ok.status, ok.text).toBe(200);
    periods = (await call('GET', '/team/reviews')).json<Period[]>();
    const p = periods.find((x) => x.id === period.id)!;
    expect(p.rollup).toEqual([
      { kpi: 'technical_ability', average: 4, count: 2 },
      { kpi: 'teamwork', average: 3.5, count: 2 },
      { kpi: 'customer_focus', average: 4, count: 1 },
    ]);
    expect(p.teamAverage).toBe(3.8);
  });
});

describe('progress: tasks, CPM and milestones', () => {
  type Task = { id: string; title: string; status: string };
  type Plan = { projectDuration: number; criticalPath: string[]; tasks: { id: string; totalSlack: number; critical: boolean; earliestStart: number }[]; burnup: { scope: number; done: number }[] };

  it('computes the critical path through the API and refuses a cycle with a 400 naming it, saving nothing', async () => {
    const p = await createProject(h, owner, owner.orgId);
    const t = async (title: string, estimate: number, dependsOn: string[] = []) => {
      const r = await call('POST', `/projects/${p.id}/tasks`, { title, estimate, dependsOn });
      expect(r.status, r.text).toBe(201);
      return r.json<Task>();
    };
    const data = await t('Collect data', 3);
    const model = await t('Train model', 4, [data.id]);
    const docs = await t('Write docs', 1, [data.id]);
    const ship = await t('Ship', 0, [model.id, docs.id]);

    const plan = (await call('GET', `/projects/${p.id}/plan?startDate=2026-11-23`)).json<Plan>();
    expect(plan.projectDuration).toBe(7);
    expect(plan.criticalPath).toEqual([data.id, model.id, ship.id]);
    expect(plan.tasks.find((x) => x.id === docs.id)).toMatchObject({ totalSlack: 3, critical: false, earliestStart: 3 });

    const before = (await call('GET', `/projects/${p.id}/tasks`)).json<{ id: string; dependsOn: string[] }[]>();
    const cyc = await call('PATCH', `/projects/${p.id}/tasks/${data.id}`, { dependsOn: [ship.id] });
    expect(cyc.status).toBe(400);
    expect(cyc.json<Err>().error.message).toMatch(/cycle: "Collect data" → "Train model" → "Ship" → "Collect data"/);
    expect(cyc.json<Err>().error.message).toMatch(/nothing was saved/);
    expect((await call('GET', `/projects/${p.id}/tasks`)).json()).toEqual(before);

    const newCyc = await call('POST', `/projects/${p.id}/tasks`, { title: 'Loop', estimate: 1, dependsOn: ['nope'] });
    expect(newCyc.status).toBe(400);
    expect((await call('GET', `/projects/${p.id}/tasks`)).json<unknown[]>()).toHaveLength(4);
    expect((await call('POST', `/projects/${p.id}/tasks`, { title: 'Neg', estimate: -1 })).status).toBe(400);

    // Moving a card persists and feeds the burn-up.
    const moved = await call('PATCH', `/projects/${p.id}/tasks/${data.id}`, { status: 'DONE' });
    expect(moved.json<Task>().status).toBe('DONE');
    const after = (await call('GET', `/projects/${p.id}/plan`)).json<Plan>();
    const last = after.burnup[after.burnup.length - 1];
    expect(last).toMatchObject({ scope: 8, done: 3 });
  });

  it('deleting a task others depend on answers 409 naming them (nothing deleted) unless detach=true', async () => {
    const p = await createProject(h, owner, owner.orgId);
    const mk = async (title: string, dependsOn: string[] = []) => (await call('POST', `/projects/${p.id}/tasks`, { title, estimate: 2, dependsOn })).json<Task>();
    const base = await mk('Label data');
    const a = await mk('Train baseline', [base.id]);
    const b = await mk('Error analysis', [base.id]);
    const leaf = await mk('Write report', [a.id]);

    const refused = await call('DELETE', `/projects/${p.id}/tasks/${base.id}`);
    expect(refused.status, refused.text).toBe(409);
    expect(refused.json<Err>().error.message).toMatch(/"Label data" cannot be deleted: "Train baseline", "Error analysis" depend on it.*detach=true.*nothing was deleted/);
    expect((await call('GET', `/projects/${p.id}/tasks`)).json<unknown[]>()).toHaveLength(4);
    expect((await call('DELETE', `/projects/${p.id}/tasks/${base.id}?detach=maybe`)).status).toBe(400);

    // A task nobody depends on goes at once, with its own dependencies.
    expect((await call('DELETE', `/projects/${p.id}/tasks/${leaf.id}`)).status).toBe(204);
    expect(await h.db.prisma.taskDependency.count({ where: { taskId: leaf.id } })).toBe(0);

    expect((await call('DELETE', `/projects/${p.id}/tasks/${base.id}?detach=true`)).status).toBe(204);
    const left = (await call('GET', `/projects/${p.id}/tasks`)).json<{ id: string; dependsOn: string[] }[]>();
    expect(left.map((t) => [t.id, t.dependsOn])).toEqual([
      [a.id, []],
      [b.id, []],
    ]);
    expect((await call('DELETE', `/projects/${p.id}/tasks/${base.id}`)).status).toBe(404);
  });

  it('derives milestone status from recorded values and checks lifecycle facts from real data', async () => {
    const p = await createProject(h, owner, owner.orgId, { goal: { statement: 'Accurate', metric: 'accuracy', threshold: 0.9, deadline: '2099-01-01' } });
    const created = await call('POST', '/milestones', { projectId: p.id, title: 'Accuracy 0.90', goal: { metric: 'accuracy', threshold: 0.9, startDate: '2026-01-01', deadline: '2099-12-31', baseline: 0.5 } });
    expect(created.status, created.text).toBe(201);
    const m = created.json<{ id: string; status: string }>();
    const observed = await call('POST', `/milestones/${m.id}/observations`, { date: '2026-02-01', value: 0.93 });
    expect(observed.json<{ status: string; current: number; source: string }>()).toMatchObject({ status: 'ACHIEVED', current: 0.93, source: 'manual' });
    const late = await call('POST', '/milestones', { projectId: p.id, title: 'Late', goal: { metric: 'f1', threshold: 0.8, startDate: '2026-01-01', deadline: '2026-06-30' } });
    expect(late.json<{ status: string }>().status).toBe('MISSED');
    const badOwner = await call('POST', '/milestones', { projectId: p.id, title: 'X', ownerId: 'nobody', goal: { metric: 'f1', threshold: 0.8, startDate: '2026-01-01', deadline: '2026-06-30' } });
    expect(badOwner.status).toBe(400);

    type Lifecycle = { stages: { stage: string; criteria: { id: string; status: string }[] }[] };
    const lc = (await call('GET', `/projects/${p.id}/lifecycle`)).json<Lifecycle>();
    const crit = Object.fromEntries(lc.stages.flatMap((s) => s.criteria.map((c) => [c.id, c.status])));
    expect(crit['data.goal-defined']).toBe('MET');
    expect(crit['data.milestone-planned']).toBe('MET');
    expect(crit['data.team-assigned']).toBe('UNMET');
    expect(crit['design.dataset-version']).toBe('UNMET');
    // No audit is required: nothing flagged sensitive, not high-risk.
    expect(crit['deployment.fairness-audit']).toBe('MET');
    expect(crit['deployment.high-risks-owned']).toBe('MET');
    // An open high risk (4 x 4) without an accepted response blocks deployment; accepting it clears that.
    const { newId } = await import('@meridian/db');
    const riskId = newId();
    await h.db.prisma.risk.create({ data: { id: riskId, organizationId: owner.orgId, projectId: p.id, title: 'PII in logs', category: 'PRIVACY_SECURITY', likelihood: 4, impact: 4 } });
    const withRisk = (await call('GET', `/projects/${p.id}/lifecycle`)).json<Lifecycle>();
    expect(withRisk.stages.flatMap((s) => s.criteria).find((c) => c.id === 'deployment.high-risks-owned')?.status).toBe('UNMET');
    await h.db.prisma.risk.update({ where: { id: riskId }, data: { response: 'ACCEPT' } });
    const accepted = (await call('GET', `/projects/${p.id}/lifecycle`)).json<Lifecycle>();
    expect(accepted.stages.flatMap((s) => s.criteria).find((c) => c.id === 'deployment.high-risks-owned')?.status).toBe('MET');
  });
});

describe('demo seed for team and progress', () => {
  it('fills the demo startup once (idempotent) with an over-allocated person, an at-risk milestone and a clear critical path', async () => {
    const { seedDemo } = await import('../src/seed/demo-seed');
    const { seedTeamProgress } = await import('../src/seed/team-progress-seed');
    const demo = await seedDemo(h.db.prisma, 'meridian-demo-2026', 12);
    expect((await seedTeamProgress(h.db.prisma, demo.organizationId)).created).toBe(true);
    expect((await seedTeamProgress(h.db.prisma, demo.organizationId)).created).toBe(false);
    expect(await h.db.prisma.teamMember.count({ where: { organizationId: demo.organizationId } })).toBe(8);

    const login = await h.request({ method: 'POST', url: '/api/auth/login', body: { email: 'demo@meridian.local', password: 'meridian-demo-2026' } });
    const cookie = login.cookie as string;
    const o = `/api/orgs/${demo.organizationId}`;
    const workload = (await h.request({ url: `${o}/team/workload`, cookie })).json<{ overAllocatedCount: number; members: { name: string; totalAllocationPct: number }[] }>();
    expect(workload.overAllocatedCount).toBe(1);
    expect(workload.members[0]).toMatchObject({ name: 'Marcus Chen', totalAllocationPct: 130 });
    type M = { title: string; projectId: string; status: string; current: number | null; source: string };
    const ms = (await h.request({ url: `${o}/milestones`, cookie })).json<M[]>();
    expect(ms.map((m) => m.status)).toContain('AT_RISK');
    // Invoice Reader's milestone has no hand-recorded value: it waits for, then follows, the project's models.
    const reader = ms.find((m) => m.title.startsWith('Read 95 % of amount digits'))!;
    expect(reader).toMatchObject({ current: null, source: 'none yet' });
    const { newId } = await import('@meridian/db');
    const runId = newId();
    await h.db.prisma.trainingRun.create({ data: { id: runId, organizationId: demo.organizationId, projectId: reader.projectId, name: 'digits', status: 'SUCCEEDED', testMetrics: { accuracy: 0.9611 } } });
    await h.db.prisma.modelVersion.create({ data: { id: newId(), organizationId: demo.organizationId, projectId: reader.projectId, runId, version: 1, artifactKey: `models/${runId}`, testMetrics: { accuracy: 0.9611 } } });
    const fed = (await h.request({ url: `${o}/milestones?projectId=${reader.projectId}`, cookie })).json<M[]>();
    expect(fed.find((m) => m.title === reader.title)).toMatchObject({ current: 0.9611, source: 'model v1', status: 'ACHIEVED' });
    const hiring = (await h.request({ url: `${o}/team/hiring`, cookie })).json<{ filledCount: number; averageTimeToHireDays: number }>();
    expect(hiring).toMatchObject({ filledCount: 1, averageTimeToHireDays: 38 });

    const churn = (await h.request({ url: `${o}/projects?limit=50`, cookie })).json<{ items: { id: string; name: string }[] }>().items.find((p) => p.name === 'Churn Radar')!;
    const plan = (await h.request({ url: `${o}/projects/${churn.id}/plan`, cookie })).json<{ projectDuration: number; criticalPath: string[]; tasks: { id: string; title: string }[] }>();
    expect(plan.tasks).toHaveLength(12);
    expect(plan.projectDuration).toBe(28);
    const titles = new Map(plan.tasks.map((t) => [t.id, t.title]));
    expect(plan.criticalPath.map((id) => titles.get(id))).toEqual([
      'Define the churn label and cohorts',
      'Build the product-usage event pipeline',
      'Feature engineering: usage trends and support tickets',
      'Train and tune the gradient-boosted model',
      'Evaluate on the Q1 hold-out and calibrate',
      'Pilot with three customer-success managers',
      'Go/no-go review with the leadership team',
    ]);
  });
});
