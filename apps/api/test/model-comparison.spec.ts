// Challenger vs champion on the real stack (PostgreSQL + Redis when reachable): two digits-8x8 runs
// of different strength and seed, a comparison that evaluates both on the challenger run's test
// rows (checked here against an independent evaluation of each model on that split), auto-promotion
// off / blocked by the gate / blocked by the margin / on, alias moves in the audit log, the
// retraining hook, and the errors a client can get.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { ArtifactStore } from '@meridian/artifacts';
import { applyPreprocessing, column, columnStrings, parsePreprocessing, readTable, takeRows, trainValTestSplit } from '@meridian/data-pipeline';
import { newId } from '@meridian/db';
import type { ModelComparisonView, Page } from '@meridian/domain';
import { RetrainingLauncher, unpackFiles } from '@meridian/jobs';
import { evaluate, loadModel, type ModelFiles } from '@meridian/training-engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACT_STORE } from '../src/artifacts/artifacts.module';
import { createProject, memberOf, signUp, startHarness, unique, waitFor, type Harness, type TestUser } from './harness';

const DIGITS = join(__dirname, '../../../datasets/digits-8x8.csv');

type Run = { id: string; status: string; modelVersionId: string | null; error: string | null; testMetrics: { accuracy: number; n: number } | null };
type Model = { id: string; version: number; aliases: string[]; runId: string };
type AliasEvent = { alias: string; fromModelVersionId: string | null; toModelVersionId: string; reason: string; actorUserId: string | null; actorLabel?: string | null };
type AuditRow = { action: string; actorUserId: string | null; targetId: string | null; metadata: Record<string, unknown> | null };

let h: Harness;
let u: TestUser;
let projectId: string;
let datasetVersionId: string;
let artifactsDir: string;
let store: ArtifactStore;
let weak: { run: Run; model: Model };
let strong: { run: Run; model: Model };

async function datasetVersion(orgId: string, projectId: string, bytes: Buffer): Promise<string> {
  const sha = createHash('sha256').update(bytes).digest('hex');
  const datasetId = newId();
  const key = `datasets/${orgId}/${datasetId}/${sha}.csv`;
  await store.put(key, bytes);
  await h.db.prisma.dataset.create({ data: { id: datasetId, organizationId: orgId, projectId, name: unique('digits') } });
  const id = newId();
  await h.db.prisma.datasetVersion.create({
    data: { id, organizationId: orgId, datasetId, version: 1, contentHash: sha, sizeBytes: BigInt(bytes.length), format: 'CSV', fileName: 'digits-8x8.csv', artifactKey: key, rowCount: bytes.toString('utf8').trim().split('\n').length - 1 },
  });
  return id;
}

const api = (method: 'GET' | 'POST', url: string, body?: unknown, cookie = u.cookie) => h.request({ method, url: `/api/orgs/${u.orgId}${url}`, cookie, ...(body !== undefined ? { body } : {}) });
const getRun = async (id: string) => (await api('GET', `/runs/${id}`)).json<Run>();
const getModel = async (id: string) => (await api('GET', `/models/${id}`)).json<Model>();
const getComparison = async (id: string) => (await api('GET', `/model-comparisons/${id}`)).json<ModelComparisonView>();

async function train(body: Record<string, unknown>): Promise<{ run: Run; model: Model }> {
  const res = await api('POST', '/runs', { projectId, datasetVersionId, labelColumn: 'label', preset: 'mlp-classifier', ...body });
  expect(res.status, res.text).toBe(202);
  const run = await waitFor(() => getRun(res.json<Run>().id), (r) => r.status === 'SUCCEEDED' || r.status === 'FAILED', 240_000);
  expect(run.status, run.error ?? '').toBe('SUCCEEDED');
  return { run, model: await getModel(run.modelVersionId!) };
}

async function compare(modelId: string): Promise<ModelComparisonView> {
  const res = await api('POST', `/models/${modelId}/compare`);
  expect(res.status, res.text).toBe(202);
  const queued = res.json<ModelComparisonView>();
  expect(queued.status).toBe('QUEUED');
  return waitFor(() => getComparison(queued.id), (c) => c.status === 'SUCCEEDED' || c.status === 'FAILED', 120_000);
}

async function setPolicy(p: { autoPromote: boolean; promoteMargin: number }) {
  await h.db.prisma.retrainPolicy.upsert({ where: { projectId }, create: { projectId, organizationId: u.orgId, ...p }, update: p });
}

const aliasesOf = async () => Object.fromEntries((await h.db.prisma.modelAlias.findMany({ where: { projectId } })).map((a) => [a.alias, a.modelVersionId]));

/** An evaluation of a stored model on the test rows of a run's seeded split, done here without the job's code. */
async function independentEvaluation(modelId: string, split: { seed: number; fractions: [number, number, number] }) {
  const mv = await h.db.prisma.modelVersion.findUniqueOrThrow({ where: { id: modelId } });
  const tmp = join(artifactsDir, `eval-${modelId}.csv`);
  await writeFile(tmp, await readFile(DIGITS));
  const table = await readTable(tmp);
  const labels = columnStrings(column(table, 'label')).map((v) => String(v));
  const test = trainValTestSplit(table.rowCount, { seed: split.seed, fractions: split.fractions, stratify: labels }).test;
  const loaded = await loadModel(unpackFiles(await store.getBuffer(mv.artifactKey)) as ModelFiles);
  const report = evaluate(loaded.model, applyPreprocessing(takeRows(table, test), parsePreprocessing(mv.preprocessing)));
  loaded.model.dispose();
  return { rows: test.length, report: report as unknown as { accuracy: number; n: number; macro: { f1: number } } };
}

beforeAll(async () => {
  artifactsDir = await mkdtemp(join(tmpdir(), 'model-comparison-spec-'));
  h = await startHarness({ ARTIFACTS_DIR: artifactsDir });
  store = h.api.app.get<ArtifactStore>(ARTIFACT_STORE);
  u = await signUp(h);
  projectId = (await createProject(h, { cookie: u.cookie }, u.orgId)).id;
  datasetVersionId = await datasetVersion(u.orgId, projectId, await readFile(DIGITS));
  // Different seeds, so the champion is scored on rows other than its own test split; one epoch
  // against eight, so the challenger wins by a wide, stable margin.
  weak = await train({ name: 'weak', epochs: 1, seed: 7 });
  strong = await train({ name: 'strong', epochs: 8, seed: 42 });
}, 600_000);

afterAll(async () => {
  await h?.close();
  await rm(artifactsDir, { recursive: true, force: true });
});

describe(`challenger vs champion (${process.env.MERIDIAN_TEST_DB ?? 'auto'} db)`, () => {
  it('writes a manual alias move to the alias history and the audit log', async () => {
    const res = await api('POST', `/models/${weak.model.id}/aliases/champion`, { reason: 'first model of the project' });
    expect(res.status, res.text).toBe(200);
    const history = (await api('GET', `/models/${weak.model.id}/aliases/history`)).json<AliasEvent[]>();
    expect(history[0]).toMatchObject({ alias: 'champion', fromModelVersionId: null, toModelVersionId: weak.model.id, reason: 'first model of the project', actorUserId: u.userId });
    const audit = (await api('GET', '/audit-logs?action=model.alias_move')).json<Page<AuditRow>>();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ action: 'model.alias_move', actorUserId: u.userId, targetId: weak.model.id });
    expect(audit.items[0].metadata).toMatchObject({ projectId, alias: 'champion', fromModelVersionId: null, toModelVersionId: weak.model.id, reason: 'first model of the project' });
  });

  it('evaluates both models on the same test rows, stores the comparison, points challenger at it; auto-promotion off promotes nothing', async () => {
    const c = await compare(strong.model.id);
    expect(c.status, c.error ?? '').toBe('SUCCEEDED');
    expect(c).toMatchObject({ trigger: 'MANUAL', metric: 'accuracy', lowerIsBetter: false, winner: 'CHALLENGER', autoPromote: false, promoted: false, runId: strong.run.id, gate: null });
    expect(c.challenger).toMatchObject({ modelVersionId: strong.model.id, version: strong.model.version, runId: strong.run.id });
    expect(c.champion).toMatchObject({ modelVersionId: weak.model.id, version: weak.model.version, runId: weak.run.id });
    expect(c.decision).toMatch(/^Not promoted: auto-promotion is off for this project/);

    // The same rows: the challenger run's split (seed 42), counted and evaluated independently.
    expect(c.testSplit).toMatchObject({ datasetVersionId, labelColumn: 'label', seed: 42, fractions: [0.8, 0.1, 0.1], stratify: true });
    const mine = await independentEvaluation(strong.model.id, { seed: 42, fractions: [0.8, 0.1, 0.1] });
    const theirs = await independentEvaluation(weak.model.id, { seed: 42, fractions: [0.8, 0.1, 0.1] });
    expect(c.testRows).toBe(mine.rows);
    expect(c.testSplit!.rows).toBe(mine.rows);
    expect(c.challenger.metrics!.n).toBe(mine.rows);
    expect(c.champion!.metrics!.n).toBe(mine.rows);
    expect(c.challenger.value).toBe(mine.report.accuracy);
    expect(c.champion!.value).toBe(theirs.report.accuracy);
    expect((c.champion!.metrics as { macro: { f1: number } }).macro.f1).toBe(theirs.report.macro.f1);
    // For the challenger these are its own test rows: the value is the test accuracy its run stored.
    expect(c.challenger.value).toBe(strong.run.testMetrics!.accuracy);
    // The champion was trained with seed 7: its own stored test accuracy is on other rows.
    expect(c.improvement).toBeCloseTo(mine.report.accuracy - theirs.report.accuracy, 12);
    expect(c.improvement!).toBeGreaterThan(0.05);

    expect(await aliasesOf()).toEqual({ champion: weak.model.id, challenger: strong.model.id });
    const events = await h.db.prisma.modelAliasEvent.findMany({ where: { projectId, alias: 'challenger' } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ toModelVersionId: strong.model.id, actorUserId: null, actorLabel: 'system (challenger comparison)' });
    expect(events[0].reason).toContain(c.id);
  });

  it('does not auto-promote when the promotion gate refuses, and records the gate reasons', async () => {
    await setPolicy({ autoPromote: true, promoteMargin: 0.01 });
    await h.db.prisma.project.update({ where: { id: projectId }, data: { goalMetric: 'accuracy', goalThreshold: 0.9999 } });
    const c = await compare(strong.model.id);
    expect(c).toMatchObject({ status: 'SUCCEEDED', winner: 'CHALLENGER', autoPromote: true, promoted: false, margin: 0.01 });
    expect(c.gate!.ok).toBe(false);
    expect(c.gate!.reasons.some((r) => /^project-goal: test accuracy is [\d.]+, the project goal needs >= 0.9999$/.test(r))).toBe(true);
    expect(c.decision).toMatch(/^Not promoted: the promotion gate refused \(.*project-goal: test accuracy is/);
    expect((await aliasesOf()).champion).toBe(weak.model.id);
    expect((await aliasesOf()).production).toBeUndefined();
  });

  it('does not auto-promote a win smaller than the margin', async () => {
    await h.db.prisma.project.update({ where: { id: projectId }, data: { goalThreshold: 0.5 } });
    await setPolicy({ autoPromote: true, promoteMargin: 0.99 });
    const c = await compare(strong.model.id);
    expect(c).toMatchObject({ status: 'SUCCEEDED', winner: 'CHALLENGER', promoted: false, margin: 0.99, gate: null });
    expect(c.decision).toMatch(/less than the margin 0.99/);
    expect((await aliasesOf()).champion).toBe(weak.model.id);
  });

  it('auto-promotes a challenger that wins by the margin and passes the gate: champion and production move as system (auto-promotion), in the audit log', async () => {
    await setPolicy({ autoPromote: true, promoteMargin: 0.01 });
    const c = await compare(strong.model.id);
    expect(c).toMatchObject({ status: 'SUCCEEDED', winner: 'CHALLENGER', promoted: true });
    expect(c.gate!.ok).toBe(true);
    expect(c.decision).toMatch(/^Promoted to champion and production: the challenger is better by [\d.]+ >= margin 0.01/);
    expect(await aliasesOf()).toEqual({ champion: strong.model.id, challenger: strong.model.id, production: strong.model.id });

    const history = (await api('GET', `/models/${strong.model.id}/aliases/history`)).json<AliasEvent[]>();
    const auto = history.filter((e) => e.actorLabel === 'system (auto-promotion)');
    expect(auto.map((e) => e.alias).sort()).toEqual(['champion', 'production']);
    expect(auto.find((e) => e.alias === 'champion')).toMatchObject({ fromModelVersionId: weak.model.id, toModelVersionId: strong.model.id, actorUserId: null });
    expect(auto[0].reason).toContain(c.id);

    const audit = (await api('GET', '/audit-logs?action=model.alias_move&limit=50')).json<Page<AuditRow>>();
    const promoted = audit.items.filter((a) => a.metadata?.actor === 'system (auto-promotion)');
    expect(promoted.map((a) => a.metadata!.alias).sort()).toEqual(['champion', 'production']);
    expect(promoted.every((a) => a.actorUserId === null && a.targetId === strong.model.id)).toBe(true);
    expect(promoted.find((a) => a.metadata!.alias === 'champion')!.metadata).toMatchObject({ fromModelVersionId: weak.model.id, toModelVersionId: strong.model.id });
    // Challenger moves are audited too (one per distinct move: the first comparison only).
    expect(audit.items.filter((a) => a.metadata?.alias === 'challenger')).toHaveLength(1);
  });

  it('lists comparisons per project, per model (either side) and per run; the champion itself cannot be compared', async () => {
    const byProject = (await api('GET', `/model-comparisons?projectId=${projectId}`)).json<Page<ModelComparisonView>>();
    expect(byProject.items).toHaveLength(4);
    expect(byProject.items[0].promoted).toBe(true);
    const byRun = (await api('GET', `/model-comparisons?runId=${strong.run.id}&limit=2`)).json<Page<ModelComparisonView>>();
    expect(byRun.items).toHaveLength(2);
    expect(byRun.nextCursor).not.toBeNull();
    const rest = (await api('GET', `/model-comparisons?runId=${strong.run.id}&limit=2&cursor=${byRun.nextCursor}`)).json<Page<ModelComparisonView>>();
    expect(rest.items).toHaveLength(2);
    expect(new Set([...byRun.items, ...rest.items].map((c) => c.id)).size).toBe(4);
    const asChampion = (await api('GET', `/models/${weak.model.id}/comparisons`)).json<Page<ModelComparisonView>>();
    expect(asChampion.items).toHaveLength(4);
    expect(asChampion.items.every((c) => c.champion?.modelVersionId === weak.model.id)).toBe(true);

    const self = await api('POST', `/models/${strong.model.id}/compare`);
    expect(self.status).toBe(409);
    expect(self.json<{ error: { code: string; message: string } }>().error.message).toMatch(/is the champion; compare another version/);
    expect((await api('POST', `/models/${newId()}/compare`)).status).toBe(404);
    expect((await api('GET', `/model-comparisons?projectId=${newId()}`)).status).toBe(404);
    expect((await api('GET', `/model-comparisons/${newId()}`)).status).toBe(404);
    const bad = await api('GET', '/model-comparisons?limit=0');
    expect(bad.status).toBe(400);

    const viewer = await memberOf(h, u, 'VIEWER');
    expect((await api('POST', `/models/${weak.model.id}/compare`, undefined, viewer.cookie)).status).toBe(403);
    expect((await api('GET', `/model-comparisons?projectId=${projectId}`, undefined, viewer.cookie)).status).toBe(200);
    const stranger = await signUp(h);
    expect((await h.request({ url: `/api/orgs/${stranger.orgId}/model-comparisons/${byProject.items[0].id}`, cookie: stranger.cookie })).status).toBe(404);
  });

  it('a retraining run queues its comparison with the champion when it succeeds (the training hook)', async () => {
    await setPolicy({ autoPromote: false, promoteMargin: 0.01 });
    const launcher = new RetrainingLauncher(h.db.prisma, h.queue, store);
    const launched = await launcher.launch({ organizationId: u.orgId, projectId, cause: { kind: 'MANUAL', scheduleId: null, userId: u.userId }, templateRunId: weak.run.id, dedupeKey: unique('manual') });
    expect(launched.status, JSON.stringify(launched)).toBe('STARTED');
    const runId = (launched as { runId: string }).runId;
    const run = await waitFor(() => getRun(runId), (r) => r.status === 'SUCCEEDED' || r.status === 'FAILED', 240_000);
    expect(run.status, run.error ?? '').toBe('SUCCEEDED');
    const page = await waitFor(
      async () => (await api('GET', `/model-comparisons?runId=${runId}`)).json<Page<ModelComparisonView>>(),
      (p) => p.items.length === 1 && (p.items[0].status === 'SUCCEEDED' || p.items[0].status === 'FAILED'),
      120_000,
    );
    const c = page.items[0];
    expect(c).toMatchObject({ status: 'SUCCEEDED', trigger: 'RETRAIN', runId, promoted: false });
    expect(c.challenger.modelVersionId).toBe(run.modelVersionId);
    expect(c.champion!.modelVersionId).toBe(strong.model.id);
    expect(c.testRows).toBe(c.challenger.metrics!.n);
    expect(c.challenger.value).toBe(run.testMetrics!.accuracy);
    expect((await aliasesOf()).challenger).toBe(run.modelVersionId);
    expect((await aliasesOf()).champion).toBe(strong.model.id);
    // One comparison per run even if the hook ran again (a redelivered training job).
    const jobRecord = await h.db.prisma.jobRecord.findFirst({ where: { organizationId: u.orgId, idempotencyKey: `model.compare:run:${runId}` } });
    expect(jobRecord?.id).toBe(c.jobId);
  });

  it('records a champion that cannot read the challenger\'s rows as such, and promotes nothing', async () => {
    // A champion trained on a version of the data where column px10 was called pixel10.
    const renamed = (await readFile(DIGITS, 'utf8')).replace(/^(.*?)\bpx10\b/, '$1pixel10');
    expect(renamed.split('\n')[0]).toContain('pixel10');
    const otherVersion = await datasetVersion(u.orgId, projectId, Buffer.from(renamed));
    const odd = await train({ name: 'renamed column', epochs: 1, seed: 3, datasetVersionId: otherVersion });
    expect((await api('POST', `/models/${odd.model.id}/aliases/champion`, { reason: 'trained on the renamed export' })).status).toBe(200);
    await setPolicy({ autoPromote: true, promoteMargin: 0 });
    const c = await compare(strong.model.id);
    expect(c).toMatchObject({ status: 'SUCCEEDED', winner: null, promoted: false });
    expect(c.champion).toMatchObject({ modelVersionId: odd.model.id, value: null, metrics: null });
    expect(c.challenger.value).toBe(strong.run.testMetrics!.accuracy);
    expect(c.error).toMatch(/^champion: .*no column named "pixel10"/);
    expect(c.decision).toMatch(/^Not promoted: the champion \(v\d+\) could not be evaluated on the challenger's test rows: .*pixel10/);
    expect((await aliasesOf()).champion).toBe(odd.model.id);
  });

  it('fails with a clear reason when the challenger\'s run no longer has its dataset version, leaving the aliases alone', async () => {
    const before = await aliasesOf();
    // What deleting the dataset version does to the run and the model (onDelete: SetNull).
    await h.db.prisma.trainingRun.update({ where: { id: weak.run.id }, data: { datasetVersionId: null } });
    await h.db.prisma.modelVersion.update({ where: { id: weak.model.id }, data: { datasetVersionId: null } });
    const c = await compare(weak.model.id);
    expect(c.status).toBe('FAILED');
    expect(c.error).toMatch(/without a dataset version and label column here .*there are no test rows to compare on/);
    expect(c).toMatchObject({ winner: null, promoted: false, testRows: null });
    expect(await aliasesOf()).toEqual(before);
    const job = await h.db.prisma.jobRecord.findUniqueOrThrow({ where: { id: c.jobId! } });
    expect(job.status).toBe('FAILED');
  });
});
