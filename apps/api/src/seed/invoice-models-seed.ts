// Demo data for the model loop of Invoice Reader (the digit recogniser behind its amount fields),
// produced by the real parts rather than written as rows:
//   1. model version 1, trained here with the training engine on "handwritten-digits" version 1
//      (the digits file from datasets/, uploaded by datasets-seed.ts) exactly as the training.run
//      thread does (same split, preprocessing and preset), registered, and made production and
//      champion through the registry's alias moves (audited);
//   2. version 2 of the dataset: the same scans plus 600 from the new scanner model (the same digits
//      one pixel to the right and at lower contrast), uploaded through the datasets service;
//   3. a METRIC_THRESHOLD trigger (7-day mean accuracy under 0.90) and five weeks of daily production
//      accuracy of version 1 drifting down as more new-scanner invoices arrive, reported through the
//      production-metrics service. The report crosses the threshold, so the trigger engine fires:
//      a RetrainTriggerCheck, a RetrainEvent from the launcher with the retraining run it queued,
//      and the TECHNICAL risk for a metric drop on a production model;
//   4. that run trains in the job runner like any other (model version 2), and the training hook
//      queues model.compare: version 2 (challenger) against version 1 (champion) on version 2's own
//      test rows. The project's retraining policy compares on accuracy and does not auto-promote,
//      so version 2 waits as the challenger for a person to decide.
// Step 4 is the job runner's, so start-up does not wait for it (opts.waitMs lets a caller wait,
// bounded): in process it finishes a few seconds after the API is up, with a separate worker when the
// worker takes the jobs, and a restart of the embedded mode re-queues it if it was cut short.
// Idempotent per step: each step is skipped when its result exists, so restarts (and changes made in
// the demo) are left alone.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ArtifactStore } from '@meridian/artifacts';
import { applyPreprocessing, column, columnStrings, fitPreprocessing, readTable, takeRows, trainValTestSplit } from '@meridian/data-pipeline';
import { newId, type Prisma, type PrismaClient } from '@meridian/db';
import { inputSchemaOf, packFiles, specHashOf } from '@meridian/jobs';
import { moveAliasInTransaction, type AliasActor } from '@meridian/registry';
import { buildPresetSpec, evaluate, saveModelToBuffers, train } from '@meridian/training-engine';
import type { Actor, OrgAccess } from '../common/context';
import type { DatasetsService } from '../datasets/datasets.service';
import type { RetrainTriggersService } from '../retraining/triggers/retraining-triggers.service';
import { DIGITS_DATASET, DIGITS_PROJECT } from './datasets-seed';

const DAY = 86_400_000;
export const DEMO_TRIGGER_NAME = 'Production accuracy under 90%';
/** The production metric series: daily accuracy of version 1 over the last OBSERVATION_DAYS days. */
export const OBSERVATION_DAYS = 35;
const SEED = 7;
const EPOCHS = 8;

export interface InvoiceModelsDeps {
  datasets: DatasetsService;
  triggers: RetrainTriggersService;
  artifacts: ArtifactStore;
  prisma: PrismaClient;
}

export interface InvoiceModelsResult {
  /** Model version 1 trained and put in production by this call. */
  model: boolean;
  /** The trigger created and the production metrics reported by this call. */
  trigger: boolean;
  /** The retraining run the trigger started (this call or an earlier one), if any. */
  retrainRunId: string | null;
  /** Status of the retraining run and of its comparison when the seed stopped waiting. */
  runStatus: string | null;
  comparisonStatus: string | null;
}

/** Deterministic pseudo-random numbers so every demo looks the same. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * The new scanner's scans: every third digit of the original file shifted one pixel to the right
 * (the scanner's feed offset) at 60% contrast. Appended to the original rows, so version 2 of the
 * dataset holds both kinds, like the production traffic of the last weeks.
 */
export function newScannerCsv(original: string): string {
  const lines = original.trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const label = header.indexOf('label');
  const px = header.map((h, i) => (i === label ? -1 : Number(h.replace(/^px/, ''))));
  const extra: string[] = [];
  for (let r = 1; r < lines.length && extra.length < 600; r += 3) {
    const cells = lines[r].split(',');
    const image = new Array<number>(64).fill(0);
    cells.forEach((c, i) => {
      if (i !== label) image[px[i]] = Number(c);
    });
    const shifted = image.map((_, p) => (p % 8 === 0 ? 0 : Math.round(image[p - 1] * 0.6)));
    extra.push(header.map((_, i) => (i === label ? cells[label] : String(shifted[px[i]]))).join(','));
  }
  return `${lines.join('\n')}\n${extra.join('\n')}\n`;
}

/** Daily production accuracy of version 1: near its test accuracy five weeks ago, drifting down with the new scanner's share. */
export function productionAccuracySeries(start: number, now: Date): Array<{ metric: string; value: number; observedAt: string }> {
  const r = rng(2027);
  const out: Array<{ metric: string; value: number; observedAt: string }> = [];
  for (let d = OBSERVATION_DAYS - 1; d >= 0; d--) {
    const t = (OBSERVATION_DAYS - 1 - d) / (OBSERVATION_DAYS - 1);
    // Slow at first, faster once the new scanners were rolled out to most customers.
    const value = start - 0.005 - 0.1 * t * t + (r() - 0.5) * 0.012;
    out.push({ metric: 'accuracy', value: Math.round(value * 10_000) / 10_000, observedAt: new Date(now.getTime() - d * DAY - 2 * 3_600_000).toISOString() });
  }
  return out;
}

export async function seedInvoiceModels(
  deps: InvoiceModelsDeps,
  organizationId: string,
  opts: { waitMs?: number; log?: (msg: string) => void } = {},
): Promise<InvoiceModelsResult> {
  const { prisma, datasets, artifacts } = deps;
  const log = opts.log ?? (() => undefined);
  const t0 = Date.now();
  const out: InvoiceModelsResult = { model: false, trigger: false, retrainRunId: null, runStatus: null, comparisonStatus: null };
  const project = await prisma.project.findFirst({ where: { organizationId, name: DIGITS_PROJECT }, select: { id: true } });
  const owner = await prisma.membership.findFirst({ where: { organizationId, role: 'OWNER' }, orderBy: { createdAt: 'asc' }, select: { user: { select: { id: true, email: true, name: true } } } });
  const dataset = project ? await prisma.dataset.findFirst({ where: { projectId: project.id, name: DIGITS_DATASET }, select: { id: true } }) : null;
  // datasets-seed.ts skips the upload where datasets/ is not shipped: no data, no models.
  if (!project || !owner || !dataset) return out;
  const principal = { kind: 'user' as const, userId: owner.user.id, sessionId: 'demo-seed', email: owner.user.email, name: owner.user.name };
  const actor: Actor = { principal, requestId: 'demo-seed', ip: '' };
  const org: OrgAccess = { organizationId, role: 'OWNER', principal };
  const founder: AliasActor = { userId: owner.user.id, apiKeyId: null };

  const work = await mkdtemp(join(tmpdir(), 'meridian-demo-invoice-'));
  try {
    // ---- 1. version 1 in production
    let production = await prisma.modelAlias.findUnique({ where: { projectId_alias: { projectId: project.id, alias: 'production' } }, select: { modelVersionId: true } });
    const v1Data = await prisma.datasetVersion.findFirst({ where: { datasetId: dataset.id }, orderBy: { version: 'asc' } });
    if (!v1Data) return out;
    const v1Path = join(work, 'digits-v1.csv');
    // Later starts find every step done: fetch the file only when a step needs it.
    const needsNewVersion = (await prisma.datasetVersion.count({ where: { datasetId: dataset.id } })) < 2;
    if (!production || needsNewVersion) await artifacts.downloadToFile(v1Data.artifactKey, v1Path, { expectedSha256: v1Data.contentHash });
    if (!production) {
      production = { modelVersionId: await trainVersionOne(prisma, artifacts, { organizationId, projectId: project.id, datasetVersionId: v1Data.id, path: v1Path, ownerId: owner.user.id, founder }) };
      out.model = true;
      log('demo model version 1 of Invoice Reader trained and put in production');
    }

    // ---- 2. the new scanner's data as version 2 (the same bytes again answer the existing version)
    if (needsNewVersion) {
      const csv = newScannerCsv(await readFile(v1Path, 'utf8'));
      await datasets.upload(actor, org, dataset.id, { fileName: 'digits-8x8-new-scanner.csv', stream: Readable.from([Buffer.from(csv)]), truncated: () => false, fields: { targetColumn: 'label' } });
    }

    // ---- 3. policy, trigger and production metrics; the report fires the trigger
    // Compare on accuracy (the goal's field accuracy is measured on the invoice benchmark, not here); a person promotes.
    await prisma.retrainPolicy.upsert({ where: { projectId: project.id }, update: {}, create: { projectId: project.id, organizationId, maxConcurrent: 1, autoPromote: false, promoteMargin: 0.01, compareMetric: 'accuracy', updatedById: owner.user.id } });
    const existing = await prisma.retrainTrigger.findFirst({ where: { projectId: project.id, name: DEMO_TRIGGER_NAME }, select: { id: true } });
    // Made-up production metrics only for the demo's own model, never for one someone put in production since.
    const ours = await prisma.modelVersion.findFirst({ where: { id: production.modelVersionId, run: { tags: { has: 'demo' } } }, select: { id: true } });
    if (!existing && ours) {
      const t = await deps.triggers.create(actor, org, {
        projectId: project.id,
        name: DEMO_TRIGGER_NAME,
        kind: 'METRIC_THRESHOLD',
        enabled: true,
        cooldownMinutes: 7 * 1440,
        config: { metric: 'accuracy', direction: 'BELOW', threshold: 0.9, windowMinutes: 7 * 1440, minObservations: 5 },
      });
      const mv = await prisma.modelVersion.findUniqueOrThrow({ where: { id: production.modelVersionId }, select: { testMetrics: true } });
      const tested = Number((mv.testMetrics as { accuracy?: unknown } | null)?.accuracy);
      const series = productionAccuracySeries(Number.isFinite(tested) ? Math.min(tested, 0.97) : 0.96, new Date());
      const reported = await deps.triggers.reportObservations(org, production.modelVersionId, { observations: series });
      const fired = reported.evaluations.find((e) => e.triggerId === t.id);
      out.trigger = true;
      log(`demo production metrics of Invoice Reader reported (${reported.accepted}): ${fired?.message ?? 'no trigger evaluated'} → ${fired?.launch?.status ?? 'not launched'}`);
    }

    // ---- 4. the retraining run and its comparison (the job runner's work)
    const check = await prisma.retrainTriggerCheck.findFirst({ where: { organizationId, trigger: { projectId: project.id, name: DEMO_TRIGGER_NAME }, runId: { not: null } }, orderBy: { createdAt: 'asc' }, select: { runId: true } });
    out.retrainRunId = check?.runId ?? null;
    if (out.retrainRunId) {
      const settled = await waitForComparison(prisma, out.retrainRunId, opts.waitMs ?? 0);
      out.runStatus = settled.runStatus;
      out.comparisonStatus = settled.comparisonStatus;
      if (out.model || out.trigger) log(`demo model loop of Invoice Reader seeded in ${Date.now() - t0} ms; retraining run ${out.retrainRunId} ${settled.runStatus ?? 'missing'}, comparison ${settled.comparisonStatus ?? 'queued when the run has trained'}`);
    }

    // Demo databases seeded before the models existed carry made-up version ids on their feedback.
    await prisma.feedback.updateMany({ where: { organizationId, projectId: project.id, modelVersionId: { in: ['invoice-reader-v1', 'invoice-reader-v2'] } }, data: { modelVersionId: production.modelVersionId } });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return out;
}

/** Model version 1: the training.run thread's steps in this process (see train-thread.ts), then the registry rows and aliases in one transaction. */
async function trainVersionOne(
  prisma: PrismaClient,
  artifacts: ArtifactStore,
  c: { organizationId: string; projectId: string; datasetVersionId: string; path: string; ownerId: string; founder: AliasActor },
): Promise<string> {
  const table = await readTable(c.path);
  const labels = columnStrings(column(table, 'label')).map((v) => String(v));
  const split = trainValTestSplit(table.rowCount, { seed: SEED, fractions: [0.8, 0.1, 0.1], stratify: labels });
  const prep = fitPreprocessing(takeRows(table, split.train), { label: 'label', numeric: 'standardize', exclude: [] });
  const [tr, va, te] = [split.train, split.validation, split.test].map((idx) => applyPreprocessing(takeRows(table, idx), prep));
  const numClasses = prep.target?.task === 'classification' ? prep.target.classes.length : undefined;
  const spec = { ...buildPresetSpec('mlp-classifier', { inputShape: prep.featureShape, numClasses, rows: split.train.length }), epochs: EPOCHS };
  const started = new Date();
  const curve: Array<{ epoch: number; values: Record<string, number>; time: Date }> = [];
  const trained = await train({
    spec,
    train: tr,
    validation: va.shape[0] > 0 ? va : undefined,
    epochs: EPOCHS,
    seed: SEED,
    callbacks: {
      onEpochEnd: (l) => {
        const values: Record<string, number> = { loss: l.loss };
        for (const [k, v] of Object.entries(l.metrics ?? {})) if (k !== 'loss' && Number.isFinite(v)) values[k] = v;
        if (l.valLoss !== null && l.valLoss !== undefined && Number.isFinite(l.valLoss)) values.val_loss = l.valLoss;
        for (const [k, v] of Object.entries(l.valMetrics ?? {})) if (k !== 'loss' && Number.isFinite(v)) values[`val_${k}`] = v;
        curve.push({ epoch: l.epoch, values, time: new Date() });
      },
    },
  });
  const report = evaluate(trained.model, te);
  const files = await saveModelToBuffers(trained.model, { preprocessing: prep, metrics: report });
  trained.model.dispose();

  const runId = newId();
  const modelVersionId = newId();
  const modelKey = `runs/${runId}/model.pack`;
  await artifacts.put(modelKey, await packFiles(files));
  const finished = new Date();
  await prisma.$transaction(
    async (tx) => {
      await tx.trainingRun.create({
        data: {
          id: runId,
          organizationId: c.organizationId,
          projectId: c.projectId,
          datasetVersionId: c.datasetVersionId,
          name: 'Digit recogniser MLP on handwritten-digits v1',
          preset: 'mlp-classifier',
          labelColumn: 'label',
          seed: SEED,
          epochs: EPOCHS,
          epochsDone: trained.epochsCompleted,
          status: 'SUCCEEDED',
          progress: 100,
          backendRequested: 'auto',
          backendUsed: trained.backend,
          device: 'cpu',
          tags: ['demo', 'amount-field'],
          testMetrics: report as unknown as Prisma.InputJsonValue,
          startedAt: started,
          finishedAt: finished,
          createdById: c.ownerId,
        },
      });
      await tx.runMetric.createMany({ data: curve.flatMap((p) => Object.entries(p.values).map(([key, value]) => ({ runId, key, step: p.epoch, value, time: p.time }))), skipDuplicates: true });
      const max = await tx.modelVersion.aggregate({ where: { projectId: c.projectId }, _max: { version: true } });
      await tx.modelVersion.create({
        data: {
          id: modelVersionId,
          organizationId: c.organizationId,
          projectId: c.projectId,
          runId,
          datasetVersionId: c.datasetVersionId,
          version: (max._max.version ?? 0) + 1,
          specHash: specHashOf(spec),
          preprocessing: prep as unknown as Prisma.InputJsonValue,
          inputSchema: inputSchemaOf(prep) as unknown as Prisma.InputJsonValue,
          testMetrics: report as unknown as Prisma.InputJsonValue,
          artifactKey: modelKey,
        },
      });
      await tx.modelCardNotes.create({
        data: {
          modelVersionId,
          organizationId: c.organizationId,
          intendedUse: 'Read the handwritten digits of amount fields on scanned supplier invoices; low-confidence fields go to a person.',
          outOfScopeUse: 'Printed text, letters, or any amount booked without the confidence check.',
          limitations: 'Trained on 8x8 scans from one scanner model; accuracy drops on the newer scanners (shifted, lower-contrast scans), see the production metrics.',
          ethicalConsiderations: 'No personal data: the digits are cut from amount fields only.',
          updatedById: c.ownerId,
        },
      });
      const base = { organizationId: c.organizationId, projectId: c.projectId, modelVersionId, actor: c.founder };
      await moveAliasInTransaction(tx, { ...base, alias: 'champion', reason: 'First model of the amount-field recogniser.' });
      await moveAliasInTransaction(tx, { ...base, alias: 'production', reason: `Test accuracy ${'accuracy' in report ? report.accuracy.toFixed(3) : '?'} on held-out scans; launched with the invoice API.` });
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  return modelVersionId;
}

async function waitForComparison(prisma: PrismaClient, runId: string, waitMs: number): Promise<{ runStatus: string | null; comparisonStatus: string | null }> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const run = await prisma.trainingRun.findUnique({ where: { id: runId }, select: { status: true } });
    const cmp = await prisma.modelComparison.findFirst({ where: { runId }, orderBy: { createdAt: 'desc' }, select: { status: true } });
    const runDone = !run || run.status === 'FAILED' || run.status === 'CANCELLED';
    const cmpDone = !!cmp && cmp.status !== 'QUEUED' && cmp.status !== 'RUNNING';
    if (runDone || cmpDone || Date.now() >= deadline) return { runStatus: run?.status ?? null, comparisonStatus: cmp?.status ?? null };
    await new Promise((r) => setTimeout(r, 100));
  }
}
