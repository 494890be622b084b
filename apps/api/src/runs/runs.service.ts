import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { isArtifactError, type ArtifactStore } from '@meridian/artifacts';
import { checkRunColumns, checkRunSpecFits, datasetVersionColumns, enqueueTrainingRun, insertTrainingRun, parseRunSpec, type CreatedTrainingRun } from '@meridian/jobs';
import { discardRunArtifacts, runCostCurrency } from '@meridian/jobs';
import { newId, Prisma } from '@meridian/db';
import {
  DEFAULT_HOURLY_RATE_MINOR,
  lttb,
  runStatusesAllowing,
  isTerminalRunStatus,
  estimateRun,
  type CreateRunInput,
  type ModelSpec,
  type RunArtifactView,
  ZRunArtifactName,
  type ModelWork,
  type RunEstimateInput,
  modelWork,
  MEASURED_PRESET_WORK,
  ZDatasetProfile,
  type ExternalRunInput,
  type MetricBatchInput,
  type MetricSeries,
  type Page,
  type RunEstimate,
  type RunListQuery,
  type RunView,
} from '@meridian/domain';
import type { JobQueue } from '@meridian/queue';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import { AppError } from '../common/app-error';
import { actorUserId, type OrgAccess } from '../common/context';
import { decodeCursor, encodeCursor, isUniqueViolation, Transactions } from '../common/prisma';
import { InjectConfig, InjectQueue } from '../common/tokens';
import type { ApiConfig } from '../config';
import { buildPresetSpec } from '@meridian/training-engine';
import { fitFactsFromProfile } from '@meridian/data-pipeline';
import { RUN_INCLUDE, RunsRepository, type RunRow, type SeriesSummaryMeta, type SeriesSummaryRow } from './runs.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** JSON with object keys sorted: PostgreSQL jsonb does not keep key order, so compare this way. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function runView(r: RunRow): RunView {
  return {
    id: r.id,
    organizationId: r.organizationId,
    projectId: r.projectId,
    datasetVersionId: r.datasetVersionId,
    jobId: r.jobRecordId,
    name: r.name,
    preset: r.preset,
    spec: r.spec ?? null,
    specHash: r.specHash,
    labelColumn: r.labelColumn,
    split: r.splitOptions ?? null,
    transform: r.transformOptions ?? null,
    seed: r.seed,
    epochs: r.epochs,
    backendRequested: r.backendRequested,
    backendUsed: r.backendUsed,
    device: r.device,
    status: r.status,
    error: r.error,
    epochsDone: r.epochsDone,
    progress: r.progress,
    wallTimeMs: r.wallTimeMs,
    cpuTimeMs: r.cpuTimeMs,
    cost: r.costMinor !== null && r.costCurrency ? { minor: r.costMinor, currency: r.costCurrency } : null,
    testMetrics: r.testMetrics ?? null,
    external: r.external,
    params: r.params ?? null,
    tags: r.tags,
    modelVersionId: r.modelVersions[0]?.id ?? null,
    createdById: r.createdById,
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
  };
}

/** The file part of an artifact upload, as the controller hands it over. */
export interface ArtifactUpload {
  fileName: string;
  /** The "name" field, when given; else the file name. */
  name?: string;
  contentType: string;
  stream: Readable;
  /** Set by the multipart parser once it stopped reading because the file hit its size limit. */
  truncated(): boolean;
}

function artifactView(a: { id: string; runId: string; name: string; sizeBytes: bigint; sha256: string; contentType: string; createdById: string | null; createdAt: Date }): RunArtifactView {
  return { id: a.id, runId: a.runId, name: a.name, sizeBytes: Number(a.sizeBytes), sha256: a.sha256, contentType: a.contentType, createdById: a.createdById, createdAt: a.createdAt.toISOString() };
}

interface SeriesPointLike {
  step: number;
  value: number;
}

type SeriesOut = MetricSeries & { last: SeriesPointLike | null };

/**
 * Points kept per stored summary: what the dashboard asks for at most (compare 300, run page 400,
 * series default 500); at 1,000 a cold compare of 500 series spent most of its time moving bytes.
 */
export const SUMMARY_POINTS = 500;

/**
 * The epochs a preset run trains when none are given: the engine's own rule (small datasets get more
 * epochs, so that training runs at least MIN_TRAINING_STEPS batches), so the estimate matches the run.
 */
type RunDvRow = NonNullable<Awaited<ReturnType<RunsRepository['findDatasetVersion']>>>;

function presetEpochs(preset: string, trainRows: number): number {
  try {
    return buildPresetSpec(preset, { inputShape: preset === 'cnn-image' ? [28, 28, 1] : [1], numClasses: 2, rows: trainRows }).epochs;
  } catch {
    return preset === 'regression' ? 50 : preset === 'tabular-binary' ? 30 : 10;
  }
}

const parseKeys = (keys: string | undefined): string[] | null => (keys ? keys.split(',').map((k) => k.trim()).filter(Boolean) : null);

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

function remember<V>(cache: Map<string, V>, key: string, value: V, max: number) {
  cache.set(key, value);
  while (cache.size > max) cache.delete(cache.keys().next().value as string);
}

@Injectable()
export class RunsService {
  private readonly logger = new Logger(RunsService.name);

  constructor(
    private readonly repo: RunsRepository,
    private readonly tx: Transactions,
    @InjectQueue() private readonly queue: JobQueue,
    @InjectConfig() private readonly config: ApiConfig,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
  ) {}

  async create(org: OrgAccess, input: CreateRunInput, idempotencyKey: string | null): Promise<RunView> {
    if (idempotencyKey) {
      const existing = await this.repo.findByIdempotencyKey(org.organizationId, idempotencyKey);
      if (existing) return this.sameRequest(existing, input);
    }
    if (!(await this.repo.findProject(org.organizationId, input.projectId))) throw AppError.notFound('project');
    const dv = await this.repo.findDatasetVersion(org.organizationId, input.datasetVersionId);
    if (!dv) throw AppError.notFound('dataset version');
    // The checks, rows and enqueue are @meridian/jobs' training-runs helpers, which the retraining
    // launcher uses too: a run started here and a retraining run are made the same way.
    const problem = checkRunColumns(await datasetVersionColumns(this.store, dv), { labelColumn: input.labelColumn, exclude: input.transform.exclude }, dv.id);
    if (problem) throw AppError.validation(problem.issues, problem.message);
    let spec: Prisma.InputJsonValue | undefined;
    if (input.spec) {
      const parsed = parseRunSpec(input.spec);
      if ('problem' in parsed) throw AppError.validation(parsed.problem.issues, parsed.problem.message);
      spec = parsed.spec;
    }
    // The spec against the data (input size, output units, label kind), from the version's profile
    // with the rule the worker applies: a misfit is refused here instead of failing in the queue.
    const misfit = checkRunSpecFits(dv, (spec as unknown as ModelSpec | undefined) ?? null, input);
    if (misfit) throw new AppError('UNPROCESSABLE', misfit.message, misfit.issues);
    let created: CreatedTrainingRun & { row: RunRow };
    try {
      created = await this.tx.run((db) =>
        insertTrainingRun(
          db,
          {
            organizationId: org.organizationId,
            projectId: input.projectId,
            datasetVersionId: dv.id,
            name: input.name ?? `${input.preset ?? (input.spec as { name?: string }).name ?? 'custom'} on ${dv.fileName}`,
            preset: input.preset ?? null,
            spec,
            labelColumn: input.labelColumn,
            split: input.split,
            transform: input.transform,
            seed: input.seed,
            epochs: input.epochs ?? null,
            backend: input.backend,
            tags: input.tags,
            idempotencyKey,
            createdById: actorUserId(org.principal),
          },
          RUN_INCLUDE,
        ),
      );
    } catch (e) {
      if (idempotencyKey && isUniqueViolation(e)) {
        const existing = await this.repo.findByIdempotencyKey(org.organizationId, idempotencyKey);
        if (existing) return this.sameRequest(existing, input);
      }
      throw e;
    }
    try {
      await enqueueTrainingRun(this.queue, created);
    } catch (e) {
      await this.repo.withdraw(created).catch(() => undefined);
      this.logger.error({ err: e, runId: created.runId }, 'could not queue the training run');
      throw new AppError('SERVICE_UNAVAILABLE', 'The job queue is not available right now; try again shortly');
    }
    return runView(created.row);
  }

  /**
   * An Idempotency-Key names one request: sent again with the same body it answers the run that
   * request made; with any other body (another label, spec, split, epochs...) it is refused with
   * 409 IDEMPOTENCY_KEY_REUSED naming the fields that differ, never the old run as if it were the
   * new one. The body is compared with what the run stored (defaults filled in by the same schemas).
   */
  private sameRequest(existing: RunRow, input: CreateRunInput): RunView {
    const differs: string[] = [];
    const same = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);
    if (existing.external) differs.push('external');
    if (existing.projectId !== input.projectId) differs.push('projectId');
    if (existing.datasetVersionId !== input.datasetVersionId) differs.push('datasetVersionId');
    if (existing.labelColumn !== input.labelColumn) differs.push('labelColumn');
    if (existing.preset !== (input.preset ?? null)) differs.push('preset');
    if (input.spec !== undefined || existing.spec !== null) {
      const parsed = input.spec === undefined ? null : parseRunSpec(input.spec);
      if (!parsed || 'problem' in parsed || !same(parsed.spec, existing.spec)) differs.push('spec');
    }
    if (input.name !== undefined && existing.name !== input.name) differs.push('name');
    if (!same(input.split, existing.splitOptions ?? {})) differs.push('split');
    if (!same(input.transform, existing.transformOptions ?? {})) differs.push('transform');
    if (existing.seed !== input.seed) differs.push('seed');
    if (existing.epochs !== (input.epochs ?? null)) differs.push('epochs');
    if (existing.backendRequested !== input.backend) differs.push('backend');
    if (!same(input.tags, existing.tags)) differs.push('tags');
    if (differs.length) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        `This Idempotency-Key already started run ${existing.id} with a different ${differs.join(', ')}; send a new key for a new request (the same key with the same body answers that run)`,
        differs.map((path) => ({ path, message: 'differs from the request that first used this Idempotency-Key' })),
      );
    }
    return runView(existing);
  }

  /**
   * Time and cost before a run starts, for the model it would train: a spec's own multiply-adds, or
   * the preset as it would be built for this dataset version (its feature count and label classes
   * from the profile), scaled against the measured presets (samplesPerSecondFor in @meridian/domain).
   * A spec is checked as POST /runs checks it, so the form shows its issues before the start.
   */
  async estimate(org: OrgAccess, q: RunEstimateInput): Promise<RunEstimate & { assumptions: string }> {
    const dv = await this.repo.findDatasetVersion(org.organizationId, q.datasetVersionId);
    if (!dv) throw AppError.notFound('dataset version');
    const rows = dv.rowCount ?? Math.max(1, Math.round(Number(dv.sizeBytes) / 200));
    const backend = q.backend === 'auto' ? 'wasm' : (q.backend as keyof typeof DEFAULT_HOURLY_RATE_MINOR);
    const trainFraction = q.split.fractions[0];
    const trainRows = Math.max(1, Math.floor(rows * trainFraction));
    const model = q.spec ? this.specModel(dv, q) : this.presetModel(dv, q.preset ?? 'mlp-classifier', q, trainRows);
    const epochs = q.epochs ?? model.epochs;
    // The currency the run's cost entry will be written in (the organisation's books, libs/jobs cost.ts).
    const est = estimateRun({ rows, epochs, backend, work: model.work, trainFraction, rates: this.rates(), currency: await this.tx.run((db) => runCostCurrency(db, org.organizationId, this.config.RUN_COST_CURRENCY)) });
    const macs = est.work.denseMacs + est.work.convMacs;
    return {
      ...est,
      assumptions:
        `${rows} rows${dv.rowCount === null ? ' (estimated from the file size until the profile is ready)' : ''}, ${Math.round(trainFraction * 100)}% used for training, ` +
        `${epochs} epochs${q.epochs ? '' : ` (${model.epochsSay})`}, ${model.say}: ${macs.toLocaleString('en')} multiply-adds and ${est.work.params.toLocaleString('en')} parameters per sample, ` +
        `${est.samplesPerSecond.toLocaleString('en')} samples/s on the ${backend} backend scaled from the measured presets${q.backend === 'auto' ? ' (wasm: what auto picks on a machine without native TensorFlow)' : ''}; an estimate`,
    };
  }

  private specModel(dv: RunDvRow, q: RunEstimateInput): { work: ModelWork; epochs: number; say: string; epochsSay: string } {
    const parsed = parseRunSpec(q.spec);
    if ('problem' in parsed) throw AppError.validation(parsed.problem.issues, parsed.problem.message);
    const spec = parsed.spec as unknown as ModelSpec;
    if (q.labelColumn) {
      const misfit = checkRunSpecFits(dv, spec, { labelColumn: q.labelColumn, split: q.split, transform: q.transform });
      if (misfit) throw new AppError('UNPROCESSABLE', misfit.message, misfit.issues);
    }
    return { work: modelWork(spec), epochs: spec.epochs, say: `spec "${spec.name}"`, epochsSay: "the spec's epochs" };
  }

  /** The preset as the worker would build it for this version when its profile is known; else the preset as benchmarked. */
  private presetModel(dv: RunDvRow, preset: string, q: RunEstimateInput, trainRows: number): { work: ModelWork; epochs: number; say: string; epochsSay: string } {
    const label = q.labelColumn ?? dv.targetColumn;
    const profile = ZDatasetProfile.safeParse(dv.profile);
    if (label && profile.success) {
      const facts = fitFactsFromProfile(profile.data, { label, exclude: q.transform.exclude, fractions: q.split.fractions, stratify: q.split.stratify });
      const classes = facts.label && facts.label.kind !== 'numeric' ? facts.label.max : undefined;
      try {
        const spec = buildPresetSpec(preset, { inputShape: q.transform.reshape ?? [facts.features.max], numClasses: classes, rows: trainRows });
        return { work: modelWork(spec), epochs: spec.epochs, say: `${preset} built for this data (input [${spec.inputShape.join(', ')}])`, epochsSay: `the ${preset} default for this many rows` };
      } catch {
        // The preset does not fit this data as chosen (e.g. cnn-image on flat rows): POST /runs will say why; estimate it as benchmarked.
      }
    }
    const measured = MEASURED_PRESET_WORK[preset as keyof typeof MEASURED_PRESET_WORK];
    return {
      work: measured ?? MEASURED_PRESET_WORK['mlp-classifier']!,
      epochs: presetEpochs(preset, trainRows),
      say: measured ? `${preset} at the shape it was benchmarked with (the data's shape is known once profiled)` : `${preset}, taken as mlp-classifier until the profile is ready`,
      epochsSay: `the ${preset} default for this many rows`,
    };
  }

  private rates(): Record<string, number> {
    const c = this.config;
    return {
      'tensorflow-gpu': c.RUN_RATE_TENSORFLOW_GPU_MINOR ?? DEFAULT_HOURLY_RATE_MINOR['tensorflow-gpu'],
      tensorflow: c.RUN_RATE_TENSORFLOW_MINOR ?? DEFAULT_HOURLY_RATE_MINOR.tensorflow,
      wasm: c.RUN_RATE_WASM_MINOR ?? DEFAULT_HOURLY_RATE_MINOR.wasm,
      cpu: c.RUN_RATE_CPU_MINOR ?? DEFAULT_HOURLY_RATE_MINOR.cpu,
    };
  }

  async trainableVersions(org: OrgAccess, projectId?: string) {
    const rows = await this.repo.trainableVersions(org.organizationId, projectId);
    return rows.map((v) => ({
      id: v.id,
      datasetId: v.dataset.id,
      datasetName: v.dataset.name,
      projectId: v.dataset.projectId,
      version: v.version,
      fileName: v.fileName,
      format: v.format,
      rowCount: v.rowCount,
      targetColumn: v.targetColumn,
      columns: ((v.columns as { columns?: Array<{ name: string }> } | null)?.columns ?? []).map((c) => c.name),
    }));
  }

  async list(org: OrgAccess, q: RunListQuery): Promise<Page<RunView>> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw AppError.validation([{ path: 'cursor', message: 'is not a cursor this API returned' }]);
    const rows = await this.repo.page(org.organizationId, q, cursor);
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return { items: items.map(runView), nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  async get(org: OrgAccess, id: string): Promise<RunView> {
    return runView(await this.row(org, id));
  }

  async row(org: OrgAccess, id: string): Promise<RunRow> {
    const r = await this.repo.find(org.organizationId, id);
    if (!r) throw AppError.notFound('run');
    return r;
  }

  async cancel(org: OrgAccess, id: string): Promise<RunView> {
    const r = await this.row(org, id);
    if (r.status === 'CANCELLED') return runView(r);
    const ok = await this.tx.run(async (db) => {
      const moved = await this.repo.transition(id, runStatusesAllowing('CANCELLED'), { status: 'CANCELLED', error: 'cancelled by a user' }, db);
      if (moved && r.jobRecordId) {
        // The job's cancel poll sees this and aborts the worker thread within a batch.
        await db.jobRecord.updateMany({ where: { id: r.jobRecordId, status: { in: ['QUEUED', 'RUNNING'] } }, data: { status: 'CANCELLED', finishedAt: r.status === 'QUEUED' ? new Date() : undefined } });
      }
      if (moved && r.status === 'QUEUED') await db.trainingRun.updateMany({ where: { id }, data: { finishedAt: new Date() } });
      return moved;
    });
    if (!ok) throw AppError.conflict(`Run ${id} is ${r.status} and can no longer be cancelled`);
    // A queued run's job never reaches the trainer (its record is CANCELLED), so a waiting retry's checkpoints go here.
    if (r.status === 'QUEUED') await this.tx.run((db) => discardRunArtifacts(db, this.store, id)).catch((err: unknown) => this.logger.warn({ err, runId: id }, 'could not delete the checkpoints of a cancelled run'));
    return this.get(org, id);
  }

  async createExternal(org: OrgAccess, input: ExternalRunInput): Promise<RunView> {
    if (!(await this.repo.findProject(org.organizationId, input.projectId))) throw AppError.notFound('project');
    if (input.datasetVersionId && !(await this.repo.findDatasetVersion(org.organizationId, input.datasetVersionId))) throw AppError.notFound('dataset version');
    const done = input.status !== 'RUNNING';
    const row = await this.repo.create({
      id: newId(),
      organizationId: org.organizationId,
      projectId: input.projectId,
      datasetVersionId: input.datasetVersionId ?? null,
      name: input.name,
      external: true,
      backendRequested: 'external',
      status: input.status,
      params: input.params as Prisma.InputJsonValue,
      tags: input.tags,
      testMetrics: input.testMetrics ?? undefined,
      startedAt: new Date(),
      finishedAt: done ? new Date() : null,
      createdById: actorUserId(org.principal),
    });
    return runView(row);
  }

  async finishExternal(org: OrgAccess, id: string, input: { status: 'SUCCEEDED' | 'FAILED'; testMetrics?: Record<string, number>; error?: string }): Promise<RunView> {
    const r = await this.row(org, id);
    if (!r.external) throw AppError.conflict('Only external runs are finished through this endpoint; runs trained here finish themselves');
    const ok = await this.repo.transition(id, runStatusesAllowing(input.status), { status: input.status, testMetrics: input.testMetrics ?? undefined, error: input.error ?? null, finishedAt: new Date(), progress: 100 });
    if (!ok) throw AppError.conflict(`Run ${id} is already ${r.status}`);
    // Its points are final now: store the downsampled series so comparing it is cheap from the
    // first time. Not fatal: without a summary the first read makes one.
    await this.summariseRun(id).catch((err: unknown) => this.logger.warn({ err, runId: id }, 'could not store the series summary of a finished run; the first read will'));
    return this.get(org, id);
  }

  /**
   * Logs a file to an external run: streamed into the artifact store (hashed on the way, at most
   * RUN_ARTIFACT_MAX_BYTES, written atomically), then one RunArtifact row. A name already used in
   * the run answers 409 before a byte is stored; a failed upload keeps neither object nor row.
   */
  async uploadArtifact(org: OrgAccess, runId: string, file: ArtifactUpload): Promise<RunArtifactView> {
    const r = await this.row(org, runId);
    if (!r.external) throw AppError.conflict('Artifacts are logged to external runs; a run trained here stores its model in the registry');
    const name = ZRunArtifactName.safeParse(file.name ?? file.fileName);
    if (!name.success) throw AppError.validation([{ path: 'name', message: `"${file.name ?? file.fileName}": ${name.error.issues[0]?.message ?? 'invalid'}` }]);
    if (await this.repo.findArtifact(r.id, { name: name.data })) {
      throw AppError.conflict(`Run ${r.id} already has an artifact named "${name.data}"; log it under another name`);
    }
    const id = newId();
    const key = `runs/${org.organizationId}/${r.id}/artifacts/${id}`;
    const max = this.config.RUN_ARTIFACT_MAX_BYTES;
    const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `The artifact is larger than the limit of ${max.toLocaleString('en')} bytes (RUN_ARTIFACT_MAX_BYTES); nothing was stored`);
    let put;
    try {
      put = await this.store.putStream(key, file.stream, { maxBytes: max, contentType: file.contentType });
    } catch (e) {
      if (isArtifactError(e, 'TOO_LARGE')) throw tooLarge();
      if (file.stream.errored) throw new AppError('BAD_REQUEST', `The upload ended before the whole file arrived (${file.stream.errored.message}); nothing was stored. Send it again.`);
      throw e;
    }
    if (file.truncated()) {
      await this.store.delete(key);
      throw tooLarge();
    }
    try {
      const row = await this.repo.createArtifact({ id, organizationId: org.organizationId, runId: r.id, name: name.data, sizeBytes: BigInt(put.sizeBytes), sha256: put.sha256, contentType: file.contentType, artifactKey: key, createdById: actorUserId(org.principal) });
      return artifactView(row);
    } catch (e) {
      await this.store.delete(key).catch(() => undefined);
      if (isUniqueViolation(e)) throw AppError.conflict(`Run ${r.id} already has an artifact named "${name.data}"; log it under another name`);
      throw e;
    }
  }

  async listArtifacts(org: OrgAccess, runId: string): Promise<RunArtifactView[]> {
    const r = await this.row(org, runId);
    return (await this.repo.artifacts(r.id)).map(artifactView);
  }

  /** The artifact's bytes, checked against its SHA-256 as they stream (a corrupt object aborts the transfer). */
  async downloadArtifact(org: OrgAccess, runId: string, artifactId: string): Promise<RunArtifactView & { stream: Readable }> {
    const r = await this.row(org, runId);
    const a = await this.repo.findArtifact(r.id, { id: artifactId });
    if (!a) throw AppError.notFound('artifact');
    try {
      return { ...artifactView(a), stream: await this.store.getStream(a.artifactKey, { expectedSha256: a.sha256 }) };
    } catch (e) {
      if (isArtifactError(e, 'NOT_FOUND')) throw new AppError('INTERNAL', `The stored bytes of artifact "${a.name}" are missing from the artifact store`);
      throw e;
    }
  }

  async logMetrics(org: OrgAccess, id: string, input: MetricBatchInput): Promise<{ received: number; inserted: number }> {
    const r = await this.row(org, id);
    if (!r.external) throw AppError.conflict('Metrics of runs trained here are written by the training job; log metrics to an external run');
    if (r.status !== 'RUNNING' && r.status !== 'QUEUED') throw AppError.conflict(`Run ${id} is ${r.status}; metrics can be logged only while it runs`);
    const now = Date.now();
    const points = input.points.map((p) => ({ key: p.key, step: p.step, value: p.value, time: new Date(p.time === undefined ? now : p.time) }));
    const inserted = await this.repo.insertMetrics(id, points);
    return { received: points.length, inserted };
  }

  async series(org: OrgAccess, id: string, q: { keys?: string; maxPoints: number }): Promise<{ runId: string; series: MetricSeries[] }> {
    const r = await this.row(org, id);
    const [series] = await this.seriesOfRuns([r], parseKeys(q.keys), q.maxPoints);
    return { runId: id, series: series.map(({ last: _last, ...s }) => s) };
  }

  /**
   * Downsampled series of finished runs come from RunSeriesSummary (LTTB to SUMMARY_POINTS, stored
   * when an external run finishes or on the first read of a finished run), so a cold compare of
   * 100 runs x 5 metrics x 10,000 points reads 500 small rows instead of 5,000,000 points. The
   * request's maxPoints are taken from the stored points (LTTB again); a request for more points
   * than a summary holds (of a series longer than it), and every run still training, reads the
   * points themselves.
   * Re-downsampled series are kept in memory by summary version (a new id per computation, and
   * the trigger on RunMetric deletes stale summaries), so a cache entry can never be stale.
   */
  private readonly summaryCache = new Map<string, SeriesOut>();

  /** Stores the summaries of one finished run (replacing any), reading every point once under the run's row lock. */
  async summariseRun(runId: string): Promise<SeriesSummaryRow[]> {
    return this.tx.run(async (db) => {
      await this.repo.lockRun(runId, db);
      const all = await this.repo.allSeries(runId, db);
      const rows: SeriesSummaryRow[] = all.map(({ key, steps, values }) => {
        const points = steps.map((step, i) => ({ step, value: values[i] }));
        const down = lttb(points, SUMMARY_POINTS);
        const last = points[points.length - 1];
        return { key, version: newId(), total: points.length, lastStep: last.step, lastValue: last.value, resolution: SUMMARY_POINTS, steps: down.map((p) => p.step), values: down.map((p) => p.value) };
      });
      await this.repo.replaceSummaries(runId, rows, db);
      return rows;
    });
  }

  private async seriesOfRuns(runs: RunRow[], wantedKeys: string[] | null, maxPoints: number): Promise<SeriesOut[][]> {
    const fromSummary = runs.filter((r) => isTerminalRunStatus(r.status));
    const summarised = new Map<string, SeriesSummaryMeta[]>();
    for (const m of await this.repo.summaryMeta(fromSummary.map((r) => r.id))) {
      const list = summarised.get(m.runId) ?? [];
      list.push(m);
      summarised.set(m.runId, list);
    }
    // Finished runs without a summary yet (trained here, or points added after it finished) get one
    // now, once; a finished run with no points at all has nothing to store, nor to read.
    const unsummarised = fromSummary.filter((r) => !summarised.has(r.id));
    const withPoints = await this.repo.runsWithPoints(unsummarised.map((r) => r.id));
    for (const r of unsummarised) if (!withPoints.has(r.id)) summarised.set(r.id, []);
    const fresh = new Map<string, SeriesSummaryRow[]>();
    await mapLimit(
      unsummarised.filter((r) => withPoints.has(r.id)),
      2,
      async (r) => {
        const rows = await this.summariseRun(r.id);
        if (rows.length) {
          fresh.set(r.id, rows);
          summarised.set(r.id, rows.map((x) => ({ runId: r.id, key: x.key, version: x.version, total: x.total, lastStep: x.lastStep, lastValue: x.lastValue, resolution: x.resolution })));
        }
      },
    );
    // A summary answers when it holds every point of its key, or at least the points asked for;
    // otherwise that run is read point by point (e.g. maxPoints above SUMMARY_POINTS).
    for (const [runId, metas] of summarised) {
      if (metas.some((m) => (!wantedKeys || wantedKeys.includes(m.key)) && m.total > m.resolution && maxPoints > m.resolution)) summarised.delete(runId);
    }
    const cacheKey = (version: string) => `${version}|${maxPoints}`;
    // This request's series by run and key (the cache below may evict entries while a large compare
    // fills it, so the answer is assembled from here).
    const got = new Map<string, SeriesOut>();
    const need: Array<{ runId: string; key: string }> = [];
    for (const [runId, metas] of summarised) {
      for (const m of metas) {
        if (wantedKeys && !wantedKeys.includes(m.key)) continue;
        const hit = this.summaryCache.get(cacheKey(m.version));
        if (hit) {
          // Most recently used last.
          this.summaryCache.delete(cacheKey(m.version));
          this.summaryCache.set(cacheKey(m.version), hit);
          got.set(`${runId}|${m.key}`, hit);
          continue;
        }
        const rows = fresh.get(runId)?.find((x) => x.key === m.key);
        if (rows) got.set(`${runId}|${m.key}`, this.downsampleSummary(cacheKey(m.version), m, rows.steps, rows.values, maxPoints));
        else need.push({ runId, key: m.key });
      }
    }
    for (const p of await this.repo.summaryPoints(need)) {
      const m = summarised.get(p.runId)?.find((x) => x.key === p.key);
      // Replaced between the two reads: the points are the newer version's, so is the cache key.
      if (m) got.set(`${p.runId}|${p.key}`, this.downsampleSummary(cacheKey(p.version), m, p.steps, p.values, maxPoints));
    }
    // A summary dropped between the two reads (points just arrived): that run is read live.
    const stale = new Set(need.filter((n) => !got.has(`${n.runId}|${n.key}`)).map((n) => n.runId));
    return mapLimit(runs, 4, async (r) => {
      const metas = summarised.get(r.id);
      if (!metas || stale.has(r.id)) return this.liveSeries(r.id, wantedKeys, maxPoints);
      const keys = wantedKeys ?? metas.map((m) => m.key);
      return keys.map((key) => got.get(`${r.id}|${key}`) ?? { key, total: 0, points: [], last: null });
    });
  }

  private downsampleSummary(cacheKey: string, m: { key: string; total: number; lastStep: number; lastValue: number }, steps: ArrayLike<number>, values: ArrayLike<number>, maxPoints: number): SeriesOut {
    const points = Array.from({ length: steps.length }, (_, i) => ({ step: steps[i], value: values[i] }));
    const out = { key: m.key, total: m.total, points: lttb(points, maxPoints), last: { step: m.lastStep, value: m.lastValue } };
    remember(this.summaryCache, cacheKey, out, 3_000);
    return out;
  }

  /** A run still training (or a request for more points than a summary holds): every point, read now. */
  private async liveSeries(runId: string, wantedKeys: string[] | null, maxPoints: number): Promise<SeriesOut[]> {
    const keys = wantedKeys ?? (await this.repo.metricKeys([runId])).map((k) => k.key);
    const fetched = await this.repo.series(runId, keys);
    return keys.map((key) => {
      const { steps, values } = fetched.get(key) ?? { steps: [], values: [] };
      const points = steps.map((step, i) => ({ step, value: values[i] }));
      return { key, total: points.length, points: lttb(points, maxPoints), last: points.length ? points[points.length - 1] : null };
    });
  }

  async compare(org: OrgAccess, q: { ids: string; keys?: string; maxPoints: number }) {
    const ids = [...new Set(q.ids.split(',').map((s) => s.trim()).filter(Boolean))];
    if (ids.length < 1 || ids.length > 200) throw AppError.validation([{ path: 'ids', message: 'give 1 to 200 comma-separated run ids' }]);
    const rows = await this.repo.findMany(org.organizationId, ids);
    const missing = ids.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) throw new AppError('NOT_FOUND', `run not found: ${missing.join(', ')}`);
    const ordered = ids.map((id) => rows.find((r) => r.id === id)!);
    const wantedKeys = parseKeys(q.keys);
    const loaded = await this.seriesOfRuns(ordered, wantedKeys, q.maxPoints);
    const keys = wantedKeys ?? [...new Set(loaded.flatMap((l) => l.map((s) => s.key)))].sort();
    const series = ordered.map((r, i) => ({ runId: r.id, name: r.name, series: loaded[i].map(({ last: _last, ...s }) => s) }));
    const paramsOf = (r: RunRow) => (r.params && typeof r.params === 'object' && !Array.isArray(r.params) ? (r.params as Record<string, unknown>) : {});
    const allParams = [...new Set(ordered.flatMap((r) => Object.keys(paramsOf(r))))].sort();
    const paramDiff = allParams
      .map((name) => ({ name, values: ordered.map((r) => paramsOf(r)[name] ?? null) }))
      .filter((p) => new Set(p.values.map((v) => JSON.stringify(v))).size > 1);
    return {
      runs: ordered.map(runView),
      keys,
      series,
      paramDiff,
      params: allParams.map((name) => ({ name, values: ordered.map((r) => paramsOf(r)[name] ?? null) })),
      finalMetrics: ordered.map((r, i) => ({
        runId: r.id,
        values: Object.fromEntries(loaded[i].filter((x) => x.last).map((x) => [x.key, x.last!.value])),
        testMetrics: r.testMetrics ?? null,
      })),
    };
  }
}
