// Milestones update themselves: a finished run's or a registered model version's test metrics move a
// milestone's progress, as the best value so far in the milestone's direction, with metric aliases
// read as the promotion gate reads them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@meridian/db';
import { createProject, signUp, startHarness, type Harness, type TestUser } from './harness';

let h: Harness;
let owner: TestUser;
beforeAll(async () => {
  h = await startHarness();
  owner = await signUp(h);
});
afterAll(async () => h?.close());

type Milestone = { id: string; status: string; progressPct: number; current: number | null; source: string; observations: { value: number; source: string }[] };
const call = (method: 'GET' | 'POST', url: string, body?: unknown) => h.request({ method, url: `/api/orgs/${owner.orgId}${url}`, cookie: owner.cookie, body });
const milestone = async (id: string) => (await call('GET', `/milestones/${id}`)).json<Milestone>();

/** An external run reported through the API and finished with these test metrics. */
async function finishedRun(projectId: string, name: string, testMetrics: Record<string, number>): Promise<string> {
  const run = await call('POST', '/runs/external', { projectId, name, params: { model: 'test' } });
  expect(run.status, run.text).toBe(201);
  const id = run.json<{ id: string }>().id;
  const fin = await call('POST', `/runs/${id}/finish`, { status: 'SUCCEEDED', testMetrics });
  expect(fin.status, fin.text).toBe(200);
  return id;
}

describe('milestones fed by measured metrics', () => {
  it('moves with finished runs and registered model versions, keeping the best value', async () => {
    const p = await createProject(h, owner, owner.orgId);
    const created = await call('POST', '/milestones', { projectId: p.id, title: 'Accuracy 0.90', goal: { metric: 'accuracy', threshold: 0.9, startDate: '2026-01-01', deadline: '2099-12-31', baseline: 0.5 } });
    expect(created.status, created.text).toBe(201);
    const id = created.json<Milestone>().id;
    expect(await milestone(id)).toMatchObject({ current: null, progressPct: 0, source: 'none yet' });

    await finishedRun(p.id, 'baseline', { accuracy: 0.7, loss: 0.6 });
    expect(await milestone(id)).toMatchObject({ current: 0.7, progressPct: 50, source: 'run "baseline"', status: 'ON_TRACK' });

    // A worse run later does not undo progress: the better model still exists.
    await finishedRun(p.id, 'worse', { accuracy: 0.6 });
    expect(await milestone(id)).toMatchObject({ current: 0.7, progressPct: 50 });

    // Registering the run as a model version counts it once, as the version.
    const runId = await finishedRun(p.id, 'good', { accuracy: 0.95 });
    await h.db.prisma.modelVersion.create({ data: { id: newId(), organizationId: owner.orgId, projectId: p.id, runId, version: 1, artifactKey: `models/${runId}`, testMetrics: { accuracy: 0.95 } } });
    const done = await milestone(id);
    expect(done).toMatchObject({ current: 0.95, progressPct: 100, status: 'ACHIEVED', source: 'model v1' });
    expect(done.observations.filter((o) => o.value === 0.95)).toHaveLength(1);
  });

  it('reads aliases (auc → rocAuc) and takes the lowest value for an at-most goal', async () => {
    const p = await createProject(h, owner, owner.orgId);
    const auc = (await call('POST', '/milestones', { projectId: p.id, title: 'AUC', goal: { metric: 'auc', threshold: 0.8, startDate: '2026-01-01', deadline: '2099-12-31' } })).json<Milestone>();
    const loss = (await call('POST', '/milestones', { projectId: p.id, title: 'RMSE', goal: { metric: 'rmse', threshold: 2, direction: 'AT_MOST', startDate: '2026-01-01', deadline: '2099-12-31', baseline: 6 } })).json<Milestone>();
    await finishedRun(p.id, 'first', { rocAuc: 0.82, rmse: 4 });
    await finishedRun(p.id, 'second', { rocAuc: 0.75, rmse: 5 });
    expect(await milestone(auc.id)).toMatchObject({ current: 0.82, status: 'ACHIEVED' });
    expect(await milestone(loss.id)).toMatchObject({ current: 4, progressPct: 50, source: 'run "first"' });
  });
});
