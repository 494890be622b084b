// Runs and models across organisations: every role and API key of A gets 404 for every run and
// model operation on B (by B's path and by B's ids under A's path), VIEWERs cannot write (403), and
// nothing answers without credentials (401).
import { newId } from '@meridian/db';
import type { Role } from '@meridian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createProject, memberOf, signUp, startHarness, type Harness, type RequestOpts, type TestUser } from './harness';

const ROLES: Role[] = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'];
interface Org {
  owner: TestUser;
  users: Record<Role, TestUser>;
  keys: Record<Role, string>;
  projectId: string;
  runId: string;
  modelId: string;
}
let h: Harness;
let A: Org;
let B: Org;

async function makeOrg(): Promise<Org> {
  const owner = await signUp(h);
  const users = { OWNER: owner } as Record<Role, TestUser>;
  for (const r of ['ADMIN', 'MEMBER', 'VIEWER'] as Role[]) users[r] = await memberOf(h, owner, r);
  const keys = {} as Record<Role, string>;
  for (const r of ROLES) keys[r] = (await createApiKey(h, owner, r)).key;
  const projectId = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
  const run = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/runs/external`, cookie: owner.cookie, body: { projectId, name: 'probe run', params: { a: 1 } } });
  expect(run.status, run.text).toBe(201);
  const runId = run.json<{ id: string }>().id;
  const modelId = newId();
  // A registered version without training: the registry routes only read its row here.
  await h.db.prisma.modelVersion.create({ data: { id: modelId, organizationId: owner.orgId, projectId, runId, version: 1, artifactKey: `runs/${runId}/model.pack`, inputSchema: [], testMetrics: { accuracy: 0.9 } } });
  return { owner, users, keys, projectId, runId, modelId };
}

function operations(o: string, t: Org): RequestOpts[] {
  return [
    { method: 'GET', url: `${o}/runs/${t.runId}` },
    { method: 'POST', url: `${o}/runs/${t.runId}/cancel` },
    { method: 'POST', url: `${o}/runs/${t.runId}/finish`, body: { status: 'FAILED' } },
    { method: 'GET', url: `${o}/runs/${t.runId}/metrics` },
    { method: 'POST', url: `${o}/runs/${t.runId}/metrics`, body: { points: [{ key: 'x', step: 0, value: 1 }] } },
    { method: 'GET', url: `${o}/runs/${t.runId}/events` },
    { method: 'GET', url: `${o}/runs/compare?ids=${t.runId}` },
    { method: 'POST', url: `${o}/runs/external`, body: { projectId: t.projectId, name: 'intruder' } },
    { method: 'POST', url: `${o}/runs`, body: { projectId: t.projectId, datasetVersionId: 'nope', labelColumn: 'label', preset: 'mlp-classifier' } },
    { method: 'GET', url: `${o}/models/${t.modelId}` },
    { method: 'POST', url: `${o}/models/${t.modelId}/aliases/champion`, body: { reason: 'hijack' } },
    { method: 'GET', url: `${o}/models/${t.modelId}/aliases/history` },
    { method: 'POST', url: `${o}/models/${t.modelId}/predict`, body: { rows: [{}] } },
    { method: 'GET', url: `${o}/models/${t.modelId}/artifact` },
  ];
}

beforeAll(async () => {
  h = await startHarness();
  A = await makeOrg();
  B = await makeOrg();
}, 120_000);
afterAll(async () => h?.close());

describe('runs and models tenancy', () => {
  it("every role and API key of A gets 404 for B's runs and models, by B's path and by B's ids", async () => {
    const leaks: string[] = [];
    const callers = [...ROLES.map((r) => ({ label: `${r} user`, auth: { cookie: A.users[r].cookie } })), ...ROLES.map((r) => ({ label: `${r} key`, auth: { apiKey: A.keys[r] } }))];
    for (const c of callers) {
      const cross = operations(`/api/orgs/${B.owner.orgId}`, B).map((r) => ({ r, own: false }));
      const foreign = operations(`/api/orgs/${A.owner.orgId}`, B)
        .filter((r) => !r.url.endsWith('/runs/external') && !/\/runs$/.test(r.url))
        .map((r) => ({ r, own: true }));
      for (const { r, own } of [...cross, ...foreign]) {
        const res = await h.request({ ...r, ...c.auth });
        const code = res.json<{ error?: { code?: string } }>()?.error?.code;
        const refused = (res.status === 404 && code === 'NOT_FOUND') || (own && res.status === 403 && code === 'FORBIDDEN');
        if (!refused) leaks.push(`${c.label}: ${r.method} ${r.url} -> ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    expect(leaks).toEqual([]);
    const mine = await h.request({ url: `/api/orgs/${A.owner.orgId}/runs`, cookie: A.owner.cookie });
    expect(mine.json<{ items: Array<{ id: string }> }>().items.map((r) => r.id)).toEqual([A.runId]);
    const models = await h.request({ url: `/api/orgs/${A.owner.orgId}/models`, cookie: A.owner.cookie });
    expect(models.json<{ items: Array<{ id: string }> }>().items.map((m) => m.id)).toEqual([A.modelId]);
  }, 120_000);

  it('VIEWERs cannot start, cancel, log or promote (403); without credentials everything is 401', async () => {
    const o = `/api/orgs/${A.owner.orgId}`;
    const writes = operations(o, A).filter((r) => r.method === 'POST' && !r.url.endsWith('/predict'));
    for (const auth of [{ cookie: A.users.VIEWER.cookie }, { apiKey: A.keys.VIEWER }]) {
      for (const r of writes) {
        const res = await h.request({ ...r, ...auth });
        expect(res.status, `${r.method} ${r.url}`).toBe(403);
      }
    }
    for (const r of operations(o, A)) expect((await h.request(r)).status, `${r.method} ${r.url}`).toBe(401);
  }, 60_000);
});
