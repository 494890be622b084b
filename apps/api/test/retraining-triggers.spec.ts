// Retraining triggers end to end on the real stack (PostgreSQL + Redis when reachable): a real
// breast-cancer model trained here and promoted to production, then
// - a new dataset version starts a retraining run (once, however often the same bytes arrive);
// - production metrics under a threshold start one run and raise one TECHNICAL risk, and repeated
//   reports start no second run (cooldown) while re-sent observations are no-ops;
// - drift between the production model's training version and a new one (the data pipeline, in
//   the retraining.drift-check job) launches above the threshold and not below it;
// - a satisfaction signal found by the feedback service starts one run, then the cooldown holds;
// - a config that does not fit its kind answers 422 naming the field, and viewers only read.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from './datasets.helpers';
import { createProject, memberOf, signUp, startHarness, unique, waitFor, type Harness, type TestUser } from './harness';

const BREAST_CANCER = join(__dirname, '../../../datasets/breast-cancer-wisconsin.csv');

type Check = { id: string; outcome: string; message: string; score: number | null; threshold: number | null; launchStatus: string | null; runId: string | null; retrainEventId: string | null; riskId: string | null; detail: Record<string, unknown> | null; evidenceKey: string };
type Evaluation = { triggerId: string; wouldFire: boolean; canFire: boolean; score: number | null; message: string; launch: { status: string; runId: string | null; eventId: string } | null; detail: Record<string, unknown> };
type Trigger = { id: string; kind: string; enabled: boolean; cooldownMinutes: number; lastFiredAt: string | null; config: Record<string, unknown>; checks: { total: number; fired: number } };

let h: Harness;
let u: TestUser;
let projectId: string;
let datasetId: string;
let v1: string;
let modelId: string;
let header: string;
let rows: string[];

const org = () => `/api/orgs/${u.orgId}`;
const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, who: TestUser = u) => h.request({ method, url: `${org()}${url}`, cookie: who.cookie, body });

/** The CSV with `fn` applied to each data row's cells (header kept). */
function csvOf(fn: (cells: string[], i: number) => string[] | null): Buffer {
  const out = [header];
  rows.forEach((r, i) => {
    const cells = fn(r.split(','), i);
    if (cells) out.push(cells.join(','));
  });
  return Buffer.from(out.join('\n') + '\n');
}

async function upload(bytes: Buffer, name: string): Promise<{ created: boolean; version: { id: string; version: number } }> {
  const res = await h.request({ method: 'POST', url: `${org()}/datasets/${datasetId}/versions`, cookie: u.cookie, ...multipart(name, bytes, { targetColumn: 'target' }) });
  expect([200, 201], res.text).toContain(res.status);
  return res.json();
}

const checks = async (triggerId: string) => {
  const res = await api('GET', `/retraining/triggers/${triggerId}/checks`);
  expect(res.status, res.text).toBe(200);
  return res.json<Check[]>();
};

async function createTrigger(body: Record<string, unknown>): Promise<Trigger> {
  const res = await api('POST', '/retraining/triggers', { projectId, ...body });
  expect(res.status, res.text).toBe(201);
  return res.json<Trigger>();
}

const run = async (id: string) => (await api('GET', `/runs/${id}`)).json<{ id: string; status: string; datasetVersionId: string; error: string | null }>();

beforeAll(async () => {
  h = await startHarness();
  u = await signUp(h);
  projectId = (await createProject(h, { cookie: u.cookie }, u.orgId)).id;
  const text = (await readFile(BREAST_CANCER, 'utf8')).trim().split('\n');
  header = text[0];
  rows = text.slice(1);
  const ds = await api('POST', `/projects/${projectId}/datasets`, { name: unique('breast-cancer') });
  expect(ds.status, ds.text).toBe(201);
  datasetId = ds.json<{ id: string }>().id;
  v1 = (await upload(await readFile(BREAST_CANCER), 'breast-cancer-wisconsin.csv')).version.id;
  await waitFor(
    async () => (await api('GET', `/datasets/${datasetId}/versions/${v1}`)).json<{ profileStatus: string }>(),
    (v) => v.profileStatus === 'READY',
    60_000,
  );
  const started = await api('POST', '/runs', { projectId, datasetVersionId: v1, labelColumn: 'target', preset: 'mlp-classifier', epochs: 2 });
  expect(started.status, started.text).toBe(202);
  const done = await waitFor(
    async () => (await api('GET', `/runs/${started.json<{ id: string }>().id}`)).json<{ status: string; modelVersionId: string | null; error: string | null }>(),
    (r) => r.status !== 'QUEUED' && r.status !== 'RUNNING',
    180_000,
  );
  expect(done.status, done.error ?? '').toBe('SUCCEEDED');
  modelId = done.modelVersionId!;
  const promoted = await api('POST', `/models/${modelId}/aliases/production`, { reason: 'first model of the triggers suite' });
  expect(promoted.status, promoted.text).toBe(200);
  // Several triggers fire in this suite while earlier retraining runs still train: lift the project's limit of one at a time.
  await h.db.prisma.retrainPolicy.create({ data: { projectId, organizationId: u.orgId, maxConcurrent: 10 } });
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe('retraining triggers', () => {
  it('answers 422 naming the field for a config that does not fit its kind, stores nothing, and lets viewers only read', async () => {
    const bad = await api('POST', '/retraining/triggers', { projectId, name: 'bad metric', kind: 'METRIC_THRESHOLD', config: { metric: 'accuracy', direction: 'DOWN', threshold: 0.9 } });
    expect(bad.status, bad.text).toBe(422);
    const err = bad.json<{ error: { code: string; message: string; issues: Array<{ path: string; message: string }> } }>().error;
    expect(err.code).toBe('UNPROCESSABLE');
    expect(err.issues.map((i) => i.path)).toEqual(['config.direction']);
    expect(err.message).toContain('config.direction');

    const noThreshold = await api('POST', '/retraining/triggers', { projectId, name: 'bad drift', kind: 'DRIFT', config: { statistic: 'KS', threshold: 1.5 } });
    expect(noThreshold.status).toBe(422);
    expect(noThreshold.json<{ error: { issues: Array<{ path: string }> } }>().error.issues.map((i) => i.path)).toEqual(['config.threshold']);

    const missing = await api('POST', '/retraining/triggers', { projectId, name: 'no threshold', kind: 'METRIC_THRESHOLD', config: { metric: 'accuracy', direction: 'BELOW' } });
    expect(missing.status).toBe(422);
    expect(missing.json<{ error: { issues: Array<{ path: string }> } }>().error.issues.map((i) => i.path)).toEqual(['config.threshold']);

    const extra = await api('POST', '/retraining/triggers', { projectId, name: 'extra key', kind: 'DATASET_VERSION', config: { datasetId: null, metric: 'accuracy' } });
    expect(extra.status).toBe(422);
    expect(extra.json<{ error: { message: string } }>().error.message).toContain('metric');

    const foreignDataset = await api('POST', '/retraining/triggers', { projectId, name: 'other dataset', kind: 'DATASET_VERSION', config: { datasetId: 'not-a-dataset' } });
    expect(foreignDataset.status).toBe(422);
    expect(foreignDataset.json<{ error: { issues: Array<{ path: string }> } }>().error.issues[0].path).toBe('config.datasetId');

    const noCooldown = await api('POST', '/retraining/triggers', { projectId, name: 'no cooldown', kind: 'METRIC_THRESHOLD', cooldownMinutes: 0, config: { metric: 'accuracy', direction: 'BELOW', threshold: 0.9 } });
    expect(noCooldown.status).toBe(422);
    expect(noCooldown.json<{ error: { issues: Array<{ path: string }> } }>().error.issues[0].path).toBe('cooldownMinutes');

    // The envelope (name, kind) is plain input validation: 400 like every other endpoint.
    const noKind = await api('POST', '/retraining/triggers', { projectId, name: 'x', kind: 'CRON' });
    expect(noKind.status).toBe(400);

    expect((await api('GET', `/retraining/triggers?projectId=${projectId}`)).json<Trigger[]>()).toEqual([]);

    const viewer = await memberOf(h, u, 'VIEWER');
    expect((await api('GET', '/retraining/triggers', undefined, viewer)).status).toBe(200);
    const denied = await api('POST', '/retraining/triggers', { projectId, name: 'viewer trigger', kind: 'DATASET_VERSION' }, viewer);
    expect(denied.status).toBe(403);
  });

  it('starts a retraining run on a new dataset version, once per version', async () => {
    const t = await createTrigger({ name: 'new data', kind: 'DATASET_VERSION' });
    expect(t).toMatchObject({ enabled: true, cooldownMinutes: 0, config: { datasetId: null } });
    // A copy without the last 10 rows: new bytes, same columns.
    const v2 = await upload(csvOf((c, i) => (i < rows.length - 10 ? c : null)), 'breast-cancer-v2.csv');
    expect(v2.created).toBe(true);
    const [check] = await waitFor(() => checks(t.id), (c) => c.length > 0 && c[0].launchStatus !== null, 30_000);
    expect(check, check.message).toMatchObject({ outcome: 'FIRED', launchStatus: 'STARTED', evidenceKey: `dv:${v2.version.id}` });
    const r = await run(check.runId!);
    expect(r.datasetVersionId).toBe(v2.version.id);
    const training = await h.db.prisma.trainingRun.findUniqueOrThrow({ where: { id: check.runId! }, select: { retrainEventId: true } });
    expect(training.retrainEventId).toBe(check.retrainEventId);
    const event = await h.db.prisma.retrainEvent.findUniqueOrThrow({ where: { id: check.retrainEventId! } });
    expect(event).toMatchObject({ triggerId: t.id, causeKind: 'DATASET_VERSION', status: 'STARTED' });

    // The same bytes again are the same version: no second judgement, no second run.
    const again = await upload(csvOf((c, i) => (i < rows.length - 10 ? c : null)), 'breast-cancer-v2-again.csv');
    expect(again.created).toBe(false);
    await new Promise((r) => setTimeout(r, 500));
    expect(await checks(t.id)).toHaveLength(1);
    const view = (await api('GET', `/retraining/triggers/${t.id}`)).json<Trigger>();
    expect(view.checks).toEqual({ total: 1, fired: 1 });
    expect(view.lastFiredAt).not.toBeNull();

    const off = await api('PATCH', `/retraining/triggers/${t.id}`, { enabled: false });
    expect(off.status, off.text).toBe(200);
    const audit = await h.db.prisma.auditLog.findMany({ where: { organizationId: u.orgId, targetId: t.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['retrain_trigger.create', 'retrain_trigger.update']);
  });

  it('starts one run and raises one risk when the production metric falls under the threshold; repeated reports do not start a second', async () => {
    const t = await createTrigger({ name: 'accuracy floor', kind: 'METRIC_THRESHOLD', cooldownMinutes: 60, config: { metric: 'accuracy', direction: 'BELOW', threshold: 0.9, windowMinutes: 30 } });
    const at = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    const report = (observations: Array<{ metric: string; value: number; observedAt?: string }>) => api('POST', `/models/${modelId}/production-metrics`, { observations });

    const healthy = await report([{ metric: 'accuracy', value: 0.97, observedAt: at(60) }]);
    expect(healthy.status, healthy.text).toBe(200);
    expect(healthy.json<{ production: boolean; evaluations: Evaluation[] }>()).toMatchObject({ production: true, evaluations: [{ triggerId: t.id, wouldFire: false, launch: null }] });

    const dropBatch = [0.5, 0.55, 0.6].map((value, i) => ({ metric: 'accuracy', value, observedAt: at(30 - i) }));
    const drop = await report(dropBatch);
    const fired = drop.json<{ accepted: number; evaluations: Evaluation[] }>();
    expect(fired.accepted).toBe(3);
    expect(fired.evaluations).toHaveLength(1);
    expect(fired.evaluations[0].wouldFire).toBe(true);
    expect(fired.evaluations[0].score).toBeCloseTo((0.97 + 0.5 + 0.55 + 0.6) / 4, 6);
    expect(fired.evaluations[0].launch, fired.evaluations[0].message).toMatchObject({ status: 'STARTED' });
    const runId = fired.evaluations[0].launch!.runId!;

    // Still under the threshold: the cooldown holds, nothing new starts.
    const worse = await report([{ metric: 'accuracy', value: 0.4 }]);
    expect(worse.json<{ evaluations: Evaluation[] }>().evaluations[0]).toMatchObject({ wouldFire: true, canFire: false, launch: null });
    // The same observations sent again are no-ops.
    const resent = await report(dropBatch);
    expect(resent.json<{ accepted: number; duplicates: number }>()).toMatchObject({ accepted: 0, duplicates: 3 });

    const list = await checks(t.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ outcome: 'FIRED', launchStatus: 'STARTED', runId, threshold: 0.9 });
    const events = await h.db.prisma.retrainEvent.findMany({ where: { triggerId: t.id } });
    expect(events.map((e) => e.status)).toEqual(['STARTED']);

    // The metric drop on the production model is a TECHNICAL risk linked to its evidence, raised once.
    const risks = await h.db.prisma.risk.findMany({ where: { projectId, source: 'METRIC_DROP' } });
    expect(risks).toHaveLength(1);
    expect(risks[0]).toMatchObject({ id: list[0].riskId, category: 'TECHNICAL', modelVersionId: modelId, dedupeKey: `technical:metric-drop:${modelId}:accuracy` });
    expect(risks[0].evidence).toMatchObject({ kind: 'METRIC_DROP', id: list[0].id });

    const series = (await api('GET', `/models/${modelId}/production-metrics?metric=accuracy`)).json<{ aliases: string[]; series: Array<{ metric: string; count: number }>; thresholds: Array<{ triggerId: string; threshold: number }> }>();
    expect(series.aliases).toContain('production');
    expect(series.series).toEqual([expect.objectContaining({ metric: 'accuracy', count: 5 })]);
    expect(series.thresholds).toEqual([expect.objectContaining({ triggerId: t.id, threshold: 0.9 })]);

    const future = await report([{ metric: 'accuracy', value: 0.9, observedAt: new Date(Date.now() + 3_600_000).toISOString() }]);
    expect(future.status).toBe(422);
    expect(future.json<{ error: { issues: Array<{ path: string }> } }>().error.issues[0].path).toBe('observations.0.observedAt');

    const evaluated = (await api('POST', `/retraining/triggers/${t.id}/evaluate`)).json<Evaluation>();
    expect(evaluated).toMatchObject({ wouldFire: true, canFire: false, launch: null });
    expect(await checks(t.id)).toHaveLength(1);
    await api('PATCH', `/retraining/triggers/${t.id}`, { enabled: false });
  });

  it('takes 10,000 observations in one request, once, and serves them downsampled', async () => {
    const start = Date.now() - 10_000 * 1000;
    const observations = Array.from({ length: 10_000 }, (_, i) => ({ metric: 'latency_ms', value: 80 + (i % 50), observedAt: new Date(start + i * 1000).toISOString() }));
    const first = await api('POST', `/models/${modelId}/production-metrics`, { observations });
    expect(first.status, first.text.slice(0, 300)).toBe(200);
    expect(first.json<{ accepted: number; duplicates: number }>()).toMatchObject({ accepted: 10_000, duplicates: 0 });
    const again = await api('POST', `/models/${modelId}/production-metrics`, { observations });
    expect(again.json<{ accepted: number; duplicates: number }>()).toMatchObject({ accepted: 0, duplicates: 10_000 });
    const tooMany = await api('POST', `/models/${modelId}/production-metrics`, { observations: [...observations, { metric: 'latency_ms', value: 1 }] });
    expect(tooMany.status).toBe(400);
    const series = (await api('GET', `/models/${modelId}/production-metrics?metric=latency_ms&points=300`)).json<{ series: Array<{ metric: string; count: number; points: unknown[] }> }>();
    expect(series.series).toHaveLength(1);
    expect(series.series[0]).toMatchObject({ metric: 'latency_ms', count: 10_000 });
    expect(series.series[0].points).toHaveLength(300);
  });

  it('launches on drift above the threshold between the training version and a new one, not below it', async () => {
    const t = await createTrigger({ name: 'drift', kind: 'DRIFT', config: { statistic: 'PSI', threshold: 0.25 } });
    // A second trigger watching a column the data does not have: judged FAILED, in words, never launched.
    const broken = await createTrigger({ name: 'drift on a missing column', kind: 'DRIFT', config: { statistic: 'KS', threshold: 0.2, columns: ['mean_area', 'no_such_column'] } });
    // Below: the same population without its first 15 rows.
    const similar = await upload(csvOf((c, i) => (i >= 15 ? c : null)), 'breast-cancer-similar.csv');
    const [below] = await waitFor(() => checks(t.id), (c) => c.length > 0, 60_000);
    expect(below, below.message).toMatchObject({ outcome: 'BELOW', evidenceKey: `drift:${similar.version.id}`, launchStatus: null, runId: null });
    expect(below.score).toBeLessThan(0.25);
    expect(below.detail).toMatchObject({ baselineDatasetVersionId: v1, datasetVersionId: similar.version.id });

    // Above: tumours measured 60 % larger (radius, perimeter, area) than in the training data.
    const cols = header.split(',');
    const scaled = new Set(['mean_radius', 'mean_perimeter', 'mean_area', 'worst_radius', 'worst_perimeter', 'worst_area'].map((c) => cols.indexOf(c)));
    const shifted = await upload(csvOf((c) => c.map((v, j) => (scaled.has(j) ? String(Number(v) * 1.6) : v))), 'breast-cancer-shifted.csv');
    const list = await waitFor(() => checks(t.id), (c) => c.length > 1 && c[0].launchStatus !== null, 60_000);
    const above = list.find((c) => c.evidenceKey === `drift:${shifted.version.id}`)!;
    expect(above, above.message).toMatchObject({ outcome: 'FIRED', launchStatus: 'STARTED', threshold: 0.25 });
    expect(above.score).toBeGreaterThan(0.25);
    const report = (above.detail as { report: { columns: Array<{ column: string; psi: number | null }> } }).report;
    expect(report.columns.find((c) => c.column === 'mean_area')!.psi).toBeGreaterThan(0.25);
    expect((await run(above.runId!)).datasetVersionId).toBe(shifted.version.id);
    const event = await h.db.prisma.retrainEvent.findUniqueOrThrow({ where: { id: above.retrainEventId! } });
    expect(event.cause).toMatchObject({ kind: 'DRIFT', triggerId: t.id, baselineDatasetVersionId: v1, datasetVersionId: shifted.version.id, threshold: 0.25 });
    expect((event.cause as { columns: string[] }).columns).toContain('mean_area');

    // Drift on the production model is a TECHNICAL risk, linked to the check.
    const risk = await h.db.prisma.risk.findFirstOrThrow({ where: { projectId, source: 'MODEL_DRIFT' } });
    expect(risk).toMatchObject({ id: above.riskId, category: 'TECHNICAL', modelVersionId: modelId, dedupeKey: `technical:drift:${modelId}` });

    const failed = await waitFor(() => checks(broken.id), (c) => c.length === 2, 60_000);
    for (const c of failed) expect(c, c.message).toMatchObject({ outcome: 'FAILED', launchStatus: null, runId: null });
    expect(failed[0].message).toContain('no_such_column');

    // Evaluate now compares with the latest profiled version (the shifted one) and records nothing.
    const evaluated = await api('POST', `/retraining/triggers/${t.id}/evaluate`);
    expect(evaluated.status, evaluated.text).toBe(200);
    expect(evaluated.json<Evaluation>()).toMatchObject({ wouldFire: true, launch: null });
    expect(evaluated.json<Evaluation>().score).toBeCloseTo(above.score!, 6);
    expect(await checks(t.id)).toHaveLength(2);
  });

  it('starts one run when the feedback service finds a satisfaction signal, then waits out its cooldown', async () => {
    const t = await createTrigger({ name: 'unhappy users', kind: 'SATISFACTION', config: { signals: ['NEGATIVE_SHARE'] } });
    expect(t.cooldownMinutes).toBe(1440);
    const before = await api('POST', `/retraining/triggers/${t.id}/evaluate`);
    expect(before.json<Evaluation>()).toMatchObject({ wouldFire: false, launch: null });
    // 25 detractors in the last day: the share of negative feedback (1.0) is over libs/satisfaction's 0.4.
    const createdAt = new Date(Date.now() - 3_600_000);
    await h.db.prisma.feedback.createMany({ data: Array.from({ length: 25 }, (_, i) => ({ id: `fb-${t.id}-${i}`, organizationId: u.orgId, projectId, nps: 2, comment: 'predictions are wrong', createdAt })) });
    const checked = await api('POST', `/projects/${projectId}/feedback/check-risks`);
    expect(checked.status, checked.text).toBeLessThan(300);
    const [fired] = await waitFor(() => checks(t.id), (c) => c.length > 0 && c[0].launchStatus !== null, 30_000);
    expect(fired, fired.message).toMatchObject({ outcome: 'FIRED', launchStatus: 'STARTED', score: 1, threshold: 0.4 });
    const event = await h.db.prisma.retrainEvent.findUniqueOrThrow({ where: { id: fired.retrainEventId! } });
    expect(event.cause).toMatchObject({ kind: 'SATISFACTION', triggerId: t.id, signal: 'NEGATIVE_SHARE', value: 1, threshold: 0.4 });

    // The signal is still there on the next check: the cooldown holds, no second run.
    await api('POST', `/projects/${projectId}/feedback/check-risks`);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await checks(t.id)).toHaveLength(1);
    expect((await api('POST', `/retraining/triggers/${t.id}/evaluate`)).json<Evaluation>()).toMatchObject({ wouldFire: true, canFire: false, launch: null });
    await api('PATCH', `/retraining/triggers/${t.id}`, { enabled: false });
  });

  it('keeps triggers inside their organisation', async () => {
    const other = await signUp(h);
    const [mine] = (await api('GET', `/retraining/triggers?projectId=${projectId}`)).json<Trigger[]>();
    for (const [method, url] of [
      ['GET', `/retraining/triggers/${mine.id}`],
      ['PATCH', `/retraining/triggers/${mine.id}`],
      ['POST', `/retraining/triggers/${mine.id}/evaluate`],
      ['GET', `/models/${modelId}/production-metrics`],
    ] as const) {
      const res = await h.request({ method, url: `/api/orgs/${other.orgId}${url}`, cookie: other.cookie, body: method === 'PATCH' ? { enabled: true } : undefined });
      expect(res.status, `${method} ${url}`).toBe(404);
    }
    const created = await h.request({ method: 'POST', url: `/api/orgs/${other.orgId}/retraining/triggers`, cookie: other.cookie, body: { projectId, name: 'intruder', kind: 'DATASET_VERSION' } });
    expect(created.status).toBe(404);
  });
});
