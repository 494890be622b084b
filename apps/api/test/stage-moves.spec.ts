// Lifecycle stage moves are checked against the entry criteria from real data: unmet criteria answer
// 422 naming them with nothing saved, an OWNER/ADMIN may override with a reason (audit-logged), and
// "a model passed the goal" follows the metric's direction (RMSE-like goals are maxima).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@meridian/db';
import { createProject, memberOf, signUp, startHarness, type Harness, type TestUser } from './harness';

let h: Harness;
let owner: TestUser;
let member: TestUser;
beforeAll(async () => {
  h = await startHarness();
  owner = await signUp(h);
  member = await memberOf(h, owner, 'MEMBER');
});
afterAll(async () => h?.close());

type Err = { error: { code: string; message: string; issues?: { path: string; message: string; expected?: string }[] } };
type Project = { id: string; name: string; stage: string };
type Lifecycle = { stages: { stage: string; canEnter: boolean; criteria: { id: string; status: string }[] }[] };
const goal = { statement: 'Read invoices', metric: 'accuracy', threshold: 0.9, deadline: '2099-01-01' };

const as = (u: TestUser) => (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown) => h.request({ method, url: `/api/orgs/${owner.orgId}${url}`, cookie: u.cookie, body });
const criterion = (lc: Lifecycle, id: string) => lc.stages.flatMap((s) => s.criteria).find((c) => c.id === id)?.status;

/** A registered model version with these test metrics (a finished run and its version row, as the training job writes them). */
async function modelVersion(projectId: string, version: number, testMetrics: Record<string, number>) {
  const runId = newId();
  await h.db.prisma.trainingRun.create({ data: { id: runId, organizationId: owner.orgId, projectId, name: `run v${version}`, status: 'SUCCEEDED', testMetrics } });
  await h.db.prisma.modelVersion.create({ data: { id: newId(), organizationId: owner.orgId, projectId, runId, version, artifactKey: `models/${runId}`, testMetrics } });
}

describe('stage moves', () => {
  it('refuses a move whose entry criteria are unmet, naming each, and saves nothing of the edit', async () => {
    const p = await createProject(h, owner, owner.orgId, { goal });
    const refused = await as(owner)('PATCH', `/projects/${p.id}`, { stage: 'DATA', name: 'Renamed in the same edit' });
    expect(refused.status, refused.text).toBe(422);
    const body = refused.json<Err>().error;
    expect(body.code).toBe('UNPROCESSABLE');
    expect(body.message).toMatch(/into Data: 2 entry criteria are not met/);
    expect(body.issues?.map((i) => [i.path, i.expected])).toEqual([
      ['stage', 'data.milestone-planned'],
      ['stage', 'data.team-assigned'],
    ]);
    expect(body.issues?.[0].message).toMatch(/no milestone yet/);
    const after = (await as(owner)('GET', `/projects/${p.id}`)).json<Project>();
    expect(after).toMatchObject({ stage: 'PLANNING', name: p.name });

    // Cumulative: TRAINING needs DATA's and DESIGN's criteria too.
    const training = (await as(owner)('PATCH', `/projects/${p.id}`, { stage: 'TRAINING' })).json<Err>().error;
    expect(training.issues?.map((i) => i.expected)).toEqual(['data.milestone-planned', 'data.team-assigned', 'design.dataset-version', 'design.dataset-profiled', 'design.data-governance', 'training.model-spec', 'training.compute-budget']);

    // Once the data exists the same move goes through, and the move is audit-logged without an override.
    await as(owner)('POST', '/milestones', { projectId: p.id, title: 'Accuracy', goal: { metric: 'accuracy', threshold: 0.9, startDate: '2026-01-01', deadline: '2099-12-31' } });
    const person = (await as(owner)('POST', '/team/members', { name: 'Ada Byrne', role: 'ML_ENGINEER' })).json<{ id: string }>();
    expect((await as(owner)('PUT', `/team/members/${person.id}/allocations`, { projectId: p.id, percent: 50 })).status).toBe(200);
    const moved = await as(member)('PATCH', `/projects/${p.id}`, { stage: 'DATA' });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json<Project>().stage).toBe('DATA');
    const log = await h.db.prisma.auditLog.findMany({ where: { targetId: p.id, action: 'project.stage_move' } });
    expect(log.map((l) => l.metadata)).toEqual([{ from: 'PLANNING', to: 'DATA', override: null }]);
  });

  it('lets an owner or admin override with a reason that is audit-logged; a member may not', async () => {
    const p = await createProject(h, owner, owner.orgId, { goal });
    const reason = 'Pilot customer signed; model comes from the vendor';
    const byMember = await as(member)('PATCH', `/projects/${p.id}`, { stage: 'DEPLOYMENT', stageOverrideReason: reason });
    expect(byMember.status, byMember.text).toBe(403);
    const hint = (await as(member)('PATCH', `/projects/${p.id}`, { stage: 'DEPLOYMENT' })).json<Err>().error.message;
    expect(hint).toMatch(/An owner or admin may override/);
    expect((await as(owner)('PATCH', `/projects/${p.id}`, { stage: 'DEPLOYMENT', stageOverrideReason: 'short' })).status).toBe(400);
    expect((await as(owner)('PATCH', `/projects/${p.id}`, { stageOverrideReason: reason })).status).toBe(400);
    expect((await as(owner)('GET', `/projects/${p.id}`)).json<Project>().stage).toBe('PLANNING');
    expect(await h.db.prisma.auditLog.count({ where: { targetId: p.id, action: 'project.stage_move' } })).toBe(0);

    const ok = await as(owner)('PATCH', `/projects/${p.id}`, { stage: 'DEPLOYMENT', stageOverrideReason: reason });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json<Project>().stage).toBe('DEPLOYMENT');
    const [row] = await h.db.prisma.auditLog.findMany({ where: { targetId: p.id, action: 'project.stage_move' } });
    const meta = row.metadata as { from: string; to: string; override: { reason: string; unmet: string[] } };
    expect(row.actorUserId).toBe(owner.userId);
    expect(meta).toMatchObject({ from: 'PLANNING', to: 'DEPLOYMENT', override: { reason } });
    expect(meta.override.unmet).toContain('deployment.goal-passed');
    expect(meta.override.unmet).toContain('evaluation.model-version');

    // Moving back is never checked: reworking a model claims nothing the data must back.
    const back = await as(member)('PATCH', `/projects/${p.id}`, { stage: 'TRAINING' });
    expect(back.status, back.text).toBe(200);
  });

  it('refuses to create a project in a stage a new project cannot meet', async () => {
    const name = `Starts late ${newId()}`;
    const r = await as(owner)('POST', '/projects', { name, startupMode: 'RND', businessModel: 'SAAS', stage: 'EVALUATION', goal });
    expect(r.status, r.text).toBe(422);
    expect(r.json<Err>().error.message).toMatch(/cannot start in Evaluation.*Create it in Planning/);
    expect(r.json<Err>().error.issues?.map((i) => i.expected)).toContain('evaluation.model-version');
    expect(await h.db.prisma.project.count({ where: { organizationId: owner.orgId, name } })).toBe(0);
  });
});

describe('a model passed the goal', () => {
  it('follows the direction of the goal metric: a lower RMSE passes a maximum', async () => {
    const p = await createProject(h, owner, owner.orgId, { goal: { statement: 'Forecast', metric: 'rmse', threshold: 3, deadline: '2099-01-01' } });
    const lc = async () => (await as(owner)('GET', `/projects/${p.id}/lifecycle`)).json<Lifecycle>();
    expect(criterion(await lc(), 'deployment.goal-passed')).toBe('UNMET');
    await modelVersion(p.id, 1, { rmse: 5 });
    // 5 >= 3 passed under the old rule; an RMSE of 5 misses a goal of at most 3.
    expect(criterion(await lc(), 'deployment.goal-passed')).toBe('UNMET');
    await modelVersion(p.id, 2, { rmse: 2.5 });
    expect(criterion(await lc(), 'deployment.goal-passed')).toBe('MET');
  });

  it('reads goal metric aliases as the promotion gate does (auc finds rocAuc)', async () => {
    const p = await createProject(h, owner, owner.orgId, { goal: { statement: 'Rank', metric: 'auc', threshold: 0.8, deadline: '2099-01-01' } });
    await modelVersion(p.id, 1, { rocAuc: 0.85 });
    const lc = (await as(owner)('GET', `/projects/${p.id}/lifecycle`)).json<Lifecycle>();
    expect(criterion(lc, 'deployment.goal-passed')).toBe('MET');
    // No audit is required: no profile flagged a sensitive column and the project is not high-risk.
    expect(criterion(lc, 'deployment.fairness-audit')).toBe('MET');
    expect(criterion(lc, 'monitoring.configured')).toBe('UNMET');
  });
});
