// Tenancy and roles for the team and progress routes: another organisation's members, roles,
// candidates, review periods, milestones and tasks answer 404 (never data); writes below the
// needed role answer 403; and every one of these operations is in the OpenAPI document as a
// guarded (non-public) route, so openapi.spec.ts walks it for the 401.
import type { Role } from '@meridian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createProject, memberOf, signUp, startHarness, type Harness, type RequestOpts, type TestUser } from './harness';

let h: Harness;
const ROLES: Role[] = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'];

interface Org {
  owner: TestUser;
  users: Record<Role, TestUser>;
  keys: Record<Role, string>;
  projectId: string;
  memberId: string;
  roleId: string;
  candidateId: string;
  periodId: string;
  milestoneId: string;
  taskId: string;
}
let A: Org;
let B: Org;

async function makeOrg(): Promise<Org> {
  const owner = await signUp(h);
  const users = { OWNER: owner } as Record<Role, TestUser>;
  for (const r of ['ADMIN', 'MEMBER', 'VIEWER'] as Role[]) users[r] = await memberOf(h, owner, r);
  const keys = {} as Record<Role, string>;
  for (const r of ROLES) keys[r] = (await createApiKey(h, owner, r)).key;
  const o = `/api/orgs/${owner.orgId}`;
  const post = async <T>(method: 'POST' | 'PUT', url: string, body: unknown) => {
    const res = await h.request({ method, url: `${o}${url}`, cookie: owner.cookie, body });
    expect(res.status, res.text).toBeLessThan(300);
    return res.json<T>();
  };
  const project = await createProject(h, { cookie: owner.cookie }, owner.orgId);
  const member = await post<{ id: string }>('POST', '/team/members', { name: 'Secret Person', role: 'BACKEND' });
  const hiring = await post<{ roles: { id: string }[] }>('POST', '/team/hiring/roles', { title: 'Secret role', role: 'BACKEND', openedAt: '2026-10-01' });
  const roleId = hiring.roles[0].id;
  const withCandidate = await post<{ roles: { candidates: { id: string }[] }[] }>('POST', `/team/hiring/roles/${roleId}/candidates`, { name: 'Secret Candidate', appliedAt: '2026-10-02' });
  const period = await post<{ id: string }>('POST', '/team/reviews/periods', { name: 'H2', startDate: '2026-07-01', endDate: '2026-12-31' });
  const milestone = await post<{ id: string }>('POST', '/milestones', { projectId: project.id, title: 'Secret milestone', goal: { metric: 'auc', threshold: 0.8, startDate: '2026-01-01', deadline: '2027-01-01' } });
  const task = await post<{ id: string }>('POST', `/projects/${project.id}/tasks`, { title: 'Secret task', estimate: 2 });
  return { owner, users, keys, projectId: project.id, memberId: member.id, roleId, candidateId: withCandidate.roles[0].candidates[0].id, periodId: period.id, milestoneId: milestone.id, taskId: task.id };
}

beforeAll(async () => {
  h = await startHarness();
  A = await makeOrg();
  B = await makeOrg();
}, 120_000);
afterAll(async () => h?.close());

/** Every team and progress operation, aimed at `target`'s resources under `orgId`. */
function operations(orgId: string, t: Org): [RequestOpts, Role][] {
  const o = `/api/orgs/${orgId}`;
  const p = `${o}/projects/${t.projectId}`;
  return [
    [{ method: 'GET', url: `${o}/team/roles` }, 'VIEWER'],
    [{ method: 'POST', url: `${o}/team/roles`, body: { key: `PROBE_${Math.random().toString(36).slice(2, 8).toUpperCase()}`, label: 'Probe' } }, 'ADMIN'],
    [{ method: 'GET', url: `${o}/team/members` }, 'VIEWER'],
    [{ method: 'POST', url: `${o}/team/members`, body: { name: 'Probe', role: 'BACKEND' } }, 'MEMBER'],
    [{ method: 'GET', url: `${o}/team/members/${t.memberId}` }, 'VIEWER'],
    [{ method: 'PATCH', url: `${o}/team/members/${t.memberId}`, body: { title: 'Hijacked' } }, 'MEMBER'],
    [{ method: 'PUT', url: `${o}/team/members/${t.memberId}/allocations`, body: { projectId: t.projectId, percent: 10 } }, 'MEMBER'],
    [{ method: 'GET', url: `${o}/team/workload` }, 'VIEWER'],
    [{ method: 'PUT', url: `${o}/team/settings`, body: { allocationCapPct: 150 } }, 'ADMIN'],
    [{ method: 'GET', url: `${o}/team/hiring` }, 'VIEWER'],
    [{ method: 'POST', url: `${o}/team/hiring/roles`, body: { title: 'Probe', role: 'BACKEND', openedAt: '2026-10-01' } }, 'MEMBER'],
    [{ method: 'POST', url: `${o}/team/hiring/roles/${t.roleId}/candidates`, body: { name: 'Probe', appliedAt: '2026-10-05' } }, 'MEMBER'],
    [{ method: 'POST', url: `${o}/team/hiring/candidates/${t.candidateId}/moves`, body: { stage: 'REJECTED', at: '2026-10-06' } }, 'MEMBER'],
    [{ method: 'POST', url: `${o}/team/hiring/roles/${t.roleId}/close`, body: { closedAt: '2026-10-07' } }, 'MEMBER'],
    [{ method: 'GET', url: `${o}/team/reviews` }, 'VIEWER'],
    [{ method: 'POST', url: `${o}/team/reviews/periods`, body: { name: `Probe ${Math.random()}`, startDate: '2026-01-01', endDate: '2026-03-31' } }, 'ADMIN'],
    [{ method: 'PUT', url: `${o}/team/reviews/periods/${t.periodId}/reviews`, body: { memberId: t.memberId, scores: [{ kpi: 'teamwork', score: 1 }] } }, 'ADMIN'],
    [{ method: 'DELETE', url: `${o}/team/members/${t.memberId}` }, 'ADMIN'],
    [{ method: 'GET', url: `${o}/milestones` }, 'VIEWER'],
    [{ method: 'GET', url: `${o}/milestones?projectId=${t.projectId}` }, 'VIEWER'],
    [{ method: 'POST', url: `${o}/milestones`, body: { projectId: t.projectId, title: 'Probe', goal: { metric: 'auc', threshold: 0.8, startDate: '2026-01-01', deadline: '2027-01-01' } } }, 'MEMBER'],
    [{ method: 'GET', url: `${o}/milestones/${t.milestoneId}` }, 'VIEWER'],
    [{ method: 'POST', url: `${o}/milestones/${t.milestoneId}/observations`, body: { date: '2026-02-01', value: 0.1 } }, 'MEMBER'],
    [{ method: 'GET', url: `${p}/tasks` }, 'VIEWER'],
    [{ method: 'POST', url: `${p}/tasks`, body: { title: 'Probe', estimate: 1 } }, 'MEMBER'],
    [{ method: 'PATCH', url: `${p}/tasks/${t.taskId}`, body: { status: 'DONE' } }, 'MEMBER'],
    [{ method: 'GET', url: `${p}/plan` }, 'VIEWER'],
    [{ method: 'GET', url: `${p}/lifecycle` }, 'VIEWER'],
    [{ method: 'DELETE', url: `${p}/tasks/${t.taskId}` }, 'MEMBER'],
    [{ method: 'DELETE', url: `${o}/milestones/${t.milestoneId}` }, 'MEMBER'],
  ];
}

const callers = (org: Org) => [
  ...ROLES.map((r) => ({ role: r, label: `${r} user`, auth: { cookie: org.users[r].cookie } })),
  ...ROLES.map((r) => ({ role: r, label: `${r} API key`, auth: { apiKey: org.keys[r] } })),
];
const SECRETS = (o: Org) => [o.memberId, o.candidateId, o.milestoneId, o.taskId, 'Secret Person', 'Secret Candidate', 'Secret milestone', 'Secret task'];

describe('team and progress tenancy', () => {
  it("A's callers get 404 for B's organisation and for B's ids used under A", async () => {
    const leaks: string[] = [];
    for (const c of callers(A)) {
      const cross = operations(B.owner.orgId, B).map(([r]) => ({ r, own: false }));
      // List routes under A's own organisation are A's data; only id-bearing routes matter there.
      const foreign = operations(A.owner.orgId, B)
        .map(([r]) => r)
        .filter((r) => [B.projectId, B.memberId, B.roleId, B.candidateId, B.periodId, B.milestoneId, B.taskId].some((id) => r.url.includes(id) || JSON.stringify(r.body ?? {}).includes(id)))
        .map((r) => ({ r, own: true }));
      for (const { r, own } of [...cross, ...foreign]) {
        const res = await h.request({ ...r, ...c.auth });
        const code = res.json<{ error?: { code?: string } }>()?.error?.code;
        const refused =
          (res.status === 404 && code === 'NOT_FOUND') || (own && res.status === 403 && code === 'FORBIDDEN') || (own && res.status === 400 && code === 'VALIDATION_FAILED');
        if (!refused) leaks.push(`${c.label}: ${r.method} ${r.url} -> ${res.status} ${res.text.slice(0, 120)}`);
        for (const s of SECRETS(B)) if (res.text.includes(s) && !r.url.includes(s)) leaks.push(`${c.label}: ${r.method} ${r.url} mentions ${s}`);
      }
    }
    expect(leaks).toEqual([]);
    // B's data is intact.
    const m = await h.request({ url: `/api/orgs/${B.owner.orgId}/team/members/${B.memberId}`, cookie: B.owner.cookie });
    expect(m.json<{ title: string; allocations: unknown[] }>()).toMatchObject({ title: '', allocations: [] });
    const tasks = await h.request({ url: `/api/orgs/${B.owner.orgId}/projects/${B.projectId}/tasks`, cookie: B.owner.cookie });
    expect(tasks.json<{ status: string }[]>().map((t) => t.status)).toEqual(['TODO']);
  }, 120_000);

  it('each role reaches exactly the operations its rank allows (403 below)', async () => {
    const rank: Record<Role, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };
    const wrong: string[] = [];
    for (const c of callers(A).filter((x) => x.role !== 'OWNER')) {
      // Deletes last, and re-made per caller, so each caller probes live resources.
      for (const [r, needed] of operations(A.owner.orgId, A)) {
        if (r.method === 'DELETE') continue;
        const res = await h.request({ ...r, ...c.auth });
        const allowed = rank[c.role] >= rank[needed];
        const ok = allowed ? res.status < 400 || res.status === 409 || (res.status === 400 && r.url.includes('/moves')) : res.status === 403;
        if (!ok) wrong.push(`${c.label}: ${r.method} ${r.url} -> ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('lists every operation in the OpenAPI document as guarded, so the 401 walk covers it', async () => {
    const doc = (await h.request({ url: '/api/docs/json' })).json<{ paths: Record<string, Record<string, { 'x-public'?: boolean }>> }>();
    const expected = [
      'get /api/orgs/{orgId}/team/roles', 'post /api/orgs/{orgId}/team/roles', 'get /api/orgs/{orgId}/team/members', 'post /api/orgs/{orgId}/team/members',
      'get /api/orgs/{orgId}/team/members/{memberId}', 'patch /api/orgs/{orgId}/team/members/{memberId}', 'delete /api/orgs/{orgId}/team/members/{memberId}',
      'put /api/orgs/{orgId}/team/members/{memberId}/allocations', 'get /api/orgs/{orgId}/team/workload', 'put /api/orgs/{orgId}/team/settings',
      'get /api/orgs/{orgId}/team/hiring', 'post /api/orgs/{orgId}/team/hiring/roles', 'post /api/orgs/{orgId}/team/hiring/roles/{roleId}/candidates',
      'post /api/orgs/{orgId}/team/hiring/candidates/{candidateId}/moves', 'post /api/orgs/{orgId}/team/hiring/roles/{roleId}/close', 'get /api/orgs/{orgId}/team/reviews', 'post /api/orgs/{orgId}/team/reviews/periods',
      'put /api/orgs/{orgId}/team/reviews/periods/{periodId}/reviews', 'get /api/orgs/{orgId}/milestones', 'post /api/orgs/{orgId}/milestones',
      'get /api/orgs/{orgId}/milestones/{milestoneId}', 'delete /api/orgs/{orgId}/milestones/{milestoneId}', 'post /api/orgs/{orgId}/milestones/{milestoneId}/observations',
      'get /api/orgs/{orgId}/projects/{projectId}/tasks', 'post /api/orgs/{orgId}/projects/{projectId}/tasks', 'patch /api/orgs/{orgId}/projects/{projectId}/tasks/{taskId}',
      'delete /api/orgs/{orgId}/projects/{projectId}/tasks/{taskId}', 'get /api/orgs/{orgId}/projects/{projectId}/plan', 'get /api/orgs/{orgId}/projects/{projectId}/lifecycle',
    ];
    for (const e of expected) {
      const [m, path] = e.split(' ');
      expect(doc.paths[path]?.[m], e).toBeTruthy();
      expect(doc.paths[path][m]['x-public'], e).toBeFalsy();
    }
    // Spot-check the 401 here too, cheaply, for one route of each controller.
    for (const url of ['/api/orgs/x/team/members', '/api/orgs/x/milestones', '/api/orgs/x/projects/y/plan']) {
      expect((await h.request({ url })).status, url).toBe(401);
    }
  });
});
