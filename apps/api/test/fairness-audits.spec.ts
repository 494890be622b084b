// Fairness audits of uploaded predictions over the real stack: the fairness.audit job (worker
// thread, the same fairnessReport as `meridian audit`), the stored report with its nulls, the risk
// raised once per failing subject, bad input answered at upload, and the ethics review sign-off.
// The main flow runs twice: on the default stores (PostgreSQL + Redis when reachable) and forced
// embedded (PGlite + in-process queue).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FairnessAuditView, RiskDetailView, RiskListView } from '@meridian/domain';
import { columnsToCsv, generateHiringDataset } from '@meridian/fairness';
import { createProject, memberOf, signUp, startHarness, waitFor, type Harness, type TestUser } from './harness';

function hiringCsv(bias: number, rows = 8000, seed = 11): string {
  const c = generateHiringDataset({ rows, bias, seed }).columns;
  return columnsToCsv({ gender: c.gender, ethnicity: c.ethnicity, hired: c.hired, predicted: c.predicted, score: c.score });
}
const biased = hiringCsv(1.5);
const fair = hiringCsv(0);
const options = { audit: { label: 'hired', prediction: 'predicted', score: 'score', sensitive: ['gender', 'ethnicity'], privileged: { gender: ['male'] } } };

const MODES: Array<{ name: string; env: Record<string, string> }> = [
  { name: 'default stores', env: {} },
  { name: 'embedded (PGlite + in-process queue)', env: { MERIDIAN_TEST_DB: 'pglite', MERIDIAN_TEST_QUEUE: 'memory' } },
];

for (const mode of MODES) {
  describe(`fairness audits on ${mode.name}`, () => {
    let h: Harness;
    let owner: TestUser;
    let member: TestUser;
    let viewer: TestUser;
    let projectId: string;
    const saved: Record<string, string | undefined> = {};

    beforeAll(async () => {
      for (const [k, v] of Object.entries(mode.env)) {
        saved[k] = process.env[k];
        process.env[k] = v;
      }
      h = await startHarness();
      owner = await signUp(h);
      member = await memberOf(h, owner, 'MEMBER');
      viewer = await memberOf(h, owner, 'VIEWER');
      projectId = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
    }, 120_000);
    afterAll(async () => {
      await h?.close();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });

    const base = () => `/api/orgs/${owner.orgId}`;
    const upload = (csv: string, fileName = 'predictions.csv', opts: unknown = options, who = member) =>
      h.request({ method: 'POST', url: `${base()}/projects/${projectId}/fairness-audits`, cookie: who.cookie, body: { fileName, csv, options: opts } });
    const finished = (id: string) =>
      waitFor(
        async () => (await h.request({ url: `${base()}/fairness-audits/${id}`, cookie: viewer.cookie })).json<FairnessAuditView>(),
        (a) => a.status === 'SUCCEEDED' || a.status === 'FAILED',
        60_000,
      );

    it('fails the biased model, stores the report and mitigation, and raises one fairness risk', async () => {
      const res = await upload(biased, 'hiring-biased.csv');
      expect(res.status, res.text).toBe(202);
      const queued = res.json<FairnessAuditView>();
      expect(queued).toMatchObject({ status: 'QUEUED', verdict: null, result: null, source: { kind: 'PREDICTIONS_UPLOAD', fileName: 'hiring-biased.csv' } });
      const a = await finished(queued.id);
      expect(a.status, JSON.stringify(a.error)).toBe('SUCCEEDED');
      expect(a.verdict).toBe('FAIL');
      expect(a.source.rows).toBe(8000);
      expect(a.reasons.find((r) => r.code === 'PARITY_FAILED' && r.group === 'female' && r.metric === 'pprev')?.value).toBeLessThan(0.6);
      expect(a.result!.input).toMatchObject({ rows: 8000, sensitive: ['gender', 'ethnicity'] });
      expect((a.mitigation as { thresholds: { after: { demographicParityDifference: number } } }).thresholds.after.demographicParityDifference).toBeLessThan(0.05);
      expect(a.riskId).toBeTruthy();
      const risk = (await h.request({ url: `${base()}/risks/${a.riskId}`, cookie: viewer.cookie })).json<RiskDetailView>();
      expect(risk).toMatchObject({ category: 'FAIRNESS_ETHICS', source: 'FAIRNESS_AUDIT', fairnessAuditId: a.id, projectId, status: 'IDENTIFIED', likelihood: 4, impact: 3 });
      expect(risk.evidence).toMatchObject({ kind: 'FAIRNESS_AUDIT', id: a.id });
      expect(risk.description).toMatch(/pprev disparity/);

      // the same predictions again: a second failing audit, still one open risk
      const again = await finished((await upload(biased, 'hiring-biased-again.csv')).json<FairnessAuditView>().id);
      expect(again.verdict).toBe('FAIL');
      expect(again.riskId).toBe(a.riskId);
      const risks = (await h.request({ url: `${base()}/risks?projectId=${projectId}&source=FAIRNESS_AUDIT`, cookie: viewer.cookie })).json<RiskListView>();
      expect(risks.items).toHaveLength(1);
    });

    it('passes the unbiased model and raises nothing', async () => {
      const a = await finished((await upload(fair, 'hiring-fair.csv')).json<FairnessAuditView>().id);
      expect(a.verdict).toBe('PASS');
      expect(a.reasons).toEqual([]);
      expect(a.riskId).toBeNull();
    });
  });
}

describe('fairness audits: input, the CLI shape, review and roles', () => {
  let h: Harness;
  let owner: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let projectId: string;
  beforeAll(async () => {
    h = await startHarness();
    owner = await signUp(h, { name: 'Rita Reviewer' });
    member = await memberOf(h, owner, 'MEMBER');
    viewer = await memberOf(h, owner, 'VIEWER');
    projectId = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
  }, 120_000);
  afterAll(async () => h?.close());
  const base = () => `/api/orgs/${owner.orgId}`;
  const upload = (csv: string, opts: unknown = options, who = member) =>
    h.request({ method: 'POST', url: `${base()}/projects/${projectId}/fairness-audits`, cookie: who.cookie, body: { fileName: 'p.csv', csv, options: opts } });

  it('answers bad input at upload with 400 and a message naming the problem', async () => {
    const cases: Array<[string, string, unknown, RegExp]> = [
      ['unknown column', biased, { audit: { ...options.audit, sensitive: ['sex'] } }, /unknown sensitive column 'sex'/],
      ['label not binary', 'y,p,g\n1,1,a\n2,0,b\n3,1,a\n', { audit: { label: 'y', prediction: 'p', sensitive: ['g'] } }, /label column 'y' is not binary/],
      ['empty privileged group', biased, { audit: { ...options.audit, privileged: { gender: ['nonbinary'] } } }, /privileged group gender=nonbinary has no members/],
      ['negative weights', 'y,p,g,w\n1,1,a,1\n0,0,b,-2\n1,0,a,1\n0,1,b,1\n', { audit: { label: 'y', prediction: 'p', sensitive: ['g'], weight: 'w' } }, /negative/i],
      ['no options', biased, {}, /options\.audit/],
    ];
    for (const [name, csv, opts, message] of cases) {
      const res = await upload(csv, opts);
      expect(res.status, `${name}: ${res.text}`).toBe(400);
      expect(res.json<{ error: { code: string; message: string } }>().error, name).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(message) });
    }
    const list = await h.request({ url: `${base()}/fairness-audits?projectId=${projectId}`, cookie: viewer.cookie });
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('answers the keys the CLI prints, records the ethics review, and keeps VIEWER read-only', async () => {
    expect((await upload(biased, options, viewer)).status).toBe(403);
    const id = (await upload(biased)).json<FairnessAuditView>().id;
    const early = await h.request({ method: 'POST', url: `${base()}/fairness-audits/${id}/review`, cookie: owner.cookie, body: { decision: 'REJECTED', note: 'too early' } });
    expect([200, 409]).toContain(early.status);
    const a = await waitFor(
      async () => (await h.request({ url: `${base()}/fairness-audits/${id}`, cookie: viewer.cookie })).json<FairnessAuditView>(),
      (x) => x.status === 'SUCCEEDED',
      60_000,
    );
    for (const key of ['schemaVersion', 'verdict', 'reasons', 'policy', 'result', 'mitigation', 'source']) expect(a, key).toHaveProperty(key);
    expect(Object.keys(a.result!).sort()).toEqual(['aequitas', 'aif360', 'calibration', 'fairlearn', 'groups', 'input', 'intervals', 'metricFrame', 'notes', 'schemaVersion']);
    expect((await h.request({ method: 'POST', url: `${base()}/fairness-audits/${id}/review`, cookie: viewer.cookie, body: { decision: 'APPROVED', note: 'x' } })).status).toBe(403);
    const missingNote = await h.request({ method: 'POST', url: `${base()}/fairness-audits/${id}/review`, cookie: owner.cookie, body: { decision: 'REJECTED', note: '' } });
    expect(missingNote.status).toBe(400);
    const reviewed = await h.request({ method: 'POST', url: `${base()}/fairness-audits/${id}/review`, cookie: owner.cookie, body: { decision: 'REJECTED', note: 'Selection rate for women is half that of men; retrain with group thresholds.' } });
    expect(reviewed.status, reviewed.text).toBe(200);
    expect(reviewed.json<FairnessAuditView>().review).toMatchObject({ reviewerId: owner.userId, reviewerName: 'Rita Reviewer', decision: 'REJECTED' });
    // the PDF report: rendered by headless Chromium, stored with the audit, served again from the store
    const pdf = await h.request({ url: `${base()}/fairness-audits/${id}/report.pdf`, cookie: viewer.cookie });
    expect(pdf.status, pdf.text.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/attachment; filename="fairness-audit-.*\.pdf"/);
    expect(pdf.text.startsWith('%PDF-')).toBe(true);
    const stored = await h.db.prisma.fairnessAudit.findUnique({ where: { id }, select: { pdfKey: true } });
    expect(stored?.pdfKey).toMatch(/^fairness-audits\//);
    const again = await h.request({ url: `${base()}/fairness-audits/${id}/report.pdf`, cookie: viewer.cookie });
    expect(again.status).toBe(200);
    expect((await h.db.prisma.fairnessAudit.findUnique({ where: { id }, select: { pdfKey: true } }))?.pdfKey).toBe(stored?.pdfKey);
    expect((await h.request({ method: 'DELETE', url: `${base()}/fairness-audits/${id}`, cookie: viewer.cookie })).status).toBe(403);
    expect((await h.request({ method: 'DELETE', url: `${base()}/fairness-audits/${id}`, cookie: member.cookie })).status).toBe(204);
    const log = await h.request({ url: `${base()}/audit-logs?action=fairness_audit.delete`, cookie: owner.cookie });
    expect(log.json<{ items: { targetId: string }[] }>().items.map((i) => i.targetId)).toContain(id);
  });
});
