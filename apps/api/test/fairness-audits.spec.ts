// Fairness audits of uploaded predictions over the real stack: the fairness.audit job (worker
// thread, the same fairnessReport as `meridian audit`), the stored report with its nulls, the risk
// raised once per failing subject, bad input answered at upload, and the ethics review sign-off.
// The main flow runs twice: on the default stores (PostgreSQL + Redis when reachable) and forced
// embedded (PGlite + in-process queue).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FairnessAuditView, ModelCardView, RiskDetailView, RiskListView } from '@meridian/domain';
import { columnsToCsv, generateHiringDataset } from '@meridian/fairness';
import { newId } from '@meridian/db';
import { ZModelCardView } from '../src/model-cards/model-cards.views';
import { multipart } from './datasets.helpers';
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
      // group thresholds for both constraints, fitted on one half of the rows and measured on the other
      expect(a.mitigation!.thresholds!.after.demographicParityDifference!).toBeLessThan(0.06);
      expect(a.mitigation!.thresholdsByConstraint!.map((t) => t.constraint)).toEqual(['demographic_parity', 'equalized_odds']);
      expect(a.mitigation!.evaluation).toMatchObject({ method: 'holdout', fitRows: expect.any(Number), evalRows: expect.any(Number) });
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

  it('pages the audit list newest first with a keyset cursor', async () => {
    const paged = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
    const small = hiringCsv(0, 200, 3);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await h.request({ method: 'POST', url: `${base()}/projects/${paged}/fairness-audits`, cookie: member.cookie, body: { fileName: `p${i}.csv`, csv: small, options: { ...options, mitigation: false } } });
      expect(res.status, res.text).toBe(202);
      ids.push(res.json<FairnessAuditView>().id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 5; pages++) {
      const page: { items: FairnessAuditView[]; nextCursor: string | null } = (await h.request({ url: `${base()}/fairness-audits?projectId=${paged}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, cookie: viewer.cookie })).json();
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([...ids].reverse());
    // the predictions file lives in the artifact store (hash-checked), not in the row
    const row = await h.db.prisma.fairnessAudit.findUniqueOrThrow({ where: { id: ids[0] }, select: { artifactKey: true, input: true, fileSha256: true } });
    expect(row.input).toBeNull();
    expect(row.artifactKey).toMatch(new RegExp(`^fairness-audits/${owner.orgId}/${ids[0]}/predictions-${row.fileSha256.slice(0, 16)}\\.csv$`));
    expect((await h.request({ url: `${base()}/fairness-audits?cursor=garbage`, cookie: viewer.cookie })).status).toBe(400);
  });

  it('still runs an audit whose file was stored in the row before the artifact store (old rows)', async () => {
    const id = (await upload(hiringCsv(1.5, 500, 4))).json<FairnessAuditView>().id;
    await waitFor(async () => (await h.request({ url: `${base()}/fairness-audits/${id}`, cookie: viewer.cookie })).json<FairnessAuditView>(), (x) => x.status === 'SUCCEEDED', 60_000);
    // An old-style row: bytes in FairnessAudit.input, no artifact key; the job reads it from there.
    const legacyId = newId();
    const jobId = newId();
    const csv = Buffer.from(hiringCsv(1.5, 500, 4));
    const src = await h.db.prisma.fairnessAudit.findUniqueOrThrow({ where: { id } });
    await h.db.prisma.jobRecord.create({ data: { id: jobId, organizationId: owner.orgId, name: 'fairness.audit', payload: { jobRecordId: jobId, organizationId: owner.orgId, auditId: legacyId } } });
    await h.db.prisma.fairnessAudit.create({ data: { id: legacyId, organizationId: owner.orgId, projectId, fileName: 'legacy.csv', fileSha256: src.fileSha256, fileBytes: csv.byteLength, input: csv, options: src.options ?? {}, jobId } });
    await h.queue.add('fairness.audit', { jobRecordId: jobId, organizationId: owner.orgId, auditId: legacyId }, { jobId });
    const legacy = await waitFor(async () => (await h.request({ url: `${base()}/fairness-audits/${legacyId}`, cookie: viewer.cookie })).json<FairnessAuditView>(), (x) => x.status === 'SUCCEEDED' || x.status === 'FAILED', 60_000);
    expect(legacy).toMatchObject({ status: 'SUCCEEDED', verdict: 'FAIL', source: { kind: 'PREDICTIONS_UPLOAD', fileName: 'legacy.csv', rows: 500 } });
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

// Audits of a registered model version on a dataset version: a real model trained by the
// training.run job on hiring data whose historical labels under-record qualified women, then the
// fairness.audit job predicting with it on every row; the promotion gate reads the verdict, and
// only an owner's accepted exception (with a justification) lets the failed version through.
describe('fairness audits of a model version on a dataset version, and the promotion gate', () => {
  let h: Harness;
  let owner: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let projectId: string;
  let otherProjectId: string;
  let datasetVersionId: string;
  let smallVersionId: string;
  let otherProjectVersionId: string;
  let modelVersionId: string;
  let failedAuditId: string;
  const base = () => `/api/orgs/${owner.orgId}`;

  async function dataset(project: string, fileName: string, csv: string): Promise<string> {
    const ds = await h.request({ method: 'POST', url: `${base()}/projects/${project}/datasets`, cookie: owner.cookie, body: { name: `${fileName}-${Math.random().toString(36).slice(2, 8)}` } });
    expect(ds.status, ds.text).toBe(201);
    const datasetId = ds.json<{ id: string }>().id;
    const up = await h.request({ method: 'POST', url: `${base()}/datasets/${datasetId}/versions`, cookie: owner.cookie, ...multipart(fileName, Buffer.from(csv), { targetColumn: 'hired' }) });
    expect(up.status, up.text).toBe(201);
    const id = up.json<{ version: { id: string } }>().version.id;
    const v = await waitFor(
      async () => (await h.request({ url: `${base()}/datasets/${datasetId}/versions/${id}`, cookie: owner.cookie })).json<{ profileStatus: string; profileError: string | null }>(),
      (x) => x.profileStatus === 'READY' || x.profileStatus === 'FAILED',
      60_000,
    );
    expect(v.profileStatus, v.profileError ?? '').toBe('READY');
    return id;
  }
  const audit = (body: Record<string, unknown>, who = member, project = projectId) => h.request({ method: 'POST', url: `${base()}/projects/${project}/fairness-audits/model`, cookie: who.cookie, body });
  const finished = (id: string) =>
    waitFor(
      async () => (await h.request({ url: `${base()}/fairness-audits/${id}`, cookie: viewer.cookie })).json<FairnessAuditView>(),
      (a) => a.status === 'SUCCEEDED' || a.status === 'FAILED',
      120_000,
    );
  const promote = (id = modelVersionId) => h.request({ method: 'POST', url: `${base()}/models/${id}/aliases/production`, cookie: member.cookie, body: { reason: 'ship it' } });

  beforeAll(async () => {
    h = await startHarness();
    owner = await signUp(h, { name: 'Olga Owner' });
    member = await memberOf(h, owner, 'MEMBER');
    viewer = await memberOf(h, owner, 'VIEWER');
    projectId = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
    otherProjectId = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
    // Historical labels: 70 % of qualified women recorded as not hired; gender is a model input.
    const c = generateHiringDataset({ rows: 3000, bias: 0, labelBias: 0.7, seed: 5 }).columns;
    const csv = columnsToCsv({ gender: c.gender, ethnicity: c.ethnicity, years_experience: c.years_experience, test_score: c.test_score, hired: c.hired });
    datasetVersionId = await dataset(projectId, 'applicants.csv', csv);
    smallVersionId = await dataset(projectId, 'small.csv', 'gender,hired,w\nmale,1,1\nfemale,0,-1\nmale,0,1\nfemale,1,2\n');
    otherProjectVersionId = await dataset(otherProjectId, 'elsewhere.csv', csv);
    const run = await h.request({ method: 'POST', url: `${base()}/runs`, cookie: member.cookie, body: { projectId, datasetVersionId, labelColumn: 'hired', preset: 'mlp-classifier', epochs: 4, seed: 1 } });
    expect(run.status, run.text).toBe(202);
    const done = await waitFor(
      async () => (await h.request({ url: `${base()}/runs/${run.json<{ id: string }>().id}`, cookie: member.cookie })).json<{ status: string; modelVersionId: string | null; error: string | null }>(),
      (r) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(r.status),
      180_000,
    );
    expect(done.status, done.error ?? '').toBe('SUCCEEDED');
    modelVersionId = done.modelVersionId!;
  }, 300_000);
  afterAll(async () => h?.close());

  it('predicts with the model on every row and fails it on the same report as uploaded predictions', async () => {
    const res = await audit({ modelVersionId, datasetVersionId, sensitive: ['gender'], privileged: { gender: ['male'] } });
    expect(res.status, res.text).toBe(202);
    const a = await finished(res.json<FairnessAuditView>().id);
    expect(a.status, JSON.stringify(a.error)).toBe('SUCCEEDED');
    expect(a).toMatchObject({ modelVersionId, datasetVersionId, verdict: 'FAIL', source: { kind: 'MODEL_VERSION', fileName: 'applicants.csv', rows: 3000 } });
    // the label defaulted to the model's training label; the model's output became two columns
    expect(a.result!.input).toMatchObject({ rows: 3000, label: 'hired', prediction: 'model_prediction', score: 'model_score', sensitive: ['gender'] });
    expect(a.reasons.find((r) => r.code === 'PARITY_FAILED' && r.group === 'female' && r.metric === 'pprev')).toBeTruthy();
    expect(a.result!.aif360!.disparateImpact).toBeLessThan(0.8);
    expect(a.riskId).toBeTruthy();
    const risk = (await h.request({ url: `${base()}/risks/${a.riskId}`, cookie: viewer.cookie })).json<RiskDetailView>();
    expect(risk).toMatchObject({ modelVersionId, fairnessAuditId: a.id, category: 'FAIRNESS_ETHICS', title: 'Fairness audit failed for model version v1' });
    // lineage by name, with links; the audit counts for the gate
    expect(a.lineage.modelVersion).toMatchObject({ id: modelVersionId, version: 1, url: `/orgs/${owner.orgId}/models/${modelVersionId}` });
    expect(a.lineage.datasetVersion).toMatchObject({ id: datasetVersionId, fileName: 'applicants.csv', version: 1, contentHash: a.source.sha256, url: expect.stringMatching(new RegExp(`/versions/${datasetVersionId}$`)) });
    expect(a.lineage.run).toMatchObject({ url: expect.stringMatching(/^\/orgs\/.+\/runs\//) });
    expect(a).toMatchObject({ gateEligible: true, gateNotes: [] });
    // the job rendered and stored the PDF as the audit finished (Chromium is on this host); the download serves that file
    const job = await waitFor(() => h.db.prisma.jobRecord.findUniqueOrThrow({ where: { id: a.jobId! } }), (j) => j.status === 'SUCCEEDED' || j.status === 'FAILED', 60_000);
    expect(job.result).toMatchObject({ pdfKey: expect.stringMatching(new RegExp(`^fairness-audits/${owner.orgId}/${a.id}/report-.*\\.pdf$`)) });
    const row = await h.db.prisma.fairnessAudit.findUniqueOrThrow({ where: { id: a.id }, select: { pdfKey: true } });
    expect(row.pdfKey).toBe((job.result as { pdfKey: string }).pdfKey);
    const pdf = await h.request({ url: `${base()}/fairness-audits/${a.id}/report.pdf`, cookie: viewer.cookie });
    expect(pdf.status).toBe(200);
    expect((await h.db.prisma.fairnessAudit.findUniqueOrThrow({ where: { id: a.id }, select: { pdfKey: true } })).pdfKey).toBe(row.pdfKey);
    failedAuditId = a.id;
    const listed = (await h.request({ url: `${base()}/fairness-audits?modelVersionId=${modelVersionId}`, cookie: viewer.cookie })).json<{ items: FairnessAuditView[] }>();
    expect(listed.items.map((x) => x.id)).toEqual([a.id]);
  });

  it('answers bad requests at once, naming what to fix, and stores nothing', async () => {
    const before = await h.db.prisma.fairnessAudit.count({ where: { projectId } });
    const cases: Array<[string, Record<string, unknown>, number, RegExp, string?]> = [
      ['unknown column', { modelVersionId, datasetVersionId, sensitive: ['sex'] }, 400, /unknown column 'sex'.*columns: gender, ethnicity/],
      ['label not binary', { modelVersionId, datasetVersionId, label: 'test_score', sensitive: ['gender'] }, 400, /label column 'test_score' is not binary/],
      ['group with no members', { modelVersionId, datasetVersionId, sensitive: ['gender'], privileged: { gender: ['nonbinary'] } }, 400, /privileged group gender=nonbinary has no members/],
      ['negative weights', { modelVersionId, datasetVersionId: smallVersionId, sensitive: ['gender'], weight: 'w' }, 400, /weight column 'w' has negative values/],
      ['positive label not a class', { modelVersionId, datasetVersionId, sensitive: ['gender'], positiveLabel: 'yes' }, 400, /positiveLabel: is not one of the model's classes/],
      ['dataset of another project', { modelVersionId, datasetVersionId: otherProjectVersionId, sensitive: ['gender'] }, 422, /belongs to another project/],
      ['model of another project', { modelVersionId, datasetVersionId: otherProjectVersionId, sensitive: ['gender'] }, 422, /model version v1 belongs to another project/, otherProjectId],
      ['unknown model', { modelVersionId: 'nope', datasetVersionId, sensitive: ['gender'] }, 422, /model version nope does not exist in this organisation/],
      ['unknown dataset version', { modelVersionId, datasetVersionId: 'nope', sensitive: ['gender'] }, 422, /dataset version nope does not exist in this organisation/],
    ];
    for (const [name, body, status, message, project] of cases) {
      const res = await audit(body, member, project ?? projectId);
      expect(res.status, `${name}: ${res.text}`).toBe(status);
      expect(res.json<{ error: { message: string } }>().error.message, name).toMatch(message);
    }
    // another organisation sees neither the model nor the data: its ids are a field to fix (422), and nothing says they exist elsewhere
    const stranger = await signUp(h);
    const foreignProject = (await createProject(h, { cookie: stranger.cookie }, stranger.orgId)).id;
    const foreign = await h.request({ method: 'POST', url: `/api/orgs/${stranger.orgId}/projects/${foreignProject}/fairness-audits/model`, cookie: stranger.cookie, body: { modelVersionId, datasetVersionId, sensitive: ['gender'] } });
    expect(foreign.status).toBe(422);
    expect(foreign.json<{ error: { issues: Array<{ path: string }> } }>().error.issues.map((i) => i.path)).toEqual(['modelVersionId']);
    const foreignUpload = await h.request({ method: 'POST', url: `/api/orgs/${stranger.orgId}/projects/${foreignProject}/fairness-audits`, cookie: stranger.cookie, body: { fileName: 'p.csv', csv: fair, options, modelVersionId } });
    expect(foreignUpload.status, foreignUpload.text).toBe(422);
    expect(foreignUpload.json<{ error: { issues: Array<{ path: string }> } }>().error.issues.map((i) => i.path)).toEqual(['modelVersionId']);
    const otherProjectUpload = await h.request({ method: 'POST', url: `${base()}/projects/${otherProjectId}/fairness-audits`, cookie: member.cookie, body: { fileName: 'p.csv', csv: fair, options, modelVersionId } });
    expect(otherProjectUpload.status, otherProjectUpload.text).toBe(422);
    expect(otherProjectUpload.json<{ error: { message: string } }>().error.message).toMatch(/model version v1 belongs to another project/);
    expect(await h.db.prisma.fairnessAudit.count({ where: { organizationId: stranger.orgId } })).toBe(0);
    expect(await h.db.prisma.fairnessAudit.count({ where: { projectId: otherProjectId } })).toBe(0);
    expect((await audit({ modelVersionId, datasetVersionId, sensitive: ['gender'] }, viewer)).status).toBe(403);
    expect(await h.db.prisma.fairnessAudit.count({ where: { projectId } })).toBe(before);
  });

  it('records data problems only the rows show as a failed audit with the reason', async () => {
    const res = await audit({ modelVersionId, datasetVersionId: smallVersionId, sensitive: ['gender'] });
    expect(res.status, res.text).toBe(202);
    const a = await finished(res.json<FairnessAuditView>().id);
    expect(a.status).toBe('FAILED');
    expect(a.error).toMatchObject({ code: 'UNKNOWN_COLUMN', message: expect.stringMatching(/lacks columns? .*'years_experience'.* that model version v1 takes as input/) });
    expect(a.verdict).toBeNull();
  });

  it('does not let an uploaded predictions file that passes unblock the failed model version', async () => {
    const res = await h.request({ method: 'POST', url: `${base()}/projects/${projectId}/fairness-audits`, cookie: member.cookie, body: { fileName: 'hand-made.csv', csv: fair, options, modelVersionId } });
    expect(res.status, res.text).toBe(202);
    const upload = await finished(res.json<FairnessAuditView>().id);
    expect(upload).toMatchObject({ status: 'SUCCEEDED', verdict: 'PASS', modelVersionId, gateEligible: false, source: { kind: 'PREDICTIONS_UPLOAD' } });
    expect(upload.gateNotes[0]).toMatch(/uploaded predictions are not evidence/);
    // the newest finished audit naming the version passed, yet the gate still reads the failed audit of the model itself
    const refused = await promote();
    expect(refused.status, refused.text).toBe(409);
    expect(refused.json<{ error: { message: string } }>().error.message).toContain(`fairness audit ${failedAuditId}`);
    const card = (await h.request({ url: `${base()}/model-cards/${modelVersionId}`, cookie: viewer.cookie })).json<ModelCardView>();
    expect(card.fairness).toMatchObject({ latestAuditId: failedAuditId, latestVerdict: 'FAIL', gate: { ok: false } });
  });

  it("judges model-version audits by the project's fairness policy: a member cannot loosen it, only an owner or admin sets it", async () => {
    const before = await h.db.prisma.fairnessAudit.count({ where: { projectId } });
    const policyUrl = `${base()}/projects/${projectId}/fairness-policy`;
    const standard = (await h.request({ url: policyUrl, cookie: viewer.cookie })).json<{ tau: number; isDefault: boolean; maxDemographicParityDifference: number }>();
    expect(standard).toMatchObject({ tau: 0.8, isDefault: true, maxDemographicParityDifference: 0.1, parityMetrics: ['pprev', 'tpr'], requiredSensitive: [] });
    // a lax request: every loosened field is named, nothing is queued, the model stays blocked
    const lax = await audit({ modelVersionId, datasetVersionId, sensitive: ['gender'], tau: 0.3, policy: { parityMetrics: ['fpr'], maxDemographicParityDifference: 0.9, maxEqualizedOddsDifference: 0.9, minGroupRows: 1 } });
    expect(lax.status, lax.text).toBe(422);
    expect(lax.json<{ error: { issues: Array<{ path: string }> } }>().error.issues.map((i) => i.path)).toEqual(['tau', 'policy.parityMetrics', 'policy.maxDemographicParityDifference', 'policy.maxEqualizedOddsDifference', 'policy.minGroupRows']);
    expect(await h.db.prisma.fairnessAudit.count({ where: { projectId } })).toBe(before);
    expect((await promote()).status).toBe(409);
    // nor can the member change the policy itself
    const memberPut = await h.request({ method: 'PUT', url: policyUrl, cookie: member.cookie, body: { tau: 0.3, maxDemographicParityDifference: 0.9 } });
    expect(memberPut.status).toBe(403);
    expect((await h.request({ method: 'PUT', url: policyUrl, cookie: owner.cookie, body: { tau: 2 } })).status).toBe(400);
    // the owner tightens it (audited); requests must now include gender, and a stricter request is fine
    const put = await h.request({ method: 'PUT', url: policyUrl, cookie: owner.cookie, body: { tau: 0.85, requiredSensitive: ['gender'] } });
    expect(put.status, put.text).toBe(200);
    expect(put.json()).toMatchObject({ tau: 0.85, requiredSensitive: ['gender'], maxDemographicParityDifference: 0.1, isDefault: false, updatedById: owner.userId, updatedByName: 'Olga Owner' });
    const log = await h.request({ url: `${base()}/audit-logs?action=fairness_policy.update`, cookie: owner.cookie });
    expect(log.json<{ items: Array<{ targetId: string; metadata: { before: { tau: number }; after: { tau: number } } }> }>().items[0]).toMatchObject({ targetId: projectId, metadata: { before: { tau: 0.8 }, after: { tau: 0.85 } } });
    const missing = await audit({ modelVersionId, datasetVersionId, sensitive: ['ethnicity'] });
    expect(missing.status).toBe(422);
    expect(missing.json<{ error: { issues: Array<{ path: string; message: string }> } }>().error.issues).toEqual([{ path: 'sensitive', message: expect.stringMatching(/must include 'gender'/) }]);
    // the failed audit was judged at tau 0.8, looser than the new 0.85: it now says so, and still blocks
    const old = (await h.request({ url: `${base()}/fairness-audits/${failedAuditId}`, cookie: viewer.cookie })).json<FairnessAuditView>();
    expect(old.gateEligible).toBe(false);
    expect(old.gateNotes.join(' ')).toMatch(/tau 0\.8 is looser than the project's fairness policy \(tau 0\.85\)/);
    expect((await promote()).status).toBe(409);
    // back to the standard policy for the tests that follow
    expect((await h.request({ method: 'PUT', url: policyUrl, cookie: owner.cookie, body: {} })).status).toBe(200);
    // a member may not delete the failed audit of the model (the gate's evidence)
    expect((await h.request({ method: 'DELETE', url: `${base()}/fairness-audits/${failedAuditId}`, cookie: member.cookie })).status).toBe(403);
  });

  it('refuses production after a failed audit until an owner accepts an exception with a justification', async () => {
    const refused = await promote();
    expect(refused.status, refused.text).toBe(409);
    const message = refused.json<{ error: { message: string } }>().error.message;
    expect(message).toContain(`fairness-audit: the latest fairness audit ${failedAuditId} (predictions on applicants.csv`);
    expect(message).toMatch(/FAILED .*: mitigate and audit this version again until it passes, or have an owner record an accepted exception/);

    const exception = (who: TestUser, justification: string) => h.request({ method: 'POST', url: `${base()}/fairness-audits/${failedAuditId}/exception`, cookie: who.cookie, body: { justification } });
    const notOwner = await exception(member, 'We accept this for a supervised pilot of 50 cases.');
    expect(notOwner.status).toBe(403);
    expect(notOwner.json<{ error: { message: string } }>().error.message).toMatch(/only an owner/);
    const short = await exception(owner, 'fine');
    expect(short.status).toBe(400);
    expect(short.json<{ error: { message: string } }>().error.message).toMatch(/at least 20 characters/);
    const ok = await exception(owner, 'Supervised pilot: every decision reviewed by a person until the retrained model passes.');
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json<FairnessAuditView>().exception).toMatchObject({ byId: owner.userId, byName: 'Olga Owner', justification: expect.stringMatching(/^Supervised pilot/) });
    const log = await h.request({ url: `${base()}/audit-logs?action=fairness_audit.exception`, cookie: owner.cookie });
    expect(log.json<{ items: { targetId: string }[] }>().items.map((i) => i.targetId)).toContain(failedAuditId);
    const promoted = await promote();
    expect(promoted.status, promoted.text).toBe(200);
    expect(promoted.json<{ gate: { reasons: string[] } }>().gate.reasons.join('\n')).toMatch(/failed, with an exception accepted by Olga Owner/);

    // withdrawn: blocked again
    expect((await h.request({ method: 'DELETE', url: `${base()}/fairness-audits/${failedAuditId}/exception`, cookie: owner.cookie })).status).toBe(200);
    expect((await promote()).status).toBe(409);
  });

  it('requires a passed audit of the version itself in a high-risk project', async () => {
    const tier = await h.request({ method: 'PUT', url: `${base()}/projects/${projectId}/governance/ai-act-tier`, cookie: owner.cookie, body: { tier: 'HIGH', rationale: 'Annex III 4(a): recruitment' } });
    expect(tier.status, tier.text).toBe(200);
    // A second version of the same run lineage, never audited (the gate reads only stored rows).
    const m = await h.db.prisma.modelVersion.findUniqueOrThrow({ where: { id: modelVersionId } });
    const runId = newId();
    await h.db.prisma.trainingRun.create({ data: { id: runId, organizationId: owner.orgId, projectId, name: 'unaudited', status: 'SUCCEEDED' } });
    const unaudited = newId();
    await h.db.prisma.modelVersion.create({ data: { id: unaudited, organizationId: owner.orgId, projectId, runId, version: 2, artifactKey: m.artifactKey, testMetrics: m.testMetrics ?? undefined } });
    const res = await promote(unaudited);
    expect(res.status, res.text).toBe(409);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/high-risk \(EU AI Act tier HIGH\) and model version v2 has no finished fairness audit/);
  });

  it('answers the model card: intended use, data lineage, metrics, fairness verdicts with the gate, limitations, risks', async () => {
    const url = `${base()}/model-cards/${modelVersionId}`;
    const card = (await h.request({ url, cookie: viewer.cookie })).json<ModelCardView>();
    // the documented (OpenAPI) shape is the answered one
    expect(ZModelCardView.strict().safeParse(card).error).toBeUndefined();
    expect(card.modelVersion).toMatchObject({ id: modelVersionId, version: 1 });
    expect(card.project).toMatchObject({ id: projectId, aiActTier: 'HIGH' });
    expect(card.data.datasetVersion).toMatchObject({ id: datasetVersionId, fileName: 'applicants.csv', rowCount: 3000, containsPersonalData: false });
    expect(card.data.run).toMatchObject({ labelColumn: 'hired', preset: 'mlp-classifier' });
    expect(card.data.inputs.map((c) => c.name).sort()).toEqual(['ethnicity', 'gender', 'test_score', 'years_experience']);
    expect(typeof (card.metrics.test as { accuracy: number }).accuracy).toBe('number');
    expect(card.fairness).toMatchObject({ latestVerdict: 'FAIL', latestAuditId: failedAuditId, accepted: false, gate: { ok: false } });
    expect(card.fairness.gate.reasons[0]).toContain(`fairness audit ${failedAuditId}`);
    expect(card.fairness.audits.find((a) => a.id === failedAuditId)).toMatchObject({ verdict: 'FAIL', source: 'MODEL_VERSION', sensitive: ['gender'], demographicParityDifference: expect.any(Number) });
    expect(card.risks.some((r) => r.category === 'FAIRNESS_ETHICS' && r.modelVersionId === modelVersionId)).toBe(true);
    expect(card.limitations).toBe('');

    const notes = { intendedUse: 'Rank applicants for a recruiter to review; never an automatic rejection.', limitations: 'Trained on labels that under-record qualified women.' };
    expect((await h.request({ method: 'PUT', url: `${url}/notes`, cookie: viewer.cookie, body: notes })).status).toBe(403);
    expect((await h.request({ method: 'PUT', url: `${url}/notes`, cookie: member.cookie, body: {} })).status).toBe(400);
    const put = await h.request({ method: 'PUT', url: `${url}/notes`, cookie: member.cookie, body: notes });
    expect(put.status, put.text).toBe(200);
    expect(put.json<ModelCardView>()).toMatchObject({ intendedUse: { summary: notes.intendedUse, fromNotes: true }, limitations: notes.limitations, notes: { updatedById: member.userId } });
    const stranger = await signUp(h);
    expect((await h.request({ url: `/api/orgs/${stranger.orgId}/model-cards/${modelVersionId}`, cookie: stranger.cookie })).status).toBe(404);
  });
});
