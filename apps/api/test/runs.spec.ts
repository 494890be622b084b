// Runs and the model registry end to end on the real stack: a real digits-8x8.csv run (2 epochs) in
// the training.run processor's worker thread reaching SUCCEEDED with a ModelVersion, live events
// over SSE, cancel, idempotency, an unknown label column, an external 10,000-point batch, 50,000
// points in one request and the 413 above the route's limit, stored series summaries of finished runs
// (and their invalidation), predict and the promotion gate.
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { ArtifactStore } from '@meridian/artifacts';
import { newId } from '@meridian/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACT_STORE } from '../src/artifacts/artifacts.module';
import { createProject, signUp, startHarness, unique, waitFor, type Harness, type TestUser } from './harness';

const DIGITS = join(__dirname, '../../../datasets/digits-8x8.csv');

type Run = { id: string; status: string; modelVersionId: string | null; epochsDone: number; error: string | null; wallTimeMs: number | null; cpuTimeMs: number | null; cost: { minor: number; currency: string } | null; backendUsed: string | null; testMetrics: { accuracy?: number; confusionMatrix?: number[][] } | null; jobId: string | null };

let h: Harness;
let u: TestUser;
let projectId: string;
let datasetVersionId: string;
let artifactsDir: string;
let firstRow: Record<string, number>;

async function datasetVersion(h: Harness, orgId: string, projectId: string): Promise<string> {
  const bytes = await readFile(DIGITS);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const datasetId = newId();
  const key = `datasets/${orgId}/${datasetId}/${sha}.csv`;
  await h.api.app.get<ArtifactStore>(ARTIFACT_STORE).put(key, bytes);
  await h.db.prisma.dataset.create({ data: { id: datasetId, organizationId: orgId, projectId, name: unique('digits') } });
  const id = newId();
  await h.db.prisma.datasetVersion.create({
    data: { id, organizationId: orgId, datasetId, version: 1, contentHash: sha, sizeBytes: BigInt(bytes.length), format: 'CSV', fileName: 'digits-8x8.csv', artifactKey: key, rowCount: 1797 },
  });
  return id;
}

const getRun = async (id: string) => (await h.request({ url: `/api/orgs/${u.orgId}/runs/${id}`, cookie: u.cookie })).json<Run>();
const startRun = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs`, cookie: u.cookie, headers, body: { projectId, datasetVersionId, labelColumn: 'label', preset: 'mlp-classifier', epochs: 2, ...body } });

beforeAll(async () => {
  artifactsDir = await mkdtemp(join(tmpdir(), 'runs-spec-artifacts-'));
  h = await startHarness({ ARTIFACTS_DIR: artifactsDir, RUN_COST_CURRENCY: 'EUR' });
  u = await signUp(h);
  projectId = (await createProject(h, { cookie: u.cookie }, u.orgId)).id;
  datasetVersionId = await datasetVersion(h, u.orgId, projectId);
  const [header, line] = (await readFile(DIGITS, 'utf8')).split('\n');
  const names = header.split(',');
  const vals = line.split(',').map(Number);
  firstRow = Object.fromEntries(names.map((n, i) => [n, vals[i]]).filter(([n]) => n !== 'label'));
}, 60_000);
afterAll(async () => {
  await h?.close();
  await rm(artifactsDir, { recursive: true, force: true });
});

describe(`training runs (${process.env.MERIDIAN_TEST_DB ?? 'auto'} db)`, () => {
  let runId: string;
  let modelId: string;

  it('trains digits to SUCCEEDED with metrics, cost and a registered model version, streaming live events', async () => {
    const res = await startRun({ name: 'digits mlp' });
    expect(res.status, res.text).toBe(202);
    runId = res.json<Run>().id;
    expect(res.json<Run>().status).toBe('QUEUED');

    // Server-sent events on a real socket while it trains.
    const base = await h.api.listen(0);
    const ctrl = new AbortController();
    const events: Array<{ event: string; data: { status?: string; points?: unknown[] } }> = [];
    const sse = fetch(`${base}/api/orgs/${u.orgId}/runs/${runId}/events`, { headers: { cookie: u.cookie }, signal: ctrl.signal }).then(async (r) => {
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = r.body!.getReader();
      const dec = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const chunk = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (.*)$/m.exec(chunk)?.[1];
          const data = /^data: (.*)$/m.exec(chunk)?.[1];
          if (ev && data) events.push({ event: ev, data: JSON.parse(data) });
        }
      }
    });

    const done = await waitFor(() => getRun(runId), (r) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(r.status), 150_000);
    expect(done.status, done.error ?? '').toBe('SUCCEEDED');
    expect(done.epochsDone).toBe(2);
    expect(done.modelVersionId).toBeTruthy();
    expect(done.wallTimeMs).toBeGreaterThan(0);
    expect(done.cpuTimeMs).toBeGreaterThan(0);
    expect(done.backendUsed).toBeTruthy();
    expect(done.cost?.currency).toBe('EUR');
    expect(done.cost!.minor).toBeGreaterThanOrEqual(1);
    expect(done.testMetrics?.accuracy).toBeGreaterThan(0.7);
    expect(done.testMetrics?.confusionMatrix).toHaveLength(10);
    modelId = done.modelVersionId!;

    await Promise.race([sse, new Promise((r) => setTimeout(r, 5_000))]);
    ctrl.abort();
    expect(events[0].event).toBe('status');
    expect(events.some((e) => e.event === 'metrics' && (e.data.points?.length ?? 0) > 0)).toBe(true);
    expect(events.some((e) => e.event === 'end' && e.data.status === 'SUCCEEDED')).toBe(true);

    // Metrics: one point per epoch for epoch metrics, batch losses, nothing duplicated.
    const m = await h.request({ url: `/api/orgs/${u.orgId}/runs/${runId}/metrics?keys=loss,val_accuracy,batch_loss&maxPoints=5`, cookie: u.cookie });
    expect(m.status).toBe(200);
    const series = m.json<{ series: Array<{ key: string; total: number; points: Array<{ step: number }> }> }>().series;
    expect(series.find((s) => s.key === 'loss')!.points.map((p) => p.step)).toEqual([1, 2]);
    expect(series.find((s) => s.key === 'val_accuracy')!.total).toBe(2);
    const batch = series.find((s) => s.key === 'batch_loss')!;
    expect(batch.total).toBeGreaterThan(5);
    expect(batch.points).toHaveLength(5);
    // Checkpoints are deleted once the model is registered: nothing resumes a finished run.
    expect(await h.db.prisma.checkpoint.count({ where: { runId } })).toBe(0);
    const cost = await h.db.prisma.costEntry.findMany({ where: { organizationId: u.orgId, externalRef: `run:${runId}` } });
    expect(cost).toHaveLength(1);
    expect(cost[0]).toMatchObject({ projectId, category: 'COMPUTE', source: 'COMPUTE', currency: 'EUR' });
    expect(Number(cost[0].amountMinor)).toBe(done.cost!.minor);

    // The runner records the job's outcome after the processor returns, a moment after the run row.
    const job = await waitFor(() => h.request({ url: `/api/orgs/${u.orgId}/jobs/${done.jobId}`, cookie: u.cookie }), (r) => r.json<{ status: string }>().status !== 'RUNNING', 10_000);
    expect(job.json<{ status: string }>().status).toBe('SUCCEEDED');
  }, 200_000);

  it('registers the model with lineage, predicts, and gates promotion to production', async () => {
    const model = await h.request({ url: `/api/orgs/${u.orgId}/models/${modelId}`, cookie: u.cookie });
    expect(model.status).toBe(200);
    const mv = model.json<{ version: number; runId: string; datasetVersionId: string; specHash: string; inputSchema: unknown[]; lineage: { run: { id: string }; datasetVersion: { id: string } } }>();
    expect(mv).toMatchObject({ version: 1, runId, datasetVersionId });
    expect(mv.specHash).toMatch(/^[0-9a-f]{64}$/);
    expect(mv.inputSchema).toHaveLength(64);
    expect(mv.lineage.datasetVersion.id).toBe(datasetVersionId);
    const list = await h.request({ url: `/api/orgs/${u.orgId}/models?projectId=${projectId}`, cookie: u.cookie });
    expect(list.json<{ items: Array<{ id: string }> }>().items.map((i) => i.id)).toContain(modelId);

    const pred = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/models/${modelId}/predict`, cookie: u.cookie, body: { rows: [firstRow, firstRow] } });
    expect(pred.status, pred.text).toBe(200);
    const p = pred.json<{ modelVersionId: string; predictions: Array<{ label: string; scores: Record<string, number> }> }>();
    expect(p.modelVersionId).toBe(modelId);
    expect(p.predictions).toHaveLength(2);
    expect(Object.keys(p.predictions[0].scores)).toHaveLength(10);
    const { px5: _drop, ...missing } = firstRow;
    const bad = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/models/${modelId}/predict`, cookie: u.cookie, body: { rows: [missing, { ...firstRow, px3: 'x' }] } });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/px5/);
    expect(bad.text).toMatch(/rows\.1\.px3/);

    const art = await h.request({ url: `/api/orgs/${u.orgId}/models/${modelId}/artifact`, cookie: u.cookie });
    expect(art.status).toBe(200);
    expect(art.headers['content-disposition']).toMatch(/attachment/);

    await h.db.prisma.project.update({ where: { id: projectId }, data: { goalMetric: 'accuracy', goalThreshold: 0.99999 } });
    const refused = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/models/${modelId}/aliases/production`, cookie: u.cookie, body: { reason: 'ship it' } });
    expect(refused.status).toBe(409);
    expect(refused.text).toMatch(/accuracy is .* 0\.99999/);
    await h.db.prisma.project.update({ where: { id: projectId }, data: { goalThreshold: 0.5 } });
    const ok = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/models/${modelId}/aliases/production`, cookie: u.cookie, body: { reason: 'beats the goal on the test split' } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json<{ aliases: string[] }>().aliases).toEqual(['production']);
    const champ = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/models/${modelId}/aliases/champion`, cookie: u.cookie, body: { reason: 'first model' } });
    expect(champ.status).toBe(200);
    const hist = await h.request({ url: `/api/orgs/${u.orgId}/models/${modelId}/aliases/history`, cookie: u.cookie });
    const events = hist.json<Array<{ alias: string; reason: string; actorUserId: string; toModelVersionId: string; fromModelVersionId: string | null }>>();
    expect(events.map((e) => e.alias).sort()).toEqual(['champion', 'production']);
    expect(events.find((e) => e.alias === 'production')).toMatchObject({ reason: 'beats the goal on the test split', actorUserId: u.userId, toModelVersionId: modelId, fromModelVersionId: null });
    const badAlias = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/models/${modelId}/aliases/staging`, cookie: u.cookie, body: { reason: 'nope' } });
    expect(badAlias.status).toBe(400);
  }, 60_000);

  it('estimates a run with the epochs it will train: the preset default scaled for small data, or the ones asked for', async () => {
    const est = async (q: string) => (await h.request({ url: `/api/orgs/${u.orgId}/runs/estimate?datasetVersionId=${datasetVersionId}&${q}`, cookie: u.cookie })).json<{ epochs: number; rows: number; seconds: number; assumptions: string }>();
    // 1,797 rows, 80% = 1,437 for training, batches of 32 = 45 per epoch: 23 epochs reach 1,000 batches.
    const byDefault = await est('preset=mlp-classifier');
    expect([byDefault.rows, byDefault.epochs]).toEqual([1797, 23]);
    expect(byDefault.assumptions).toMatch(/23 epochs \(the mlp-classifier default for this many rows\)/);
    const asked = await est('preset=mlp-classifier&epochs=4');
    expect(asked.epochs).toBe(4);
    expect(asked.seconds).toBeCloseTo((byDefault.seconds * 4) / 23);
  });

  it('answers 400 naming the columns for an unknown label column, and queues nothing', async () => {
    const before = await h.db.prisma.trainingRun.count();
    const res = await startRun({ labelColumn: 'digit' });
    expect(res.status).toBe(400);
    const err = res.json<{ error: { message: string; issues: Array<{ path: string; message: string }> } }>().error;
    expect(err.message).toMatch(/Unknown label column "digit"/);
    expect(err.issues[0]).toMatchObject({ path: 'labelColumn' });
    expect(err.issues[0].message).toMatch(/px0/);
    expect(await h.db.prisma.trainingRun.count()).toBe(before);
    const spec = await startRun({ preset: undefined, spec: { name: 'x', task: 'multiclass', inputShape: [64], layers: [], optimizer: { type: 'adam' }, loss: 'nope' } });
    expect(spec.status).toBe(400);
    expect(spec.text).toMatch(/spec\./);
  });

  it('the same Idempotency-Key makes one run; cancel stops it and registers no model', async () => {
    const key = unique('run-key');
    const [a, b] = await Promise.all([startRun({ epochs: 200 }, { 'idempotency-key': key }), startRun({ epochs: 200 }, { 'idempotency-key': key })]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.json<Run>().id).toBe(b.json<Run>().id);
    expect(await h.db.prisma.trainingRun.count({ where: { organizationId: u.orgId, idempotencyKey: key } })).toBe(1);
    const id = a.json<Run>().id;
    await waitFor(() => getRun(id), (r) => r.epochsDone >= 1 || r.status !== 'QUEUED' && r.status !== 'RUNNING', 60_000);
    const c = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs/${id}/cancel`, cookie: u.cookie });
    expect(c.status, c.text).toBe(200);
    expect(c.json<Run>().status).toBe('CANCELLED');
    const job = await waitFor(
      () => h.db.prisma.jobRecord.findUnique({ where: { id: c.json<Run>().jobId! } }),
      (j) => j?.status === 'CANCELLED' && j.finishedAt !== null,
      30_000,
    );
    expect(job?.status).toBe('CANCELLED');
    // The trainer stopped: no more epochs land after the job finished.
    const epochs = (await getRun(id)).epochsDone;
    await new Promise((r) => setTimeout(r, 1500));
    expect((await getRun(id)).epochsDone).toBe(epochs);
    expect((await getRun(id)).status).toBe('CANCELLED');
    expect(await h.db.prisma.modelVersion.count({ where: { runId: id } })).toBe(0);
    const again = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs/${id}/cancel`, cookie: u.cookie });
    expect(again.status).toBe(200);
    const list = await h.request({ url: `/api/orgs/${u.orgId}/runs?status=CANCELLED&projectId=${projectId}`, cookie: u.cookie });
    expect(list.json<{ items: Run[] }>().items.map((r) => r.id)).toEqual([id]);
  }, 120_000);

  it('logs an external run with a 10,000-point batch, idempotently, and compares it', async () => {
    const ext = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs/external`, cookie: u.cookie, body: { projectId, name: 'sklearn baseline', params: { model: 'logreg', C: 1 }, tags: ['baseline'] } });
    expect(ext.status, ext.text).toBe(201);
    const id = ext.json<Run>().id;
    const points = Array.from({ length: 10_000 }, (_, i) => ({ key: 'loss', step: i, value: 1 / (1 + i) }));
    const post = () => h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs/${id}/metrics`, cookie: u.cookie, body: { points } });
    const first = await post();
    expect(first.status, first.text).toBe(200);
    expect(first.json()).toEqual({ received: 10_000, inserted: 10_000 });
    expect((await post()).json()).toEqual({ received: 10_000, inserted: 0 });
    expect(await h.db.prisma.runMetric.count({ where: { runId: id } })).toBe(10_000);
    const badPoint = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs/${id}/metrics`, cookie: u.cookie, body: { points: [{ key: 'loss', step: -1, value: 1 }] } });
    expect(badPoint.status).toBe(400);
    expect(badPoint.text).toMatch(/points\.0\.step/);

    const series = await h.request({ url: `/api/orgs/${u.orgId}/runs/${id}/metrics?keys=loss&maxPoints=100`, cookie: u.cookie });
    const s = series.json<{ series: Array<{ total: number; points: Array<{ step: number }> }> }>().series[0];
    expect(s.total).toBe(10_000);
    expect(s.points).toHaveLength(100);
    expect(s.points[0].step).toBe(0);
    expect(s.points[99].step).toBe(9_999);

    const cmp = await h.request({ url: `/api/orgs/${u.orgId}/runs/compare?ids=${id},${runId}&keys=loss&maxPoints=50`, cookie: u.cookie });
    expect(cmp.status, cmp.text).toBe(200);
    const c = cmp.json<{ series: Array<{ runId: string; series: Array<{ points: unknown[] }> }>; paramDiff: Array<{ name: string }>; finalMetrics: Array<{ runId: string; values: Record<string, number> }> }>();
    expect(c.series.map((x) => x.runId)).toEqual([id, runId]);
    expect(c.series[0].series[0].points).toHaveLength(50);
    expect(c.paramDiff.map((p) => p.name)).toContain('model');
    expect(c.finalMetrics[0].values.loss).toBeCloseTo(1 / 10_000);

    const fin = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs/${id}/finish`, cookie: u.cookie, body: { status: 'SUCCEEDED', testMetrics: { accuracy: 0.9 } } });
    expect(fin.json<Run>().status).toBe('SUCCEEDED');
    const late = await post();
    expect(late.status).toBe(409);
  }, 60_000);

  it('takes a 50,000-point batch in one request (over the global 1 MiB body limit) and answers 413 with the way out above 16 MiB', async () => {
    const ext = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs/external`, cookie: u.cookie, body: { projectId, name: 'big batches' } });
    const id = ext.json<Run>().id;
    const url = `/api/orgs/${u.orgId}/runs/${id}/metrics`;
    const time = '2026-11-22T10:00:00.000Z';
    // Realistic points: long keys, full-precision values and ISO times, ~110 bytes of JSON each.
    const batch = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({ key: `validation/accuracy_top${i % 5}`, step: from + Math.floor(i / 5), value: Math.PI / (i + 1), time }));
    const ten = JSON.stringify({ points: batch(10_000, 0) });
    expect(ten.length).toBeGreaterThan(1024 * 1024);
    const r10 = await h.request({ method: 'POST', url, cookie: u.cookie, payload: ten, headers: { 'content-type': 'application/json' } });
    expect(r10.status, r10.text).toBe(200);
    expect(r10.json()).toEqual({ received: 10_000, inserted: 10_000 });
    const r50 = await h.request({ method: 'POST', url, cookie: u.cookie, body: { points: batch(50_000, 2_000) } });
    expect(r50.status, r50.text.slice(0, 300)).toBe(200);
    expect(r50.json()).toEqual({ received: 50_000, inserted: 50_000 });
    expect(await h.db.prisma.runMetric.count({ where: { runId: id } })).toBe(60_000);

    // Over the route's limit: 413, a message that says how to fix it, nothing written.
    const huge = JSON.stringify({ points: batch(50_000, 20_000).map((p) => ({ ...p, key: `${p.key}_${'x'.repeat(300)}` })) });
    expect(huge.length).toBeGreaterThan(16 * 1024 * 1024);
    const r413 = await h.request({ method: 'POST', url, cookie: u.cookie, payload: huge, headers: { 'content-type': 'application/json' } });
    expect(r413.status).toBe(413);
    const err = r413.json<{ error: { code: string; message: string } }>().error;
    expect(err.code).toBe('PAYLOAD_TOO_LARGE');
    expect(err.message).toMatch(/at most 16 MiB .*split the points over several requests/);
    expect(await h.db.prisma.runMetric.count({ where: { runId: id } })).toBe(60_000);
    // The raise is for this route only: other JSON routes keep the global limit.
    const other = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs/external`, cookie: u.cookie, payload: JSON.stringify({ projectId, name: 'x', params: { blob: 'y'.repeat(2 * 1024 * 1024) } }), headers: { 'content-type': 'application/json' } });
    expect(other.status).toBe(413);
    expect(other.json<{ error: { message: string } }>().error.message).not.toMatch(/metric batch/);
  }, 120_000);

  it('stores downsampled series when an external run finishes, compares from them, and drops them when points are added later', async () => {
    const ext = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs/external`, cookie: u.cookie, body: { projectId, name: 'summarised', params: { lr: 0.1 } } });
    const id = ext.json<Run>().id;
    const points = Array.from({ length: 6_000 }, (_, i) => ({ key: i % 2 ? 'acc' : 'loss', step: Math.floor(i / 2), value: i % 2 ? 1 - 1 / (2 + i) : 1 / (1 + i) }));
    expect((await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs/${id}/metrics`, cookie: u.cookie, body: { points } })).status).toBe(200);
    const cmpUrl = (maxPoints: number) => `/api/orgs/${u.orgId}/runs/compare?ids=${id}&maxPoints=${maxPoints}`;
    type Cmp = { keys: string[]; series: Array<{ series: Array<{ key: string; total: number; points: Array<{ step: number; value: number }> }> }>; finalMetrics: Array<{ values: Record<string, number> }> };
    const compare = async (maxPoints: number) => {
      const r = await h.request({ url: cmpUrl(maxPoints), cookie: u.cookie });
      expect(r.status, r.text).toBe(200);
      return r.json<Cmp>();
    };
    // Still running: read live, nothing stored.
    expect((await compare(50)).series[0].series.find((s) => s.key === 'loss')!.total).toBe(3_000);
    expect(await h.db.prisma.runSeriesSummary.count({ where: { runId: id } })).toBe(0);

    const fin = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs/${id}/finish`, cookie: u.cookie, body: { status: 'SUCCEEDED' } });
    expect(fin.status, fin.text).toBe(200);
    const stored = await h.db.prisma.runSeriesSummary.findMany({ where: { runId: id }, orderBy: { key: 'asc' } });
    expect(stored.map((s) => [s.key, s.total, s.resolution, s.lastStep])).toEqual([
      ['acc', 3_000, 500, 2_999],
      ['loss', 3_000, 500, 2_999],
    ]);
    // 500 points: int32 steps and float64 values.
    expect([stored[1].steps.byteLength, stored[1].values.byteLength]).toEqual([2_000, 4_000]);

    const c = await compare(50);
    expect(c.keys).toEqual(['acc', 'loss']);
    const loss = c.series[0].series.find((s) => s.key === 'loss')!;
    expect(loss.total).toBe(3_000);
    expect(loss.points).toHaveLength(50);
    expect([loss.points[0].step, loss.points[49].step]).toEqual([0, 2_999]);
    expect(c.finalMetrics[0].values.loss).toBeCloseTo(1 / 5_999);
    // The compare answers from the summary: with the points gone it still has them.
    await h.db.prisma.$executeRaw`DELETE FROM "RunMetric" WHERE "runId" = ${id} AND key = 'acc'`;
    expect((await compare(60)).series[0].series.find((s) => s.key === 'acc')!.total).toBe(3_000);

    // A resent point (ON CONFLICT DO NOTHING) inserts nothing and invalidates nothing.
    await h.db.prisma.$executeRaw`INSERT INTO "RunMetric" ("runId", key, step, value) VALUES (${id}, 'loss', 0, 1) ON CONFLICT DO NOTHING`;
    expect((await h.db.prisma.runSeriesSummary.findMany({ where: { runId: id } })).map((s) => s.version).sort()).toEqual(stored.map((s) => s.version).sort());
    // Points written after the summary (a late worker, a script): the trigger drops the summaries
    // and the next read, even one the API had cached at the same maxPoints, sees every point.
    await h.db.prisma.$executeRaw`INSERT INTO "RunMetric" ("runId", key, step, value) SELECT ${id}, 'loss', s, 0.5 FROM generate_series(3000, 3099) AS s`;
    expect(await h.db.prisma.runSeriesSummary.count({ where: { runId: id } })).toBe(0);
    const after = await compare(50);
    const loss2 = after.series[0].series.find((s) => s.key === 'loss')!;
    expect(loss2.total).toBe(3_100);
    expect(loss2.points[49]).toEqual({ step: 3_099, value: 0.5 });
    expect(after.keys).toEqual(['loss']);
    // More points than a summary keeps: read from the points themselves.
    const fine = await h.request({ url: `/api/orgs/${u.orgId}/runs/${id}/metrics?keys=loss&maxPoints=2000`, cookie: u.cookie });
    expect(fine.json<{ series: Array<{ total: number; points: unknown[] }> }>().series[0]).toMatchObject({ total: 3_100, points: { length: 2_000 } });
    const again = await h.db.prisma.runSeriesSummary.findMany({ where: { runId: id } });
    expect(again.map((s) => [s.key, s.total])).toEqual([['loss', 3_100]]);
    expect(again[0].version).not.toBe(stored[1].version);

    // A finished run without any point: nothing stored, nothing to show, and no error.
    const empty = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs/external`, cookie: u.cookie, body: { projectId, name: 'no points', status: 'SUCCEEDED' } });
    expect(empty.status, empty.text).toBe(201);
    const withEmpty = await h.request({ url: `/api/orgs/${u.orgId}/runs/compare?ids=${id},${empty.json<Run>().id}&maxPoints=50`, cookie: u.cookie });
    expect(withEmpty.json<Cmp>().series.map((x) => x.series.map((y) => [y.key, y.total]))).toEqual([[['loss', 3_100]], []]);
    expect(await h.db.prisma.runSeriesSummary.count({ where: { runId: empty.json<Run>().id } })).toBe(0);

    // A run trained here gets its summaries on its first read after it finished.
    const trained = await h.db.prisma.runSeriesSummary.findMany({ where: { runId }, select: { key: true, total: true } });
    expect(trained.find((s) => s.key === 'loss')?.total).toBe(2);
    // A summary holding every point of a short series answers any maxPoints.
    const all = await h.request({ url: `/api/orgs/${u.orgId}/runs/${runId}/metrics?keys=loss&maxPoints=5000`, cookie: u.cookie });
    expect(all.json<{ series: Array<{ total: number; points: Array<{ step: number }> }> }>().series[0].points.map((p) => p.step)).toEqual([1, 2]);
    const m = await h.request({ url: `/api/orgs/${u.orgId}/runs/${runId}/metrics?keys=loss,nope&maxPoints=5`, cookie: u.cookie });
    expect(m.json<{ series: Array<{ key: string; total: number }> }>().series).toEqual([
      { key: 'loss', total: 2, points: expect.any(Array) },
      { key: 'nope', total: 0, points: [] },
    ]);
  }, 60_000);

  it('keeps runs and models inside their organisation', async () => {
    const other = await signUp(h);
    for (const url of [`/api/orgs/${other.orgId}/runs/${runId}`, `/api/orgs/${other.orgId}/models/${modelId}`, `/api/orgs/${other.orgId}/runs/${runId}/metrics`]) {
      expect((await h.request({ url, cookie: other.cookie })).status, url).toBe(404);
    }
    expect((await h.request({ url: `/api/orgs/${u.orgId}/runs/${runId}`, cookie: other.cookie })).status).toBe(404);
    const list = await h.request({ url: `/api/orgs/${other.orgId}/runs`, cookie: other.cookie });
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
    const foreign = await h.request({ method: 'POST', url: `/api/orgs/${other.orgId}/runs`, cookie: other.cookie, body: { projectId, datasetVersionId, labelColumn: 'label', preset: 'mlp-classifier' } });
    expect(foreign.status).toBe(404);
  });
});
