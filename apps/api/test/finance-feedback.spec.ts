// Costs, funding and runway + user satisfaction, through the real HTTP stack and database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, signUp, startHarness, uniqueIp, type Harness, type TestUser } from './harness';
import { seedFinanceAndFeedback } from '../src/seed/finance-feedback-seed';

let h: Harness;
let owner: TestUser;
let projectId: string;
const base = () => `/api/orgs/${owner.orgId}/finance`;

beforeAll(async () => {
  h = await startHarness();
  owner = await signUp(h);
  projectId = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
});
afterAll(async () => h?.close());

type Money = { minor: number; currency: string };

describe('finance', () => {
  it('books a funding round, costs and revenue, and reports cash, burn and runway', async () => {
    const c = owner.cookie;
    expect((await h.request({ method: 'POST', url: `${base()}/funding-rounds`, cookie: c, body: { type: 'SEED', amount: { minor: 120_000_00, currency: 'EUR' }, date: '2027-01-10', investor: 'Acme VC' } })).status).toBe(201);
    // 3 full months (Jan–Mar) at 10,000.00 EUR a month; revenue 2,000.00 a month from Jan.
    for (const month of ['01', '02', '03']) {
      const r = await h.request({ method: 'POST', url: `${base()}/costs`, cookie: c, body: { projectId, date: `2027-${month}-15`, category: 'PEOPLE', amount: { minor: 10_000_00, currency: 'EUR' }, description: 'payroll' } });
      expect(r.status, r.text).toBe(201);
    }
    expect((await h.request({ method: 'POST', url: `${base()}/revenue-streams`, cookie: c, body: { name: 'API', model: 'API_SUBSCRIPTION', monthlyAmount: { minor: 2_000_00, currency: 'EUR' }, startMonth: '2027-01' } })).status).toBe(201);
    const s = await h.request({ url: `${base()}/summary?asOf=2027-04-01`, cookie: c });
    expect(s.status, s.text).toBe(200);
    const sum = s.json<{ currency: string; cash: { cash: Money }; monthlyCost: { total: Money }; runway: { kind: string; months: number; runOutMonth: string; monthlyNetBurn: Money } }>();
    // cash = 120,000 − 30,000 + 3 × 2,000 = 96,000; burn = 10,000 − 2,000 = 8,000 → 12.0 months from 2027-05.
    expect(sum.currency).toBe('EUR');
    expect(sum.cash.cash).toEqual({ minor: 96_000_00, currency: 'EUR' });
    expect(sum.monthlyCost.total.minor).toBe(10_000_00);
    expect(sum.runway).toEqual({ kind: 'FINITE', months: 12, runOutMonth: '2028-04', monthlyNetBurn: { minor: 8_000_00, currency: 'EUR' } });
  });

  it('runway is explicitly INFINITE when revenue covers costs', async () => {
    const o = await signUp(h);
    await h.request({ method: 'POST', url: `/api/orgs/${o.orgId}/finance/funding-rounds`, cookie: o.cookie, body: { type: 'ANGEL', amount: { minor: 1_000_00, currency: 'USD' }, date: '2027-01-01' } });
    await h.request({ method: 'POST', url: `/api/orgs/${o.orgId}/finance/revenue-streams`, cookie: o.cookie, body: { name: 'SaaS', model: 'SAAS', monthlyAmount: { minor: 5_000_00, currency: 'USD' }, startMonth: '2027-01' } });
    const s = await h.request({ url: `/api/orgs/${o.orgId}/finance/summary?asOf=2027-04-01`, cookie: o.cookie });
    expect(s.json<{ runway: { kind: string; months: null } }>().runway).toMatchObject({ kind: 'INFINITE', months: null });
  });

  it('scenario: hiring shortens and raising lengthens the runway', async () => {
    const r = await h.request({
      method: 'POST',
      url: `${base()}/scenario`,
      cookie: owner.cookie,
      body: { asOf: '2027-04-01', changes: [{ kind: 'HIRE', count: 1, annualSalary: { minor: 48_000_00, currency: 'EUR' }, fromMonth: '2027-05' }] },
    });
    expect(r.status, r.text).toBe(200);
    const res = r.json<{ baseline: { runway: { months: number } }; scenario: { runway: { months: number }; months: unknown[] }; runwayChangeMonths: number }>();
    // +4,000 a month: burn 12,000 → 96,000 / 12,000 = 8 months.
    expect(res.baseline.runway.months).toBe(12);
    expect(res.scenario.runway.months).toBe(8);
    expect(res.runwayChangeMonths).toBe(-4);
    const mixed = await h.request({ method: 'POST', url: `${base()}/scenario`, cookie: owner.cookie, body: { changes: [{ kind: 'RAISE', amount: { minor: 1, currency: 'USD' }, month: '2027-06' }] } });
    expect(mixed.status).toBe(400);
  });

  it('negative amounts, unknown and mixed currencies answer 400 and change nothing', async () => {
    const before = (await h.request({ url: `${base()}/costs`, cookie: owner.cookie })).json<unknown[]>().length;
    const bad = [
      { amount: { minor: -100, currency: 'EUR' }, expect: /negative/ },
      { amount: { minor: 100, currency: 'XYZ' }, expect: /XYZ|currency/ },
      { amount: { minor: 100, currency: 'USD' }, expect: /EUR/ },
      { amount: { minor: 1.5, currency: 'EUR' }, expect: /integer|minor/ },
    ];
    for (const b of bad) {
      const r = await h.request({ method: 'POST', url: `${base()}/costs`, cookie: owner.cookie, body: { date: '2027-03-01', category: 'TOOLS', amount: b.amount } });
      expect(r.status, JSON.stringify(b.amount)).toBe(400);
      expect(r.json<{ error: { code: string; message: string } }>().error.code).toBe('VALIDATION_FAILED');
      expect(r.text).toMatch(b.expect);
    }
    const budget = await h.request({ method: 'POST', url: `${base()}/budgets`, cookie: owner.cookie, body: { projectId, category: 'COMPUTE', amount: { minor: 5, currency: 'GBP' }, periodStart: '2027-01-01', periodEnd: '2027-12-31' } });
    expect(budget.status).toBe(400);
    expect((await h.request({ url: `${base()}/costs`, cookie: owner.cookie })).json<unknown[]>().length).toBe(before);
  });

  it('CSV import is all or nothing, with every bad line in the 400', async () => {
    const count = async () => (await h.request({ url: `${base()}/costs?limit=1000`, cookie: owner.cookie })).json<unknown[]>().length;
    const before = await count();
    const bad = ['date,category,amount,currency,description', '2027-03-02,compute,12.50,EUR,GPU', '2027-13-01,compute,1,EUR,bad date', '2027-03-03,snacks,1,EUR,bad category', '2027-03-04,tools,-5,EUR,negative'].join('\n');
    const r = await h.request({ method: 'POST', url: `${base()}/costs/import`, cookie: owner.cookie, body: { csv: bad } });
    expect(r.status).toBe(400);
    const issues = r.json<{ error: { issues: { path: string }[] } }>().error.issues.map((i) => i.path);
    expect(issues).toEqual(expect.arrayContaining([expect.stringMatching(/^line\.3/), expect.stringMatching(/^line\.4/), expect.stringMatching(/^line\.5/)]));
    expect(await count()).toBe(before);
    const mixed = await h.request({ method: 'POST', url: `${base()}/costs/import`, cookie: owner.cookie, body: { csv: 'date,category,amount,currency\n2027-03-02,compute,1.00,USD' } });
    expect(mixed.status).toBe(400);
    expect(await count()).toBe(before);
    const good = await h.request({ method: 'POST', url: `${base()}/costs/import`, cookie: owner.cookie, body: { projectId, csv: 'Date,Category,Amount,Currency,Description\n2027-03-02,compute,12.50,EUR,"GPU, A100"\n2027-03-03,data,7.5,EUR,labels' } });
    expect(good.status, good.text).toBe(201);
    expect(good.json()).toEqual({ imported: 2, total: { minor: 20_00, currency: 'EUR' } });
    expect(await count()).toBe(before + 2);
  });

  it('budget status raises alerts before the budget runs out', async () => {
    const r = await h.request({ method: 'POST', url: `${base()}/budgets`, cookie: owner.cookie, body: { projectId, category: 'PEOPLE', amount: { minor: 50_000_00, currency: 'EUR' }, periodStart: '2027-01-01', periodEnd: '2027-12-31' } });
    expect(r.status, r.text).toBe(201);
    const s = (await h.request({ url: `${base()}/summary?asOf=2027-04-01`, cookie: owner.cookie })).json<{ budgets: { actual: Money; overrunDate: string }[]; alerts: { kind: string }[] }>();
    expect(s.budgets[0].actual.minor).toBe(30_000_00);
    expect(s.alerts.map((a) => a.kind)).toContain('FORECAST_OVERRUN');
  });

  it('a forecast overrun raises one FINANCIAL risk in the register', async () => {
    const first = await h.request({ method: 'POST', url: `${base()}/check-risks?asOf=2027-04-01`, cookie: owner.cookie });
    expect(first.status, first.text).toBe(200);
    const raised = first.json<{ title: string; dedupeKey: string }[]>();
    expect(raised).toHaveLength(1);
    expect(raised[0].dedupeKey).toMatch(/^financial:budget:/);
    const again = await h.request({ method: 'POST', url: `${base()}/check-risks?asOf=2027-04-01`, cookie: owner.cookie });
    expect(again.json()).toEqual([]);
    const row = await h.db.prisma.risk.findFirst({ where: { organizationId: owner.orgId, dedupeKey: raised[0].dedupeKey } });
    expect(row).toMatchObject({ category: 'FINANCIAL', source: 'BUDGET_FORECAST', status: 'IDENTIFIED' });
  });

  it('recordComputeCost books a run once (idempotent per run)', async () => {
    const { FinanceService } = await import('../src/finance/finance.service');
    const svc = h.api.app.get(FinanceService);
    const o = await signUp(h);
    const first = await svc.recordComputeCost({ organizationId: o.orgId, projectId: null, runId: 'run-1', backend: 'tensorflow-gpu', seconds: 12_000, date: '2027-03-01' });
    const again = await svc.recordComputeCost({ organizationId: o.orgId, projectId: null, runId: 'run-1', backend: 'tensorflow-gpu', seconds: 12_000, date: '2027-03-01' });
    expect(first.amount).toEqual({ minor: 300, currency: 'USD' }); // 3.333 h × 0.90 USD
    expect(again.id).toBe(first.id);
    expect(first.source).toBe('COMPUTE');
  });
});

describe('rows written outside the API', () => {
  it('a cost in another currency (e.g. a run priced in USD) is left out and reported, never a 500', async () => {
    const { newId } = await import('@meridian/db');
    await h.db.prisma.costEntry.create({ data: { id: newId(), organizationId: owner.orgId, projectId, date: new Date('2027-03-20T00:00:00Z'), category: 'COMPUTE', amountMinor: 999n, currency: 'USD', source: 'COMPUTE', externalRef: 'run:outside' } });
    const s = await h.request({ url: `${base()}/summary?asOf=2027-04-01`, cookie: owner.cookie });
    expect(s.status, s.text).toBe(200);
    const body = s.json<{ excluded: { count: number; currencies: string[] }; cash: { cash: Money } }>();
    expect(body.excluded).toEqual({ count: 1, currencies: ['USD'] });
    expect(body.cash.cash.currency).toBe('EUR');
  });
});

/** A registered model version of a project (a run and its version row, as the training job writes them). */
async function modelVersionOf(orgId: string, pid: string, version: number): Promise<string> {
  const { newId } = await import('@meridian/db');
  const runId = newId();
  const id = newId();
  await h.db.prisma.trainingRun.create({ data: { id: runId, organizationId: orgId, projectId: pid, name: `run v${version}`, status: 'SUCCEEDED' } });
  await h.db.prisma.modelVersion.create({ data: { id, organizationId: orgId, projectId: pid, runId, version, artifactKey: `models/${id}` } });
  return id;
}

describe('feedback', () => {
  let key: string;
  let mv1: string;
  let mv2: string;
  beforeAll(async () => {
    mv1 = await modelVersionOf(owner.orgId, projectId, 1);
    mv2 = await modelVersionOf(owner.orgId, projectId, 2);
  });
  const post = (body: unknown, opts: { key?: string | null; ip?: string; origin?: string } = {}) =>
    h.request({ method: 'POST', url: '/api/public/feedback', body, ip: opts.ip ?? uniqueIp(), headers: { ...(opts.key === null ? {} : { 'x-feedback-key': opts.key ?? key }), ...(opts.origin ? { origin: opts.origin } : {}) } });

  it('creates a key shown once and accepts feedback with it from any origin', async () => {
    const r = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/projects/${projectId}/feedback-keys`, cookie: owner.cookie, body: { name: 'Widget' } });
    expect(r.status, r.text).toBe(201);
    key = r.json<{ key: string }>().key;
    expect(key).toMatch(/^mfk_/);
    const list = await h.request({ url: `/api/orgs/${owner.orgId}/projects/${projectId}/feedback-keys`, cookie: owner.cookie });
    expect(list.text).not.toContain(key);
    const ok = await post({ nps: 10, csat: 5, thumbs: 'up', comment: 'Great and fast', modelVersionId: mv1, predictionId: 'p-1' }, { origin: 'https://customer.example' });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.headers['access-control-allow-origin']).toBe('*');
    expect(ok.headers['access-control-allow-credentials']).toBeUndefined();
    const pre = await h.request({ method: 'OPTIONS', url: '/api/public/feedback', headers: { origin: 'https://customer.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-feedback-key' } });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    // Everything else keeps the dashboard-only CORS policy.
    const other = await h.request({ url: '/api/health/live', headers: { origin: 'https://customer.example' } });
    expect(other.headers['access-control-allow-origin']).not.toBe('*');
    const js = await h.request({ url: '/api/public/feedback/widget.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });

  it('bad scores, no key, a wrong key and an empty body answer clearly and store nothing', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ nps: 11 }, 400, /nps must be a whole number from 0 to 10/],
      [{ nps: 7.5 }, 400, /nps/],
      [{ csat: 0 }, 400, /csat must be a whole number from 1 to 5/],
      [{ thumbs: 'sideways' }, 400, /thumbs/],
      [{}, 400, /at least one of/],
      [{ nps: 5, surprise: true }, 400, /surprise|Unrecognized|unrecognized/],
    ];
    for (const [body, status, msg] of cases) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.text).toMatch(msg);
    }
    expect((await post({ nps: 5 }, { key: null })).status).toBe(401);
    expect((await post({ nps: 5 }, { key: `mfk_abcdefabcdef_${'x'.repeat(43)}` })).status).toBe(401);
    const a = await h.request({ url: `/api/orgs/${owner.orgId}/projects/${projectId}/feedback`, cookie: owner.cookie });
    expect(a.json<{ overall: { responses: number } }>().overall.responses).toBe(1);
  });

  it('feedback changes the NPS; analytics give intervals, weeks, versions, themes and search', async () => {
    for (const [nps, comment] of [
      [0, 'Slow and wrong totals'],
      [3, 'Totals wrong again'],
      [9, 'Accurate totals'],
    ] as const) {
      expect((await post({ nps, comment, modelVersionId: mv2 })).status).toBe(201);
    }
    const a = await h.request({ url: `/api/orgs/${owner.orgId}/projects/${projectId}/feedback`, cookie: owner.cookie });
    const body = a.json<{ overall: { nps: { nps: number; n: number; ci: { low: number; high: number } } }; modelVersions: { key: string; nps: { nps: number } }[]; themes: { keyword: string; count: number }[] }>();
    // 10, 0, 3, 9 → 2 promoters, 2 detractors of 4 → NPS 0.
    expect(body.overall.nps).toMatchObject({ n: 4, nps: 0 });
    expect(body.overall.nps.ci.low).toBeLessThan(0);
    expect(body.modelVersions.map((v) => [v.key, v.nps.nps])).toEqual([
      [mv1, 100],
      [mv2, -33.3],
    ]);
    expect(body.themes.find((t) => t.keyword === 'totals')?.count).toBe(3);
    const search = await h.request({ url: `/api/orgs/${owner.orgId}/projects/${projectId}/feedback?q=wrong`, cookie: owner.cookie });
    expect(search.json<{ comments: { comment: string; sentiment: { label: string } }[] }>().comments.map((c) => [c.comment, c.sentiment.label]).sort()).toEqual([
      ['Slow and wrong totals', 'NEGATIVE'],
      ['Totals wrong again', 'NEGATIVE'],
    ]);
  });

  it('rotating a key revokes the old one', async () => {
    const keys = (await h.request({ url: `/api/orgs/${owner.orgId}/projects/${projectId}/feedback-keys`, cookie: owner.cookie })).json<{ id: string }[]>();
    const r = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/projects/${projectId}/feedback-keys/${keys[0].id}/rotate`, cookie: owner.cookie });
    expect(r.status, r.text).toBe(201);
    const old = key;
    key = r.json<{ key: string }>().key;
    expect((await post({ nps: 8 }, { key: old })).status).toBe(401);
    expect((await post({ nps: 8 })).status).toBe(201);
  });

  it('a flood from one address answers 429 with Retry-After', async () => {
    const ip = uniqueIp();
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await post({ thumbs: 'up' }, { ip })).status);
    expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(statuses[31]).toBe(429);
    const last = await post({ thumbs: 'up' }, { ip });
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a share of negative feedback above the threshold raises one MARKET risk', async () => {
    const p2 = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
    const k = (await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/projects/${p2}/feedback-keys`, cookie: owner.cookie, body: {} })).json<{ key: string }>().key;
    for (let i = 0; i < 22; i++) expect((await post({ nps: i % 3, comment: 'broken again' }, { key: k })).status).toBe(201);
    const r = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/projects/${p2}/feedback/check-risks`, cookie: owner.cookie });
    expect(r.status, r.text).toBe(200);
    expect(r.json<{ dedupeKey: string }[]>().map((x) => x.dedupeKey)).toEqual([`satisfaction:${p2}:negative-share`]);
    const again = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/projects/${p2}/feedback/check-risks`, cookie: owner.cookie });
    expect(again.json()).toEqual([]);
    expect(await h.db.prisma.risk.count({ where: { projectId: p2, category: 'MARKET', status: { not: 'CLOSED' } } })).toBe(1);
  });

  it('surveys are defined per project', async () => {
    const r = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/projects/${projectId}/surveys`, cookie: owner.cookie, body: { name: 'After export', kind: 'CSAT', question: 'How was the export?' } });
    expect(r.status, r.text).toBe(201);
    const id = r.json<{ id: string }>().id;
    expect((await post({ csat: 4, surveyId: id })).status).toBe(201);
    const bad = await post({ csat: 4, surveyId: 'nope' });
    expect(bad.status, bad.text).toBe(422);
    expect(bad.json<{ error: { issues: { path: string }[] } }>().error.issues.map((i) => i.path)).toEqual(['surveyId']);
  });

  it("a model version or prediction that is not the key's project's answers 422 naming the field, and stores nothing", async () => {
    const otherProject = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
    const foreign = await modelVersionOf(owner.orgId, otherProject, 1);
    const stranger = await signUp(h);
    const strangersProject = (await createProject(h, { cookie: stranger.cookie }, stranger.orgId)).id;
    const otherOrgs = await modelVersionOf(stranger.orgId, strangersProject, 1);
    const before = await h.db.prisma.feedback.count({ where: { projectId } });
    const cases: [Record<string, unknown>, string[], RegExp][] = [
      [{ nps: 9, modelVersionId: 'no-such-version' }, ['modelVersionId'], /modelVersionId: no model version "no-such-version" is registered in this project/],
      [{ nps: 9, modelVersionId: foreign }, ['modelVersionId'], /modelVersionId/],
      [{ nps: 9, modelVersionId: otherOrgs, predictionId: 'p-9' }, ['modelVersionId'], /modelVersionId/],
      [{ nps: 9, predictionId: 'p-9' }, ['predictionId'], /predictionId: a prediction id needs the modelVersionId/],
      [{ nps: 9, surveyId: 'nope', predictionId: 'p-9' }, ['surveyId', 'predictionId'], /surveyId.*\(and 1 more\)/],
    ];
    for (const [body, paths, msg] of cases) {
      const r = await post(body);
      expect(r.status, `${JSON.stringify(body)} ${r.text}`).toBe(422);
      const err = r.json<{ error: { code: string; message: string; issues: { path: string }[] } }>().error;
      expect(err.code).toBe('UNPROCESSABLE');
      expect(err.issues.map((i) => i.path)).toEqual(paths);
      expect(err.message).toMatch(msg);
    }
    expect(await h.db.prisma.feedback.count({ where: { projectId } })).toBe(before);
    // The same model version of the key's own project is accepted, with a prediction id.
    const ok = await post({ nps: 9, modelVersionId: mv1, predictionId: 'p-9' });
    expect(ok.status, ok.text).toBe(201);
    const row = await h.db.prisma.feedback.findUnique({ where: { id: ok.json<{ id: string }>().id } });
    expect(row).toMatchObject({ modelVersionId: mv1, predictionId: 'p-9', projectId });
  });
});

describe('tenancy', () => {
  it("another organisation gets 404 for this organisation's finance and feedback", async () => {
    const intruder = await signUp(h);
    const o = `/api/orgs/${owner.orgId}`;
    const p = `${o}/projects/${projectId}`;
    for (const [method, url] of [
      ['GET', `${o}/finance/summary`],
      ['GET', `${o}/finance/costs`],
      ['GET', `${o}/finance/budgets`],
      ['GET', `${o}/feedback/overview`],
      ['GET', `${p}/feedback`],
      ['GET', `${p}/feedback-keys`],
      ['GET', `${p}/surveys`],
    ] as const) {
      const r = await h.request({ method, url, cookie: intruder.cookie });
      expect(r.status, url).toBe(404);
    }
    // Own org, other org's project id: still 404, nothing leaks.
    const own = await h.request({ url: `/api/orgs/${intruder.orgId}/projects/${projectId}/feedback`, cookie: intruder.cookie });
    expect(own.status).toBe(404);
    const cost = await h.request({ method: 'POST', url: `/api/orgs/${intruder.orgId}/finance/costs`, cookie: intruder.cookie, body: { projectId, date: '2027-01-01', category: 'TOOLS', amount: { minor: 1, currency: 'EUR' } } });
    expect(cost.status).toBe(400);
  });
});

describe('demo seed', () => {
  it('gives the demo ~14 months of runway and ~200 feedback entries, idempotently', async () => {
    const o = await signUp(h);
    for (const name of ['Churn Radar', 'Invoice Reader', 'Retail Demand Embeddings']) await createProject(h, { cookie: o.cookie }, o.orgId, { name });
    expect(await seedFinanceAndFeedback(h.db.prisma, o.orgId)).toEqual({ finance: true, feedback: true });
    expect(await seedFinanceAndFeedback(h.db.prisma, o.orgId)).toEqual({ finance: false, feedback: false });
    const s = (await h.request({ url: `/api/orgs/${o.orgId}/finance/summary`, cookie: o.cookie })).json<{ runway: { kind: string; months: number }; alerts: unknown[] }>();
    expect(s.runway.kind).toBe('FINITE');
    expect(s.runway.months).toBeGreaterThan(12);
    expect(s.runway.months).toBeLessThan(16);
    expect(s.alerts.length).toBeGreaterThan(0);
    // The seed ran the real budget check: the over-budget project has its FINANCIAL risk, once.
    const financial = await h.db.prisma.risk.findMany({ where: { organizationId: o.orgId, category: 'FINANCIAL' }, select: { source: true, dedupeKey: true } });
    expect(financial.length).toBeGreaterThan(0);
    expect(financial.every((r) => r.dedupeKey?.startsWith('financial:budget:'))).toBe(true);
    const again = await h.request({ method: 'POST', url: `/api/orgs/${o.orgId}/finance/check-risks`, cookie: o.cookie });
    expect(again.json()).toEqual([]);
    const f = (await h.request({ url: `/api/orgs/${o.orgId}/feedback/overview`, cookie: o.cookie })).json<{ overall: { responses: number }; weeks: { nps: { nps: number } }[] }>();
    expect(f.overall.responses).toBeGreaterThan(190);
    expect(f.weeks.at(-1)!.nps.nps).toBeGreaterThan(f.weeks[0].nps.nps);
  });
});
