// Two organisations, every role and API keys, every resource kind: nothing crosses (404, never
// data), and VIEWER (and each role below what an action needs) cannot write (403).
import type { Role } from '@meridian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetRequests, datasetWrites, makeDataset } from './datasets.helpers';
import { createApiKey, createProject, memberOf, signUp, startHarness, type Harness, type RequestOpts, type TestUser } from './harness';

let h: Harness;
const ROLES: Role[] = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'];

interface Org {
  owner: TestUser;
  users: Record<Role, TestUser>;
  keys: Record<Role, { id: string; key: string }>;
  projectId: string;
  jobId: string;
  keyId: string;
  riskId: string;
  auditId: string;
  datasetId: string;
  datasetVersionId: string;
}
let A: Org;
let B: Org;

async function makeOrg(): Promise<Org> {
  const owner = await signUp(h);
  const users = { OWNER: owner } as Record<Role, TestUser>;
  for (const r of ['ADMIN', 'MEMBER', 'VIEWER'] as Role[]) users[r] = await memberOf(h, owner, r);
  const keys = {} as Record<Role, { id: string; key: string }>;
  for (const r of ROLES) keys[r] = await createApiKey(h, owner, r);
  const project = await createProject(h, { cookie: owner.cookie }, owner.orgId);
  const exp = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/projects/${project.id}/exports`, cookie: owner.cookie });
  expect(exp.status, exp.text).toBe(202);
  const risk = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/projects/${project.id}/risks`, cookie: owner.cookie, body: { title: 'Tenancy probe risk', category: 'MARKET', likelihood: 2, impact: 2 } });
  expect(risk.status, risk.text).toBe(201);
  const audit = await h.request({
    method: 'POST',
    url: `/api/orgs/${owner.orgId}/projects/${project.id}/fairness-audits`,
    cookie: owner.cookie,
    body: { fileName: 'probe.csv', csv: 'y,p,g\n1,1,a\n0,0,a\n1,1,b\n0,0,b\n', options: { audit: { label: 'y', prediction: 'p', sensitive: ['g'] } } },
  });
  expect(audit.status, audit.text).toBe(202);
  const auditId = audit.json<{ id: string }>().id;
  return { owner, users, keys, projectId: project.id, jobId: exp.json<{ id: string }>().id, keyId: keys.VIEWER.id, riskId: risk.json<{ id: string }>().id, auditId, ...(await makeDataset(h, owner, project.id)) };
}

type Caller = { label: string; auth: { cookie?: string; apiKey?: string } };
function callersOf(org: Org): Caller[] {
  return [
    ...ROLES.map((r) => ({ label: `${r} user`, auth: { cookie: org.users[r].cookie } })),
    ...ROLES.map((r) => ({ label: `${r} API key`, auth: { apiKey: org.keys[r].key } })),
  ];
}

/** Every REST operation on another organisation's resources. */
function crossOrgRequests(target: Org): RequestOpts[] {
  const o = `/api/orgs/${target.owner.orgId}`;
  return [
    { method: 'GET', url: `${o}/projects` },
    { method: 'POST', url: `${o}/projects`, body: { name: 'Intruder', startupMode: 'RND', businessModel: 'SAAS' } },
    { method: 'GET', url: `${o}/projects/${target.projectId}` },
    { method: 'PATCH', url: `${o}/projects/${target.projectId}`, body: { name: 'Hijacked' } },
    { method: 'DELETE', url: `${o}/projects/${target.projectId}` },
    { method: 'POST', url: `${o}/projects/${target.projectId}/exports` },
    { method: 'GET', url: `${o}/jobs` },
    { method: 'GET', url: `${o}/jobs/${target.jobId}` },
    { method: 'GET', url: `${o}/members` },
    { method: 'POST', url: `${o}/members`, body: { email: target.users.VIEWER.email, role: 'ADMIN' } },
    { method: 'PATCH', url: `${o}/members/${target.users.VIEWER.userId}`, body: { role: 'OWNER' } },
    { method: 'DELETE', url: `${o}/members/${target.users.VIEWER.userId}` },
    { method: 'GET', url: `${o}/api-keys` },
    { method: 'POST', url: `${o}/api-keys`, body: { name: 'stolen', role: 'OWNER' } },
    { method: 'DELETE', url: `${o}/api-keys/${target.keyId}` },
    { method: 'GET', url: `${o}/audit-logs` },
    ...riskRequests(o, target),
    ...datasetRequests(o, target),
  ];
}

/** The risk register's operations on `target`'s project and risk, under the organisation path `o`. */
function riskRequests(o: string, target: Org): RequestOpts[] {
  return [
    { method: 'GET', url: `${o}/risks/${target.riskId}` },
    { method: 'PATCH', url: `${o}/risks/${target.riskId}`, body: { title: 'Hijacked risk' } },
    { method: 'POST', url: `${o}/risks/${target.riskId}/transitions`, body: { to: 'ASSESSED' } },
    { method: 'DELETE', url: `${o}/risks/${target.riskId}` },
    { method: 'POST', url: `${o}/projects/${target.projectId}/risks`, body: { title: 'Intruder risk', category: 'MARKET', likelihood: 1, impact: 1 } },
    { method: 'GET', url: `${o}/projects/${target.projectId}/governance` },
    { method: 'PUT', url: `${o}/projects/${target.projectId}/governance/ai-act-tier`, body: { tier: 'MINIMAL' } },
    { method: 'PATCH', url: `${o}/projects/${target.projectId}/governance/checklist/gdpr.dpia`, body: { notes: 'x' } },
    { method: 'GET', url: `${o}/fairness-audits/${target.auditId}` },
    { method: 'POST', url: `${o}/fairness-audits/${target.auditId}/review`, body: { decision: 'APPROVED', note: 'hijacked' } },
    { method: 'POST', url: `${o}/fairness-audits/${target.auditId}/exception`, body: { justification: 'An intruder tries to wave this audit through.' } },
    { method: 'DELETE', url: `${o}/fairness-audits/${target.auditId}/exception` },
    { method: 'POST', url: `${o}/projects/${target.projectId}/fairness-audits/model`, body: { modelVersionId: 'mv-probe', datasetVersionId: target.datasetVersionId, sensitive: ['g'] } },
    { method: 'DELETE', url: `${o}/fairness-audits/${target.auditId}` },
    { method: 'POST', url: `${o}/projects/${target.projectId}/fairness-audits`, body: { fileName: 'x.csv', csv: 'y,p,g\n1,1,a\n0,0,b\n', options: { audit: { label: 'y', prediction: 'p', sensitive: ['g'] } } } },
  ];
}

/** Another organisation's object ids used under the caller's own organisation. */
function foreignIdsInOwnOrg(own: Org, target: Org): RequestOpts[] {
  const o = `/api/orgs/${own.owner.orgId}`;
  return [
    { method: 'GET', url: `${o}/projects/${target.projectId}` },
    { method: 'PATCH', url: `${o}/projects/${target.projectId}`, body: { name: 'Hijacked' } },
    { method: 'DELETE', url: `${o}/projects/${target.projectId}` },
    { method: 'POST', url: `${o}/projects/${target.projectId}/exports` },
    { method: 'GET', url: `${o}/jobs/${target.jobId}` },
    { method: 'PATCH', url: `${o}/members/${target.owner.userId}`, body: { role: 'VIEWER' } },
    { method: 'DELETE', url: `${o}/members/${target.owner.userId}` },
    { method: 'DELETE', url: `${o}/api-keys/${target.keyId}` },
    ...riskRequests(o, target),
    ...datasetRequests(o, target),
  ];
}

const gql = (auth: Caller['auth'], query: string, variables: Record<string, unknown>) =>
  h.request({ method: 'POST', url: '/graphql', ...auth, body: { query, variables } });

const GQL_CROSS = [
  ['projects', 'query($o: ID!) { projects(orgId: $o) { items { id name } } }'],
  ['project', 'query($o: ID!, $p: ID!) { project(orgId: $o, id: $p) { id name } }'],
  ['createProject', 'mutation($o: ID!) { createProject(orgId: $o, input: { name: "Intruder", startupMode: RND, businessModel: SAAS }) { id } }'],
  ['updateProject', 'mutation($o: ID!, $p: ID!) { updateProject(orgId: $o, id: $p, input: { name: "Hijacked" }) { id } }'],
  ['deleteProject', 'mutation($o: ID!, $p: ID!) { deleteProject(orgId: $o, id: $p) }'],
  ['exportProject', 'mutation($o: ID!, $p: ID!) { exportProject(orgId: $o, id: $p) { id } }'],
  ['job', 'query($o: ID!, $j: ID!) { job(orgId: $o, id: $j) { id status } }'],
  ['datasets', 'query($o: ID!, $p: ID) { datasets(orgId: $o, projectId: $p) { items { id name } } }'],
] as const;

beforeAll(async () => {
  h = await startHarness();
  A = await makeOrg();
  B = await makeOrg();
}, 120_000);
afterAll(async () => h?.close());

describe('tenancy: nothing crosses organisations', () => {
  it('every role and every API key of A gets 404 for every REST resource of B', async () => {
    const leaks: string[] = [];
    for (const c of callersOf(A)) {
      const requests = [...crossOrgRequests(B).map((r) => ({ r, own: false })), ...foreignIdsInOwnOrg(A, B).map((r) => ({ r, own: true }))];
      for (const { r, own } of requests) {
        const res = await h.request({ ...r, ...c.auth });
        const code = res.json<{ error?: { code?: string } }>()?.error?.code;
        // In its own organisation a caller below the action's role is refused before any look-up (403).
        const refused = (res.status === 404 && code === 'NOT_FOUND') || (own && res.status === 403 && code === 'FORBIDDEN');
        if (!refused) leaks.push(`${c.label}: ${r.method} ${r.url} -> ${res.status} ${res.text.slice(0, 100)}`);
        for (const secret of [B.projectId, B.jobId, B.owner.email, B.keyId]) {
          if (res.text.includes(secret) && !r.url.includes(secret)) leaks.push(`${c.label}: ${r.method} ${r.url} body mentions ${secret}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it('every role and every API key of A gets NOT_FOUND for every GraphQL operation on B', async () => {
    const leaks: string[] = [];
    for (const c of callersOf(A)) {
      for (const [name, query] of GQL_CROSS) {
        const res = await gql(c.auth, query, { o: B.owner.orgId, p: B.projectId, j: B.jobId });
        const body = res.json<{ data: unknown; errors?: { extensions?: { code?: string; correlationId?: string } }[] }>();
        const code = body.errors?.[0]?.extensions?.code;
        if (code !== 'NOT_FOUND' || !body.errors?.[0]?.extensions?.correlationId || res.text.includes(B.projectId + '"')) {
          leaks.push(`${c.label}: ${name} -> ${res.status} ${res.text.slice(0, 160)}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it("B's data is untouched and lists of A never contain it", async () => {
    const p = await h.request({ url: `/api/orgs/${B.owner.orgId}/projects/${B.projectId}`, cookie: B.owner.cookie });
    expect(p.status).toBe(200);
    expect(p.json<{ name: string }>().name).not.toBe('Hijacked');
    const members = await h.request({ url: `/api/orgs/${B.owner.orgId}/members`, cookie: B.owner.cookie });
    expect(members.json<{ role: string }[]>().map((m) => m.role).sort()).toEqual(['ADMIN', 'MEMBER', 'OWNER', 'VIEWER']);
    const keys = await h.request({ url: `/api/orgs/${B.owner.orgId}/api-keys`, cookie: B.owner.cookie });
    expect(keys.json<{ revokedAt: string | null }[]>().every((k) => k.revokedAt === null)).toBe(true);
    const bProjects = await h.request({ url: `/api/orgs/${B.owner.orgId}/projects`, cookie: B.owner.cookie });
    expect(bProjects.json<{ items: { name: string }[] }>().items.map((x) => x.name)).not.toContain('Intruder');

    const bRisk = await h.request({ url: `/api/orgs/${B.owner.orgId}/risks/${B.riskId}`, cookie: B.owner.cookie });
    expect(bRisk.json<{ title: string; status: string }>()).toMatchObject({ title: 'Tenancy probe risk', status: 'IDENTIFIED' });
    for (const url of [`/api/orgs/${A.owner.orgId}/fairness-audits`, `/api/orgs/${A.owner.orgId}/risks`, `/api/orgs/${A.owner.orgId}/risks/heat-map`, `/api/orgs/${A.owner.orgId}/projects`, `/api/orgs/${A.owner.orgId}/jobs`, `/api/orgs/${A.owner.orgId}/members`, `/api/orgs/${A.owner.orgId}/api-keys`, `/api/orgs/${A.owner.orgId}/audit-logs`, '/api/orgs', '/api/me']) {
      const res = await h.request({ url, cookie: A.owner.cookie });
      expect(res.status, url).toBe(200);
      for (const secret of [B.projectId, B.jobId, B.owner.orgId, B.owner.email, B.keyId, B.riskId, B.auditId]) expect(res.text, `${url} leaks ${secret}`).not.toContain(secret);
    }
  });

  it('an API key sees only its own organisation in /me and /orgs', async () => {
    const me = await h.request({ url: '/api/me', apiKey: A.keys.ADMIN.key });
    expect(me.status).toBe(200);
    expect(me.json<{ memberships: { organizationId: string; role: string }[] }>().memberships).toEqual([expect.objectContaining({ organizationId: A.owner.orgId, role: 'ADMIN' })]);
    const orgs = await h.request({ url: '/api/orgs', apiKey: A.keys.VIEWER.key });
    expect(orgs.json<{ organizationId: string }[]>().map((o) => o.organizationId)).toEqual([A.owner.orgId]);
    const create = await h.request({ method: 'POST', url: '/api/orgs', apiKey: A.keys.OWNER.key, body: { name: 'Key-made org' } });
    expect(create.status).toBe(403);
  });
});

describe('roles: below the needed role answers 403', () => {
  // [request, lowest role allowed]
  const writes = (o: Org): [RequestOpts, Role][] => {
    const base = `/api/orgs/${o.owner.orgId}`;
    return [
      [{ method: 'POST', url: `${base}/projects`, body: { name: `Role probe ${Math.random()}`, startupMode: 'RND', businessModel: 'SAAS' } }, 'MEMBER'],
      [{ method: 'PATCH', url: `${base}/projects/${o.projectId}`, body: { description: 'edited' } }, 'MEMBER'],
      [{ method: 'POST', url: `${base}/projects/${o.projectId}/exports` }, 'MEMBER'],
      [{ method: 'POST', url: `${base}/members`, body: { email: 'nobody-here@example.test', role: 'VIEWER' } }, 'ADMIN'],
      [{ method: 'PATCH', url: `${base}/members/${o.users.VIEWER.userId}`, body: { role: 'VIEWER' } }, 'ADMIN'],
      [{ method: 'GET', url: `${base}/api-keys` }, 'ADMIN'],
      [{ method: 'POST', url: `${base}/api-keys`, body: { name: 'probe', role: 'VIEWER' } }, 'ADMIN'],
      [{ method: 'GET', url: `${base}/audit-logs` }, 'ADMIN'],
      [{ method: 'POST', url: `${base}/projects/${o.projectId}/risks`, body: { title: 'Role probe risk', category: 'MARKET', likelihood: 1, impact: 1 } }, 'MEMBER'],
      [{ method: 'PATCH', url: `${base}/risks/${o.riskId}`, body: { description: 'edited' } }, 'MEMBER'],
      [{ method: 'PUT', url: `${base}/projects/${o.projectId}/governance/ai-act-tier`, body: { tier: 'MINIMAL' } }, 'MEMBER'],
      ...datasetWrites(base, o),
    ];
  };
  const rank: Record<Role, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

  it('for users and API keys of every role', async () => {
    const wrong: string[] = [];
    for (const role of ROLES) {
      for (const auth of [{ cookie: A.users[role].cookie }, { apiKey: A.keys[role].key }]) {
        for (const [req, needed] of writes(A)) {
          const res = await h.request({ ...req, ...auth });
          const allowed = rank[role] >= rank[needed];
          const ok = allowed ? res.status < 400 || res.status === 404 : res.status === 403 && res.json<{ error: { code: string } }>().error.code === 'FORBIDDEN';
          if (!ok) wrong.push(`${role} ${auth.cookie ? 'user' : 'key'}: ${req.method} ${req.url} -> ${res.status} ${res.text.slice(0, 100)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('VIEWER can read but not delete a project, also over GraphQL', async () => {
    for (const auth of [{ cookie: A.users.VIEWER.cookie }, { apiKey: A.keys.VIEWER.key }]) {
      const read = await h.request({ url: `/api/orgs/${A.owner.orgId}/projects/${A.projectId}`, ...auth });
      expect(read.status).toBe(200);
      const del = await h.request({ method: 'DELETE', url: `/api/orgs/${A.owner.orgId}/projects/${A.projectId}`, ...auth });
      expect(del.status).toBe(403);
      const g = await gql(auth, GQL_CROSS[2][1], { o: A.owner.orgId });
      expect(g.json<{ errors: { extensions: { code: string } }[] }>().errors[0].extensions.code).toBe('FORBIDDEN');
      const gd = await gql(auth, GQL_CROSS[4][1], { o: A.owner.orgId, p: A.projectId });
      expect(gd.json<{ errors: { extensions: { code: string } }[] }>().errors[0].extensions.code).toBe('FORBIDDEN');
    }
  });

  it('a VIEWER cannot remove someone else, but may leave', async () => {
    const other = await memberOf(h, A.owner, 'VIEWER');
    const kick = await h.request({ method: 'DELETE', url: `/api/orgs/${A.owner.orgId}/members/${A.users.MEMBER.userId}`, cookie: other.cookie });
    expect(kick.status).toBe(403);
    const leave = await h.request({ method: 'DELETE', url: `/api/orgs/${A.owner.orgId}/members/${other.userId}`, cookie: other.cookie });
    expect(leave.status).toBe(204);
    const after = await h.request({ url: `/api/orgs/${A.owner.orgId}/projects`, cookie: other.cookie });
    expect(after.status).toBe(404);
  });
});
