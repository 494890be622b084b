// GraphQL at /graphql runs the same services, guards and tenancy as REST.
import {
  ZCloseOpenRoleSchema,
  ZCreateBudgetSchema,
  ZCreateCandidateSchema,
  ZCreateOpenRoleSchema,
  ZCreateReviewPeriodSchema,
  ZMoveCandidateSchema,
  ZReviewScoreInput,
  ZUpsertReviewSchema,
  ZCreateCostEntrySchema,
  ZCreateMilestoneBody,
  ZCreateProjectSchema,
  ZCreateProjectTaskSchema,
  ZCreateTeamMemberSchema,
  ZMilestoneGoal,
  ZMoney,
  ZProjectGoal,
  ZSetAllocationSchema,
  ZSkillInput,
  ZUpdateProjectSchema,
  ZUpdateProjectTaskSchema,
} from '@meridian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, memberOf, signUp, startHarness, type Harness, type TestUser } from './harness';
import { DEMO_PROJECTS } from '../src/seed/demo-seed';
import { seedFinanceAndFeedback } from '../src/seed/finance-feedback-seed';
import { seedGovernance } from '../src/seed/governance-seed';
import { seedRuns } from '../src/seed/runs-seed';
import { seedTeamProgress } from '../src/seed/team-progress-seed';

let h: Harness;
let u: TestUser;
beforeAll(async () => {
  h = await startHarness();
  u = await signUp(h);
});
afterAll(async () => h?.close());

type GqlRes<T> = { data: T | null; errors?: { message: string; path?: string[]; extensions: { code: string; correlationId: string; issues?: { path: string }[] } }[] };
async function gql<T>(query: string, variables: Record<string, unknown> = {}, auth: { cookie?: string; apiKey?: string } = { cookie: u.cookie }): Promise<GqlRes<T>> {
  const res = await h.request({ method: 'POST', url: '/graphql', ...auth, body: { query, variables } });
  expect(res.status, res.text).toBe(200);
  return res.json<GqlRes<T>>();
}

type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
type SchemaField = { name: string; args: { name: string; type: TypeRef }[]; type: TypeRef };
type SchemaType = { name: string; kind: string; inputFields: { name: string; type: TypeRef }[] | null; enumValues: { name: string }[] | null };
const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);

/**
 * Every query and mutation of the schema, each with a document that passes GraphQL validation:
 * required arguments get syntactically valid values (required input fields filled recursively), so
 * what answers is the guard, not the document validator. `over` replaces argument values by name.
 */
async function schemaOperations() {
  const intro = await gql<{ __schema: { queryType: { fields: SchemaField[] }; mutationType: { fields: SchemaField[] }; types: SchemaType[] } }>(
    `{ __schema {
        queryType { fields { name args { name type { ...T } } type { ...T } } }
        mutationType { fields { name args { name type { ...T } } type { ...T } } }
        types { name kind inputFields { name type { ...T } } enumValues { name } } } }
     fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`,
  );
  const types = new Map(intro.data!.__schema.types.map((t) => [t.name, t]));
  const sample: Record<string, string> = { ID: '"01anyid0000000000000000000"', String: '"2027-01-01"', Int: '1', Float: '1', Boolean: 'true' };
  const valueFor = (t: TypeRef): string => {
    if (t.kind === 'NON_NULL') return valueFor(t.ofType!);
    if (t.kind === 'LIST') return `[${valueFor(t.ofType!)}]`;
    const def = types.get(t.name ?? '');
    if (def?.kind === 'ENUM') return def.enumValues![0].name;
    if (def?.kind === 'INPUT_OBJECT') return `{ ${def.inputFields!.filter((f) => f.type.kind === 'NON_NULL').map((f) => `${f.name}: ${valueFor(f.type)}`).join(', ')} }`;
    return sample[t.name ?? ''] ?? 'null';
  };
  const ops = [
    ...intro.data!.__schema.queryType.fields.map((f) => ({ kind: 'query', f })),
    ...intro.data!.__schema.mutationType.fields.map((f) => ({ kind: 'mutation', f })),
  ];
  return ops.map(({ kind, f }) => ({
    kind,
    name: f.name,
    args: f.args.map((a) => a.name),
    document: (over: Record<string, string> = {}) => {
      const args = f.args.filter((a) => a.type.kind === 'NON_NULL' || a.name in over).map((a) => `${a.name}: ${over[a.name] ?? valueFor(a.type)}`);
      const selection = ['OBJECT', 'INTERFACE', 'UNION'].includes(named(f.type).kind) ? ' { __typename }' : '';
      return `${kind} { ${f.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
    },
  }));
}

describe('GraphQL', () => {
  it('answers me and organizations', async () => {
    const r = await gql<{ me: { user: { email: string } }; organizations: { organizationId: string; role: string }[] }>('{ me { user { email } } organizations { organizationId role } }');
    expect(r.errors).toBeUndefined();
    expect(r.data!.me.user.email).toBe(u.email);
    expect(r.data!.organizations).toEqual([{ organizationId: u.orgId, role: 'OWNER' }]);
  });

  it('creates, reads, pages, updates and deletes projects', async () => {
    const created = await gql<{ createProject: { id: string; goal: { metric: string; threshold: number } } }>(
      'mutation($o: ID!, $i: CreateProjectInput!) { createProject(orgId: $o, input: $i) { id name stage goal { metric threshold deadline } } }',
      { o: u.orgId, i: { name: 'Via GraphQL', startupMode: 'PLATFORM', businessModel: 'DATA_SERVICES', goal: { statement: 'x', metric: 'f1', threshold: 0.7, deadline: '2027-01-31' } } },
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createProject.id;
    const page = await gql<{ projects: { items: { id: string }[]; nextCursor: string | null } }>('query($o: ID!) { projects(orgId: $o, limit: 10) { items { id } nextCursor } }', { o: u.orgId });
    expect(page.data!.projects.items.map((p) => p.id)).toContain(id);
    // A stage move is checked against its entry criteria (the new project has none of the data); overrides are REST-only.
    const refused = await gql<{ updateProject: { stage: string } }>('mutation($o: ID!, $id: ID!) { updateProject(orgId: $o, id: $id, input: { stage: TRAINING }) { stage } }', { o: u.orgId, id });
    expect(refused.errors![0].extensions.code).toBe('UNPROCESSABLE');
    const upd = await gql<{ updateProject: { description: string } }>('mutation($o: ID!, $id: ID!) { updateProject(orgId: $o, id: $id, input: { description: "edited" }) { description } }', { o: u.orgId, id });
    expect(upd.data!.updateProject.description).toBe('edited');
    const rest = await h.request({ url: `/api/orgs/${u.orgId}/projects/${id}`, cookie: u.cookie });
    expect(rest.json()).toMatchObject({ stage: 'PLANNING', description: 'edited', goal: { metric: 'f1', threshold: 0.7, deadline: '2027-01-31' } });
    const del = await gql<{ deleteProject: boolean }>('mutation($o: ID!, $id: ID!) { deleteProject(orgId: $o, id: $id) }', { o: u.orgId, id });
    expect(del.data!.deleteProject).toBe(true);
    const gone = await gql('query($o: ID!, $id: ID!) { project(orgId: $o, id: $id) { id } }', { o: u.orgId, id });
    expect(gone.errors![0].extensions.code).toBe('NOT_FOUND');
  });

  it('validates inputs with the Zod schemas and reports field paths', async () => {
    const r = await gql('mutation($o: ID!) { createProject(orgId: $o, input: { name: "x", startupMode: RND, businessModel: SAAS, goal: { metric: "auc" } }) { id } }', { o: u.orgId });
    expect(r.errors![0].extensions.code).toBe('VALIDATION_FAILED');
    expect(r.errors![0].extensions.issues!.map((i) => i.path).sort()).toEqual(['input.goal.threshold', 'input.name']);
    expect(r.errors![0].extensions.correlationId).toBeTruthy();
  });

  it('refuses without credentials with UNAUTHENTICATED and a correlation id', async () => {
    const r = await gql('{ me { user { id } } }', {}, {});
    expect(r.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(r.errors![0].extensions.correlationId).toMatch(/.{8,}/);
    const p = await gql('query($o: ID!) { projects(orgId: $o) { items { id } } }', { o: u.orgId }, {});
    expect(p.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(p)).not.toContain('items":[');
  });

  it('every query and mutation answers UNAUTHENTICATED without credentials (walk of the schema)', async () => {
    const ops = await schemaOperations();
    expect(ops.length).toBeGreaterThanOrEqual(40);
    const failures: string[] = [];
    for (const op of ops) {
      const r = await gql(op.document(), {}, {});
      const code = r.errors?.[0]?.extensions?.code;
      if (code !== 'UNAUTHENTICATED' || r.data) failures.push(`${op.kind} ${op.name}: ${JSON.stringify(r).slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
  });

  it('reports documents it cannot validate with a code, never a stack', async () => {
    const res = await h.request({ method: 'POST', url: '/graphql', cookie: u.cookie, body: { query: '{ nope }' } });
    const body = res.json<GqlRes<unknown>>();
    expect(body.errors![0].extensions.code).toBe('VALIDATION_FAILED');
    expect(res.text).not.toMatch(/\n\s+at /);
  });

  it('has input types with exactly the fields of the Zod schemas (no drift)', async () => {
    const r = await gql<{ __schema: { types: { name: string; inputFields: { name: string }[] | null }[] } }>('{ __schema { types { name inputFields { name } } } }');
    const fields = (name: string) => r.data!.__schema.types.find((t) => t.name === name)!.inputFields!.map((f) => f.name).sort();
    expect(fields('CreateProjectInput')).toEqual(Object.keys(ZCreateProjectSchema.shape).sort());
    expect(fields('UpdateProjectInput')).toEqual(Object.keys(ZUpdateProjectSchema.shape).sort());
    expect(fields('ProjectGoalInput')).toEqual(Object.keys(ZProjectGoal.shape).sort());
    const pairs: [string, { shape: Record<string, unknown> }][] = [
      ['CreateTeamMemberInput', ZCreateTeamMemberSchema],
      ['SkillInput', ZSkillInput],
      ['SetAllocationInput', ZSetAllocationSchema],
      ['CreateTaskInput', ZCreateProjectTaskSchema],
      ['UpdateTaskInput', ZUpdateProjectTaskSchema],
      ['CreateMilestoneInput', ZCreateMilestoneBody],
      ['MilestoneGoalInput', ZMilestoneGoal],
      ['CreateBudgetInput', ZCreateBudgetSchema],
      ['CreateCostEntryInput', ZCreateCostEntrySchema],
      ['MoneyInput', ZMoney],
      ['CreateOpenRoleInput', ZCreateOpenRoleSchema],
      ['CloseOpenRoleInput', ZCloseOpenRoleSchema],
      ['CreateCandidateInput', ZCreateCandidateSchema],
      ['MoveCandidateInput', ZMoveCandidateSchema],
      ['CreateReviewPeriodInput', ZCreateReviewPeriodSchema],
      ['ReviewScoreInput', ZReviewScoreInput],
      ['UpsertReviewInput', ZUpsertReviewSchema],
    ];
    for (const [name, schema] of pairs) expect(fields(name), name).toEqual(Object.keys(schema.shape).sort());
  });
});

/** A registered model version (a run and its version row, as the training job writes them). */
async function modelVersionOf(orgId: string, projectId: string, version: number): Promise<{ runId: string; id: string }> {
  const { newId } = await import('@meridian/db');
  const runId = newId();
  const id = newId();
  await h.db.prisma.trainingRun.create({ data: { id: runId, organizationId: orgId, projectId, name: `graphql run v${version}`, status: 'SUCCEEDED', testMetrics: { accuracy: 0.91 } } });
  await h.db.prisma.modelVersion.create({ data: { id, organizationId: orgId, projectId, runId, version, artifactKey: `models/${id}`, testMetrics: { accuracy: 0.91 } } });
  return { runId, id };
}

describe('GraphQL over runs, models, risks, audits, team, progress, finance and satisfaction', () => {
  // d: an organisation filled by the demo seeds; x: a stranger organisation with one of everything.
  let d: TestUser;
  let x: TestUser;
  const dp: Record<string, string> = {};
  const xs: Record<string, string> = {};
  const rest = <T>(url: string, who: TestUser = d) => h.request({ url: `/api/orgs/${who.orgId}${url}`, cookie: who.cookie }).then((r) => r.json<T>());
  const q = <T>(query: string, variables: Record<string, unknown> = {}, who: TestUser = d) => gql<T>(query, { o: who.orgId, ...variables }, { cookie: who.cookie });

  beforeAll(async () => {
    d = await signUp(h);
    for (const p of DEMO_PROJECTS) dp[p.name] = (await createProject(h, { cookie: d.cookie }, d.orgId, { name: p.name })).id;
    await seedTeamProgress(h.db.prisma, d.orgId);
    await seedFinanceAndFeedback(h.db.prisma, d.orgId);
    await seedGovernance(h.db.prisma, d.orgId);
    await seedRuns(h.db.prisma, d.orgId);
    dp.modelVersion = (await modelVersionOf(d.orgId, dp['Churn Radar'], 1)).id;

    x = await signUp(h);
    const post = async <T>(url: string, body: unknown) => {
      const r = await h.request({ method: 'POST', url: `/api/orgs/${x.orgId}${url}`, cookie: x.cookie, body });
      expect(r.status, `${url} ${r.text}`).toBeLessThan(300);
      return r.json<T>();
    };
    xs.project = (await createProject(h, { cookie: x.cookie }, x.orgId, { name: 'Stranger project' })).id;
    xs.member = (await post<{ id: string }>('/team/members', { name: 'Stranger Person', role: 'BACKEND' })).id;
    xs.task = (await post<{ id: string }>(`/projects/${xs.project}/tasks`, { title: 'Stranger task', estimate: 2 })).id;
    xs.milestone = (await post<{ id: string }>('/milestones', { projectId: xs.project, title: 'Stranger milestone', goal: { metric: 'auc', threshold: 0.8, startDate: '2026-01-01', deadline: '2027-01-01' } })).id;
    xs.budget = (await post<{ id: string }>('/finance/budgets', { projectId: xs.project, category: 'COMPUTE', amount: { minor: 100_00, currency: 'EUR' }, periodStart: '2026-01-01', periodEnd: '2026-12-31' })).id;
    xs.risk = (await post<{ id: string }>(`/projects/${xs.project}/risks`, { title: 'Stranger risk', category: 'TECHNICAL', likelihood: 3, impact: 3 })).id;
    const hiring = await post<{ roles: { id: string; candidates: { id: string }[] }[] }>('/team/hiring/roles', { title: 'Stranger role', role: 'BACKEND', openedAt: '2026-10-01' });
    xs.role = hiring.roles[0].id;
    xs.candidate = (await post<{ roles: { candidates: { id: string }[] }[] }>(`/team/hiring/roles/${xs.role}/candidates`, { name: 'Stranger Candidate', appliedAt: '2026-10-02' })).roles[0].candidates[0].id;
    xs.period = (await post<{ id: string }>('/team/reviews/periods', { name: 'Stranger period', startDate: '2026-01-01', endDate: '2026-03-31' })).id;
    const mv = await modelVersionOf(x.orgId, xs.project, 1);
    xs.modelVersion = mv.id;
    xs.run = mv.runId;
    const { newId } = await import('@meridian/db');
    xs.audit = newId();
    await h.db.prisma.fairnessAudit.create({
      data: { id: xs.audit, organizationId: x.orgId, projectId: xs.project, fileName: 'stranger.csv', fileSha256: '0'.repeat(64), fileBytes: 1, options: { audit: { sensitive: ['g'] } }, status: 'QUEUED' },
    });
  }, 120_000);

  it('team: members, workload, hiring and reviews are the REST views of the same service', async () => {
    const roles = await q<{ teamRoles: { key: string; custom: boolean }[] }>('query($o: ID!) { teamRoles(orgId: $o) { key custom } }');
    expect(roles.data!.teamRoles.filter((x) => x.custom).map((x) => x.key)).toEqual(['MLOPS']);
    expect(roles.data!.teamRoles.map((x) => x.key)).toContain('DATA_SCIENTIST');
    const r = await q<{ teamMembers: { id: string; name: string; overAllocated: boolean }[]; workload: { overAllocatedCount: number; members: { id: string; totalAllocationPct: number }[] }; hiring: { roles: { id: string; status: string; stageCounts: { stage: string; count: number }[] }[]; averageTimeToHireDays: number | null }; reviewPeriods: { name: string; rollup: { kpi: string; average: number }[]; teamAverage: number | null }[] }>(
      `query($o: ID!) { teamMembers(orgId: $o) { id name overAllocated } workload(orgId: $o) { overAllocatedCount members { id totalAllocationPct } }
        hiring(orgId: $o) { roles { id status stageCounts { stage count } } averageTimeToHireDays } reviewPeriods(orgId: $o) { name rollup { kpi average } teamAverage } }`,
    );
    expect(r.errors).toBeUndefined();
    const members = await rest<{ id: string; name: string; overAllocated: boolean }[]>('/team/members');
    expect(r.data!.teamMembers).toEqual(members.map((m) => ({ id: m.id, name: m.name, overAllocated: m.overAllocated })));
    expect(r.data!.teamMembers.length).toBeGreaterThan(3);
    const workload = await rest<{ overAllocatedCount: number; members: { id: string; totalAllocationPct: number }[] }>('/team/workload');
    expect(r.data!.workload.overAllocatedCount).toBe(workload.overAllocatedCount);
    expect(r.data!.workload.overAllocatedCount).toBeGreaterThan(0);
    expect(r.data!.workload.members).toEqual(workload.members.map((m) => ({ id: m.id, totalAllocationPct: m.totalAllocationPct })));
    const hiring = await rest<{ roles: { id: string; stageCounts: Record<string, number> }[]; averageTimeToHireDays: number | null }>('/team/hiring');
    expect(r.data!.hiring.averageTimeToHireDays).toBe(hiring.averageTimeToHireDays);
    expect(r.data!.hiring.roles.map((x) => [x.id, Object.fromEntries(x.stageCounts.map((c) => [c.stage, c.count]))])).toEqual(hiring.roles.map((x) => [x.id, x.stageCounts]));
    const reviews = await rest<{ name: string; teamAverage: number | null }[]>('/team/reviews');
    expect(r.data!.reviewPeriods.map((p) => [p.name, p.teamAverage])).toEqual(reviews.map((p) => [p.name, p.teamAverage]));
    expect(r.data!.reviewPeriods[0].rollup.map((k) => k.kpi)).toEqual(expect.arrayContaining(['technical_ability', 'project_contribution', 'teamwork']));
  });

  it('progress: milestones, tasks and the critical path match REST', async () => {
    const projectId = dp['Churn Radar'];
    const r = await q<{ milestones: { id: string; status: string; progressPct: number }[]; tasks: { id: string; status: string; dependsOn: string[] }[]; projectPlan: { criticalPath: string[]; projectDuration: number; tasks: { id: string; critical: boolean; totalSlack: number }[]; burnup: unknown[] } }>(
      `query($o: ID!, $p: ID!) { milestones(orgId: $o) { id status progressPct } tasks(orgId: $o, projectId: $p) { id status dependsOn }
        projectPlan(orgId: $o, projectId: $p) { criticalPath projectDuration tasks { id critical totalSlack } burnup { date scope done } } }`,
      { p: projectId },
    );
    expect(r.errors).toBeUndefined();
    const ms = await rest<{ id: string; status: string; progressPct: number }[]>('/milestones');
    expect(r.data!.milestones).toEqual(ms.map((m) => ({ id: m.id, status: m.status, progressPct: m.progressPct })));
    expect(r.data!.milestones.some((m) => m.status === 'AT_RISK')).toBe(true);
    const tasks = await rest<{ id: string; status: string; dependsOn: string[] }[]>(`/projects/${projectId}/tasks`);
    expect(r.data!.tasks).toEqual(tasks.map((t) => ({ id: t.id, status: t.status, dependsOn: t.dependsOn })));
    const plan = await rest<{ criticalPath: string[]; projectDuration: number }>(`/projects/${projectId}/plan`);
    expect(r.data!.projectPlan.criticalPath).toEqual(plan.criticalPath);
    expect(r.data!.projectPlan.criticalPath.length).toBeGreaterThan(1);
    expect(r.data!.projectPlan.projectDuration).toBe(plan.projectDuration);
    for (const t of r.data!.projectPlan.tasks) expect(t.critical).toBe(plan.criticalPath.includes(t.id) || t.totalSlack === 0);
    const life = await q<{ projectLifecycle: { currentStage: string; highestEnterableStage: string; stages: { stage: string; canEnter: boolean; criteria: { id: string; status: string }[] }[] } }>(
      'query($o: ID!, $p: ID!) { projectLifecycle(orgId: $o, projectId: $p) { currentStage highestEnterableStage stages { stage canEnter criteria { id status } } } }',
      { p: projectId },
    );
    const lifeRest = await rest<{ highestEnterableStage: string; stages: { stage: string; canEnter: boolean; criteria: { id: string; status: string }[] }[] }>(`/projects/${projectId}/lifecycle`);
    expect(life.data!.projectLifecycle.highestEnterableStage).toBe(lifeRest.highestEnterableStage);
    expect(life.data!.projectLifecycle.stages).toEqual(lifeRest.stages.map((st) => ({ stage: st.stage, canEnter: st.canEnter, criteria: st.criteria.map((c) => ({ id: c.id, status: c.status })) })));
  });

  it('finance: budgets, costs, the summary and the runway match REST', async () => {
    const r = await q<{ budgets: { id: string; amount: { minor: number; currency: string } }[]; costEntries: { id: string }[]; financeSummary: { currency: string; cash: { cash: { minor: number } }; runway: { kind: string; months: number | null }; budgets: { budgetId: string; usedPct: number | null }[]; alerts: { dedupeKey: string }[]; forecast: { month: string }[] }; runway: { kind: string; months: number | null; monthlyNetBurn: { minor: number } } }>(
      `query($o: ID!) { budgets(orgId: $o) { id amount { minor currency } } costEntries(orgId: $o, limit: 5) { id }
        financeSummary(orgId: $o) { currency cash { cash { minor } } runway { kind months } budgets { budgetId usedPct } alerts { dedupeKey } forecast { month } }
        runway(orgId: $o) { kind months monthlyNetBurn { minor } } }`,
    );
    expect(r.errors).toBeUndefined();
    const budgets = await rest<{ id: string; amount: { minor: number; currency: string } }[]>('/finance/budgets');
    expect(r.data!.budgets).toEqual(budgets.map((b) => ({ id: b.id, amount: b.amount })));
    expect(r.data!.costEntries.map((c) => c.id)).toEqual((await rest<{ id: string }[]>('/finance/costs?limit=5')).map((c) => c.id));
    const s = await rest<{ currency: string; cash: { cash: { minor: number } }; runway: { kind: string; months: number | null; monthlyNetBurn: { minor: number } }; alerts: { dedupeKey: string }[] }>('/finance/summary');
    expect(r.data!.financeSummary).toMatchObject({ currency: s.currency, cash: { cash: { minor: s.cash.cash.minor } }, runway: { kind: s.runway.kind, months: s.runway.months } });
    expect(r.data!.financeSummary.alerts.map((a) => a.dedupeKey)).toEqual(s.alerts.map((a) => a.dedupeKey));
    expect(r.data!.runway).toEqual({ kind: 'FINITE', months: s.runway.months, monthlyNetBurn: { minor: s.runway.monthlyNetBurn.minor } });
    expect(r.data!.runway.months).toBeGreaterThan(6);
    const bad = await q('query($o: ID!) { financeSummary(orgId: $o, asOf: "next tuesday") { currency } }');
    expect(bad.errors![0].extensions.code).toBe('VALIDATION_FAILED');
    expect(bad.errors![0].extensions.issues!.map((i) => i.path)).toEqual(['args.asOf']);
  });

  it('satisfaction: NPS and CSAT with intervals by week and model version match REST', async () => {
    const projectId = dp['Invoice Reader'];
    const r = await q<{ feedbackStats: { overall: { responses: number; nps: { nps: number; ci: { low: number; high: number } }; csat: { csat: number } }; weeks: { key: string; nps: { nps: number | null } }[]; modelVersions: { key: string }[]; themes: { keyword: string }[]; comments: { comment: string; sentimentLabel: string }[] }; feedbackOverview: { overall: { responses: number } } }>(
      `query($o: ID!, $p: ID!) { feedbackStats(orgId: $o, projectId: $p) { overall { responses nps { nps ci { low high } } csat { csat } } weeks { key nps { nps } } modelVersions { key } themes { keyword } comments { comment sentimentLabel } }
        feedbackOverview(orgId: $o) { overall { responses } } }`,
      { p: projectId },
    );
    expect(r.errors).toBeUndefined();
    const a = await rest<{ overall: { responses: number; nps: { nps: number }; csat: { csat: number } }; weeks: { key: string; nps: { nps: number | null } }[]; modelVersions: { key: string }[] }>(`/projects/${projectId}/feedback`);
    expect(r.data!.feedbackStats.overall).toMatchObject({ responses: a.overall.responses, nps: { nps: a.overall.nps.nps }, csat: { csat: a.overall.csat.csat } });
    expect(r.data!.feedbackStats.overall.responses).toBeGreaterThan(190);
    expect(r.data!.feedbackStats.overall.nps.ci.low).toBeLessThan(r.data!.feedbackStats.overall.nps.nps);
    expect(r.data!.feedbackStats.weeks).toEqual(a.weeks.map((w) => ({ key: w.key, nps: { nps: w.nps.nps } })));
    expect(r.data!.feedbackStats.modelVersions.map((v) => v.key)).toEqual(a.modelVersions.map((v) => v.key));
    expect(r.data!.feedbackOverview.overall.responses).toBe(r.data!.feedbackStats.overall.responses);
    const search = await q<{ feedbackStats: { comments: { comment: string }[] } }>('query($o: ID!, $p: ID!) { feedbackStats(orgId: $o, projectId: $p, q: "slow") { comments { comment } } }', { p: projectId });
    expect(search.data!.feedbackStats.comments.length).toBeGreaterThan(0);
    expect(search.data!.feedbackStats.comments.every((c) => /slow/i.test(c.comment))).toBe(true);
  });

  it('runs, model versions, risks and fairness audits match REST, with filters', async () => {
    const churn = dp['Churn Radar'];
    const r = await q<{ trainingRuns: { items: { id: string; status: string; testMetricsJson: string | null; external: boolean }[] }; modelVersions: { items: { id: string }[] }; modelVersion: { version: number; lineageJson: string; testMetricsJson: string }; risks: { items: { id: string; level: string }[]; overdueCount: number }; fairnessAudits: { items: { id: string; verdict: string | null; status: string }[] } }>(
      `query($o: ID!, $p: ID!, $mv: ID!) { trainingRuns(orgId: $o, projectId: $p, status: "SUCCEEDED") { items { id status testMetricsJson external } }
        modelVersions(orgId: $o, projectId: $p) { items { id } } modelVersion(orgId: $o, id: $mv) { version lineageJson testMetricsJson }
        risks(orgId: $o) { items { id level } overdueCount } fairnessAudits(orgId: $o) { items { id verdict status } } }`,
      { p: churn, mv: dp.modelVersion },
    );
    expect(r.errors).toBeUndefined();
    const runs = await rest<{ items: { id: string }[] }>(`/runs?projectId=${churn}&status=SUCCEEDED`);
    expect(r.data!.trainingRuns.items.map((x) => x.id)).toEqual(runs.items.map((x) => x.id));
    expect(r.data!.trainingRuns.items.length).toBeGreaterThanOrEqual(3);
    expect(r.data!.trainingRuns.items.every((x) => x.status === 'SUCCEEDED')).toBe(true);
    const one = await q<{ trainingRun: { id: string; testMetricsJson: string | null } }>('query($o: ID!, $id: ID!) { trainingRun(orgId: $o, id: $id) { id testMetricsJson } }', { id: r.data!.trainingRuns.items[0].id });
    expect(one.data!.trainingRun.id).toBe(r.data!.trainingRuns.items[0].id);
    const queued = await q<{ trainingRuns: { items: unknown[] } }>('query($o: ID!, $p: ID!) { trainingRuns(orgId: $o, projectId: $p, status: "QUEUED") { items { id } } }', { p: churn });
    expect(queued.data!.trainingRuns.items).toEqual([]);
    const badStatus = await q('query($o: ID!) { trainingRuns(orgId: $o, status: "DONE") { items { id } } }');
    expect(badStatus.errors![0].extensions.issues!.map((i) => i.path)).toEqual(['args.status']);

    expect(r.data!.modelVersions.items.map((m) => m.id)).toEqual([dp.modelVersion]);
    expect(r.data!.modelVersion.version).toBe(1);
    expect(JSON.parse(r.data!.modelVersion.testMetricsJson)).toEqual({ accuracy: 0.91 });
    expect(JSON.parse(r.data!.modelVersion.lineageJson)).toMatchObject({ project: expect.anything() });

    const risks = await rest<{ items: { id: string }[]; overdueCount: number }>('/risks');
    expect(r.data!.risks.items.map((x) => x.id)).toEqual(risks.items.map((x) => x.id));
    expect(r.data!.risks.overdueCount).toBe(risks.overdueCount);
    expect(r.data!.risks.items.length).toBeGreaterThan(2);
    // Pages like REST: limit and the cursor the previous page returned.
    const p1 = await q<{ risks: { items: { id: string }[]; nextCursor: string | null } }>('query($o: ID!) { risks(orgId: $o, limit: 2) { items { id } nextCursor } }');
    expect(p1.data!.risks.items.map((x) => x.id)).toEqual(risks.items.slice(0, 2).map((x) => x.id));
    expect(p1.data!.risks.nextCursor).toBeTruthy();
    const p2 = await q<{ risks: { items: { id: string }[] } }>('query($o: ID!, $c: String) { risks(orgId: $o, limit: 2, cursor: $c) { items { id } } }', { c: p1.data!.risks.nextCursor });
    expect(p2.data!.risks.items.map((x) => x.id)).toEqual(risks.items.slice(2, 4).map((x) => x.id));
    const high = await q<{ risks: { items: { level: string }[] } }>('query($o: ID!) { risks(orgId: $o, level: "HIGH") { items { level } } }');
    expect(high.data!.risks.items.every((x) => x.level === 'HIGH')).toBe(true);
    const risk = await q<{ risk: { id: string; history: { to: string }[] } }>('query($o: ID!, $id: ID!) { risk(orgId: $o, id: $id) { id history { to } } }', { id: r.data!.risks.items[0].id });
    expect(risk.data!.risk.history.length).toBeGreaterThan(0);

    const audits = await rest<{ items: { id: string }[] }>('/fairness-audits');
    expect(r.data!.fairnessAudits.items.map((x) => x.id)).toEqual(audits.items.map((x) => x.id));
    expect(r.data!.fairnessAudits.items.length).toBeGreaterThan(0);
    const audit = await q<{ fairnessAudit: { id: string; fileName: string } }>('query($o: ID!, $id: ID!) { fairnessAudit(orgId: $o, id: $id) { id fileName } }', { id: audits.items[0].id });
    expect(audit.data!.fairnessAudit.id).toBe(audits.items[0].id);
  });

  it('mutations run the same rules: allocations, task dependencies, money and roles', async () => {
    const p = dp['Retail Demand Embeddings'];
    const created = await q<{ createTeamMember: { id: string; skills: { name: string; level: number }[] } }>(
      'mutation($o: ID!) { createTeamMember(orgId: $o, input: { name: "Graph Q", role: "DATA_SCIENTIST", email: null, skills: [{ name: "SQL", level: 4 }] }) { id skills { name level } } }',
    );
    expect(created.errors).toBeUndefined();
    const memberId = created.data!.createTeamMember.id;
    const alloc = await q<{ setAllocation: { totalAllocationPct: number } }>('mutation($o: ID!, $m: ID!, $p: ID!) { setAllocation(orgId: $o, memberId: $m, input: { projectId: $p, percent: 60 }) { totalAllocationPct } }', { m: memberId, p });
    expect(alloc.data!.setAllocation.totalAllocationPct).toBe(60);
    const over = await q('mutation($o: ID!, $m: ID!, $p: ID!) { setAllocation(orgId: $o, memberId: $m, input: { projectId: $p, percent: 101 }) { totalAllocationPct } }', { m: memberId, p });
    expect(over.errors![0].extensions.issues!.map((i) => i.path)).toEqual(['input.percent']);

    const mk = (title: string, deps: string[]) =>
      q<{ createTask: { id: string; dependsOn: string[] } }>('mutation($o: ID!, $p: ID!, $i: CreateTaskInput!) { createTask(orgId: $o, projectId: $p, input: $i) { id dependsOn } }', { p, i: { title, estimate: 2, dependsOn: deps } });
    const first = (await mk('GQL first', [])).data!.createTask.id;
    const second = (await mk('GQL second', [first])).data!.createTask.id;
    const neg = await q('mutation($o: ID!, $p: ID!) { createTask(orgId: $o, projectId: $p, input: { title: "Neg", estimate: -1 }) { id } }', { p });
    expect(neg.errors![0].extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(neg.errors![0].extensions.issues!.map((i) => i.path)).toEqual(['input.estimate']);
    const cycle = await q('mutation($o: ID!, $p: ID!, $id: ID!, $d: [ID!]) { updateTask(orgId: $o, projectId: $p, id: $id, input: { dependsOn: $d }) { id } }', { p, id: first, d: [second] });
    expect(cycle.errors![0].message).toMatch(/cycle: "GQL first" → "GQL second" → "GQL first"/);
    expect(cycle.errors![0].extensions.issues!.map((i) => i.path)).toEqual(['input.dependsOn']);
    const moved = await q<{ updateTask: { status: string; assigneeId: string | null } }>('mutation($o: ID!, $p: ID!, $id: ID!, $m: ID) { updateTask(orgId: $o, projectId: $p, id: $id, input: { status: "IN_PROGRESS", assigneeId: $m }) { status assigneeId } }', { p, id: second, m: memberId });
    expect(moved.data!.updateTask).toEqual({ status: 'IN_PROGRESS', assigneeId: memberId });
    const unassigned = await q<{ updateTask: { assigneeId: string | null } }>('mutation($o: ID!, $p: ID!, $id: ID!) { updateTask(orgId: $o, projectId: $p, id: $id, input: { assigneeId: null }) { assigneeId } }', { p, id: second });
    expect(unassigned.data!.updateTask.assigneeId).toBeNull();
    const refused = await q('mutation($o: ID!, $p: ID!, $id: ID!) { deleteTask(orgId: $o, projectId: $p, id: $id) }', { p, id: first });
    expect(refused.errors![0].extensions.code).toBe('CONFLICT');
    expect(refused.errors![0].message).toMatch(/"GQL second" depends on it/);
    const detached = await q<{ deleteTask: boolean }>('mutation($o: ID!, $p: ID!, $id: ID!) { deleteTask(orgId: $o, projectId: $p, id: $id, detach: true) }', { p, id: first });
    expect(detached.data!.deleteTask).toBe(true);
    expect((await rest<{ id: string; dependsOn: string[] }[]>(`/projects/${p}/tasks`)).find((t) => t.id === second)!.dependsOn).toEqual([]);

    const ms = await q<{ createMilestone: { goal: { direction: string; baseline: number | null } } }>(
      'mutation($o: ID!, $p: ID!) { createMilestone(orgId: $o, input: { projectId: $p, title: "GQL milestone", goal: { metric: "mape", threshold: 0.1, startDate: "2026-11-01", deadline: "2027-06-30" } }) { goal { direction baseline } } }',
      { p },
    );
    expect(ms.data!.createMilestone.goal).toEqual({ direction: 'AT_LEAST', baseline: null });
    const book = (await rest<{ currency: string }>('/finance/summary')).currency;
    const budget = await q<{ createBudget: { amount: { minor: number; currency: string } } }>(
      'mutation($o: ID!, $p: ID!, $c: String!) { createBudget(orgId: $o, input: { projectId: $p, category: "TOOLS", amount: { minor: 50000, currency: $c }, periodStart: "2026-01-01", periodEnd: "2026-12-31" }) { amount { minor currency } } }',
      { p, c: book },
    );
    expect(budget.data!.createBudget.amount).toEqual({ minor: 50000, currency: book });
    const negative = await q('mutation($o: ID!, $c: String!) { createCostEntry(orgId: $o, input: { date: "2026-11-01", category: "TOOLS", amount: { minor: -5, currency: $c } }) { id } }', { c: book });
    expect(negative.errors![0].extensions.issues!.map((i) => i.path)).toEqual(['input.amount.minor']);
    const decimal = await q('mutation($o: ID!, $c: String!) { createCostEntry(orgId: $o, input: { date: "2026-11-01", category: "TOOLS", amount: { minor: 1.5, currency: $c } }) { id } }', { c: book });
    expect(decimal.errors![0].extensions.issues!.map((i) => i.path)).toEqual(['input.amount.minor']);
    const cost = await q<{ createCostEntry: { source: string; projectId: string | null } }>('mutation($o: ID!, $c: String!) { createCostEntry(orgId: $o, input: { date: "2026-11-01", category: "TOOLS", amount: { minor: 1200, currency: $c }, description: "licence" }) { source projectId } }', { c: book });
    expect(cost.data!.createCostEntry).toEqual({ source: 'MANUAL', projectId: null });

    // Same roles as REST: a viewer reads but cannot write; removing people needs an admin.
    const viewer = await memberOf(h, d, 'VIEWER');
    const member = await memberOf(h, d, 'MEMBER');
    expect((await q<{ teamMembers: unknown[] }>('query($o: ID!) { teamMembers(orgId: $o) { id } }', {}, viewer)).data!.teamMembers.length).toBeGreaterThan(0);
    const vw = await q('mutation($o: ID!, $p: ID!) { createTask(orgId: $o, projectId: $p, input: { title: "Viewer task", estimate: 1 }) { id } }', { p }, viewer);
    expect(vw.errors![0].extensions.code).toBe('FORBIDDEN');
    const mw = await q('mutation($o: ID!, $id: ID!) { deleteTeamMember(orgId: $o, id: $id) }', { id: memberId }, member);
    expect(mw.errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await q<{ deleteTeamMember: boolean }>('mutation($o: ID!, $id: ID!) { deleteTeamMember(orgId: $o, id: $id) }', { id: memberId })).data!.deleteTeamMember).toBe(true);
    expect((await q('query($o: ID!, $id: ID!) { teamMember(orgId: $o, id: $id) { id } }', { id: memberId })).errors![0].extensions.code).toBe('NOT_FOUND');
  });

  it('hiring and review mutations: dated stages, closing a role, KPI scores checked 1..5', async () => {
    type H = { roles: { id: string; title: string; status: string; timeToHireDays: number | null; candidates: { id: string; name: string; stage: string }[] }[] };
    const sel = '{ roles { id title status timeToHireDays candidates { id name stage } } }';
    const opened = await q<{ openRole: H }>(`mutation($o: ID!) { openRole(orgId: $o, input: { title: "GQL analyst", role: "BUSINESS_ANALYST", openedAt: "2026-10-01" }) ${sel} }`);
    expect(opened.errors).toBeUndefined();
    const role = opened.data!.openRole.roles.find((r) => r.title === 'GQL analyst')!;
    expect(role.status).toBe('OPEN');
    const early = await q(`mutation($o: ID!, $r: ID!) { addCandidate(orgId: $o, roleId: $r, input: { name: "Early", appliedAt: "2026-09-01" }) { filledCount } }`, { r: role.id });
    expect(early.errors![0].extensions.issues!.map((i) => i.path)).toEqual(['input.appliedAt']);
    const added = await q<{ addCandidate: H }>(`mutation($o: ID!, $r: ID!) { addCandidate(orgId: $o, roleId: $r, input: { name: "Noor", appliedAt: "2026-10-03", email: null }) ${sel} }`, { r: role.id });
    const noor = added.data!.addCandidate.roles.find((r) => r.id === role.id)!.candidates[0];
    const back = await q(`mutation($o: ID!, $c: ID!) { moveCandidate(orgId: $o, candidateId: $c, input: { stage: "OFFER", at: "2026-10-02" }) { filledCount } }`, { c: noor.id });
    expect(back.errors![0].extensions.issues!.map((i) => i.path)).toEqual(['input.at']);
    const hired = await q<{ moveCandidate: H }>(`mutation($o: ID!, $c: ID!) { moveCandidate(orgId: $o, candidateId: $c, input: { stage: "HIRED", at: "2026-10-21", note: "signed" }) ${sel} }`, { c: noor.id });
    expect(hired.data!.moveCandidate.roles.find((r) => r.id === role.id)).toMatchObject({ status: 'FILLED', timeToHireDays: 20 });
    const again = await q(`mutation($o: ID!, $r: ID!) { closeRole(orgId: $o, roleId: $r, input: { closedAt: "2026-10-22" }) { filledCount } }`, { r: role.id });
    expect(again.errors![0].extensions.code).toBe('CONFLICT');

    const period = await q<{ createReviewPeriod: { id: string; name: string } }>('mutation($o: ID!) { createReviewPeriod(orgId: $o, input: { name: "GQL H1", startDate: "2027-01-01", endDate: "2027-06-30" }) { id name } }');
    expect(period.errors).toBeUndefined();
    const backwards = await q('mutation($o: ID!) { createReviewPeriod(orgId: $o, input: { name: "Backwards", startDate: "2027-06-30", endDate: "2027-01-01" }) { id } }');
    expect(backwards.errors![0].extensions.issues!.map((i) => i.path)).toEqual(['input.endDate']);
    const memberId = (await rest<{ id: string }[]>('/team/members'))[0].id;
    const six = await q('mutation($o: ID!, $p: ID!, $m: ID!) { upsertReview(orgId: $o, periodId: $p, input: { memberId: $m, scores: [{ kpi: "teamwork", score: 4 }, { kpi: "technical_ability", score: 6 }] }) { id } }', { p: period.data!.createReviewPeriod.id, m: memberId });
    expect(six.errors![0].extensions.issues!.map((i) => i.path)).toEqual(['input.scores.1.score']);
    const stranger = await q('mutation($o: ID!, $p: ID!, $m: ID!) { upsertReview(orgId: $o, periodId: $p, input: { memberId: $m, scores: [{ kpi: "teamwork", score: 4 }] }) { id } }', { p: period.data!.createReviewPeriod.id, m: xs.member });
    expect(stranger.errors![0].extensions.issues!.map((i) => i.path)).toEqual(['input.memberId']);
    const ok = await q<{ upsertReview: { reviews: { memberId: string; average: number }[]; rollup: { kpi: string; average: number }[] } }>(
      'mutation($o: ID!, $p: ID!, $m: ID!) { upsertReview(orgId: $o, periodId: $p, input: { memberId: $m, scores: [{ kpi: "teamwork", score: 4 }, { kpi: "customer_focus", score: 5 }], notes: "solid" }) { reviews { memberId average } rollup { kpi average } } }',
      { p: period.data!.createReviewPeriod.id, m: memberId },
    );
    expect(ok.data!.upsertReview.reviews).toEqual([{ memberId, average: 4.5 }]);
    expect(ok.data!.upsertReview.rollup.map((r) => r.kpi)).toEqual(['teamwork', 'customer_focus']);
  });

  it("every organisation-scoped operation answers NOT_FOUND for another organisation's id (walk of the schema)", async () => {
    const ops = (await schemaOperations()).filter((op) => op.args.includes('orgId'));
    expect(ops.length).toBeGreaterThanOrEqual(40);
    const leaks: string[] = [];
    for (const op of ops) {
      const r = await gql(op.document({ orgId: `"${x.orgId}"` }), {}, { cookie: d.cookie });
      if (r.errors?.[0]?.extensions?.code !== 'NOT_FOUND' || r.data) leaks.push(`${op.kind} ${op.name}: ${JSON.stringify(r).slice(0, 160)}`);
    }
    expect(leaks).toEqual([]);
  });

  it("the stranger's ids used under one's own organisation are NOT_FOUND and never listed", async () => {
    const byId: [string, string][] = [
      ['teamMember', `query($o: ID!) { teamMember(orgId: $o, id: "${xs.member}") { id } }`],
      ['milestone', `query($o: ID!) { milestone(orgId: $o, id: "${xs.milestone}") { id } }`],
      ['tasks', `query($o: ID!) { tasks(orgId: $o, projectId: "${xs.project}") { id } }`],
      ['projectPlan', `query($o: ID!) { projectPlan(orgId: $o, projectId: "${xs.project}") { criticalPath } }`],
      ['projectLifecycle', `query($o: ID!) { projectLifecycle(orgId: $o, projectId: "${xs.project}") { projectId } }`],
      ['milestones', `query($o: ID!) { milestones(orgId: $o, projectId: "${xs.project}") { id } }`],
      ['feedbackStats', `query($o: ID!) { feedbackStats(orgId: $o, projectId: "${xs.project}") { projectId } }`],
      ['trainingRun', `query($o: ID!) { trainingRun(orgId: $o, id: "${xs.run}") { id } }`],
      ['modelVersion', `query($o: ID!) { modelVersion(orgId: $o, id: "${xs.modelVersion}") { id } }`],
      ['risk', `query($o: ID!) { risk(orgId: $o, id: "${xs.risk}") { id } }`],
      ['fairnessAudit', `query($o: ID!) { fairnessAudit(orgId: $o, id: "${xs.audit}") { id } }`],
      ['cancelTrainingRun', `mutation($o: ID!) { cancelTrainingRun(orgId: $o, id: "${xs.run}") { id } }`],
      ['setAllocation', `mutation($o: ID!) { setAllocation(orgId: $o, memberId: "${xs.member}", input: { projectId: "${dp['Churn Radar']}", percent: 10 }) { id } }`],
      ['deleteTeamMember', `mutation($o: ID!) { deleteTeamMember(orgId: $o, id: "${xs.member}") }`],
      ['createTask', `mutation($o: ID!) { createTask(orgId: $o, projectId: "${xs.project}", input: { title: "Intruder", estimate: 1 }) { id } }`],
      ['updateTask', `mutation($o: ID!) { updateTask(orgId: $o, projectId: "${xs.project}", id: "${xs.task}", input: { title: "Hijacked" }) { id } }`],
      ['deleteTask', `mutation($o: ID!) { deleteTask(orgId: $o, projectId: "${xs.project}", id: "${xs.task}", detach: true) }`],
      ['closeRole', `mutation($o: ID!) { closeRole(orgId: $o, roleId: "${xs.role}", input: { closedAt: "2026-11-01" }) { filledCount } }`],
      ['addCandidate', `mutation($o: ID!) { addCandidate(orgId: $o, roleId: "${xs.role}", input: { name: "Intruder", appliedAt: "2026-11-01" }) { filledCount } }`],
      ['moveCandidate', `mutation($o: ID!) { moveCandidate(orgId: $o, candidateId: "${xs.candidate}", input: { stage: "REJECTED", at: "2026-11-01" }) { filledCount } }`],
      ['upsertReview', `mutation($o: ID!) { upsertReview(orgId: $o, periodId: "${xs.period}", input: { memberId: "${xs.member}", scores: [{ kpi: "teamwork", score: 1 }] }) { id } }`],
    ];
    const leaks: string[] = [];
    for (const [name, query] of byId) {
      const r = await gql(query, { o: d.orgId }, { cookie: d.cookie });
      if (r.errors?.[0]?.extensions?.code !== 'NOT_FOUND' || r.data) leaks.push(`${name}: ${JSON.stringify(r).slice(0, 160)}`);
    }
    // References inside an input are checked by the service, as over REST (the input field named; nothing written).
    for (const [name, query] of [
      ['createMilestone', `mutation($o: ID!) { createMilestone(orgId: $o, input: { projectId: "${xs.project}", title: "Intruder", goal: { metric: "x", threshold: 1, startDate: "2026-01-01", deadline: "2026-02-01" } }) { id } }`],
      ['createBudget', `mutation($o: ID!) { createBudget(orgId: $o, input: { projectId: "${xs.project}", category: "TOOLS", amount: { minor: 1, currency: "EUR" }, periodStart: "2026-01-01", periodEnd: "2026-02-01" }) { id } }`],
    ] as const) {
      const r = await gql(query, { o: d.orgId }, { cookie: d.cookie });
      if (r.errors?.[0]?.extensions?.code !== 'VALIDATION_FAILED' || r.errors[0].extensions.issues?.[0]?.path !== 'input.projectId') leaks.push(`${name}: ${JSON.stringify(r).slice(0, 160)}`);
    }
    // Lists filtered by the stranger's project show nothing of theirs.
    for (const query of [
      `query($o: ID!) { trainingRuns(orgId: $o, projectId: "${xs.project}") { items { id } } }`,
      `query($o: ID!) { modelVersions(orgId: $o, projectId: "${xs.project}") { items { id } } }`,
      `query($o: ID!) { risks(orgId: $o, projectId: "${xs.project}") { items { id } } }`,
      `query($o: ID!) { fairnessAudits(orgId: $o, projectId: "${xs.project}") { items { id } } }`,
      `query($o: ID!) { budgets(orgId: $o, projectId: "${xs.project}") { id } }`,
      `query($o: ID!) { costEntries(orgId: $o, projectId: "${xs.project}") { id } }`,
    ]) {
      const r = await gql(query, { o: d.orgId }, { cookie: d.cookie });
      const code = r.errors?.[0]?.extensions?.code;
      if (code && code !== 'NOT_FOUND') leaks.push(`${query}: ${JSON.stringify(r).slice(0, 160)}`);
      if (!code && JSON.stringify(r.data).includes('"id"')) leaks.push(`${query} lists something: ${JSON.stringify(r.data).slice(0, 160)}`);
    }
    expect(leaks).toEqual([]);
    // The stranger's data is untouched.
    expect((await rest<{ title: string }[]>(`/projects/${xs.project}/tasks`, x)).map((t) => t.title)).toEqual(['Stranger task']);
    expect((await rest<{ name: string }[]>('/team/members', x)).map((m) => m.name)).toEqual(['Stranger Person']);
    const theirHiring = await rest<{ roles: { status: string; candidates: { name: string; stage: string }[] }[] }>('/team/hiring', x);
    expect(theirHiring.roles.map((r) => [r.status, r.candidates.map((c) => [c.name, c.stage])])).toEqual([['OPEN', [['Stranger Candidate', 'APPLIED']]]]);
    expect((await rest<{ reviews: unknown[] }[]>('/team/reviews', x)).map((p) => p.reviews)).toEqual([[]]);
  });
});
