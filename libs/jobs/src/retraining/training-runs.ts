// Creating a training run that the `training.run` job will train: the checks against the dataset
// version, the JobRecord + TrainingRun rows (one transaction, the caller's) and the enqueue. One
// copy of these rules for the API's POST /runs (apps/api/src/runs) and the retraining launcher, so
// a retraining run is exactly the run a user would have started by hand.
import type { ArtifactStore } from '@meridian/artifacts';
import { newId, type Prisma, type PrismaClient } from '@meridian/db';
import { fitFactsFromProfile } from '@meridian/data-pipeline';
import { JobName, JobPayloadSchemas, specFitIssues, ZDatasetProfile, ZModelSpec, type ErrorIssue, type JobPayload, type ModelSpec } from '@meridian/domain';
import type { JobQueue } from '@meridian/queue';

type Db = PrismaClient | Prisma.TransactionClient;

export interface DatasetVersionForRun {
  id: string;
  columns: unknown;
  artifactKey: string;
  contentHash: string;
  format: string;
}

/** Column names of a dataset version: from its stored schema, else from the file's header line (CSV); null when unknown. */
export async function datasetVersionColumns(store: ArtifactStore, dv: DatasetVersionForRun): Promise<string[] | null> {
  const cols = (dv.columns as { columns?: Array<{ name: string }> } | null)?.columns;
  if (cols?.length) return cols.map((c) => c.name);
  if (dv.format !== 'CSV') return null;
  const stream = await store.getStream(dv.artifactKey, { expectedSha256: dv.contentHash });
  let head = '';
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      head += chunk.toString('utf8');
      if (head.includes('\n') || head.length > 1 << 20) break;
    }
  } finally {
    stream.destroy();
  }
  const line = head.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  const delim = [',', ';', '\t', '|'].map((d) => [d, line.split(d).length] as const).sort((a, b) => b[1] - a[1])[0][0];
  return line.split(delim).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

export interface RunDataProblem {
  issues: ErrorIssue[];
  message: string;
}

/** The label column and excluded columns must be columns of the dataset version (skipped when its columns are unknown). */
export function checkRunColumns(columns: string[] | null, run: { labelColumn: string; exclude: string[] }, datasetVersionId: string): RunDataProblem | null {
  if (!columns) return null;
  const list = (n: number) => `${columns.slice(0, n).join(', ')}${columns.length > n ? ', …' : ''}`;
  if (!columns.includes(run.labelColumn)) {
    return {
      issues: [{ path: 'labelColumn', message: `"${run.labelColumn}" is not a column of dataset version ${datasetVersionId}; its columns are: ${list(50)}` }],
      message: `Unknown label column "${run.labelColumn}": pick one of the dataset version's columns (${list(10)})`,
    };
  }
  const missing = run.exclude.filter((c) => !columns.includes(c));
  if (missing.length) {
    return {
      issues: missing.map((c) => ({ path: 'transform.exclude', message: `"${c}" is not a column of the dataset version` })),
      message: `Excluded column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} not in dataset version ${datasetVersionId}`,
    };
  }
  return null;
}

/** Parses a model spec (defaults filled in); the problem lists each issue with its path under `spec`. */
export function parseRunSpec(spec: unknown): { spec: Prisma.InputJsonValue } | { problem: RunDataProblem } {
  const parsed = ZModelSpec.safeParse(spec);
  if (!parsed.success) {
    return {
      problem: {
        issues: parsed.error.issues.map((i) => ({ path: ['spec', ...i.path.map(String)].join('.'), message: i.message })),
        message: 'The model spec is invalid; see issues for each problem and where it is',
      },
    };
  }
  return { spec: parsed.data as unknown as Prisma.InputJsonValue };
}

export interface RunFitInput {
  labelColumn: string;
  split: { fractions: [number, number, number]; stratify: boolean };
  transform: { exclude: string[]; reshape?: number[] };
}

/**
 * Does a (parsed) model spec fit the dataset version's data: the number of values per row after
 * preprocessing (feature columns after exclusions, one-hot widths), the label's classes for a
 * classifier and a numeric label for regression. The facts come from the version's stored profile
 * (fitFactsFromProfile) and the rule is the engine's own (specFitIssues, which checkDataset applies
 * in the worker), so what passes here does not fail there for its shape. A version not profiled
 * yet has no facts: null, and the worker's check stays the last word.
 */
export function checkRunSpecFits(dv: { id: string; profile: unknown }, spec: ModelSpec | null, run: RunFitInput): RunDataProblem | null {
  const parsed = ZDatasetProfile.safeParse(dv.profile);
  if (!parsed.success) return null;
  const facts = fitFactsFromProfile(parsed.data, { label: run.labelColumn, exclude: run.transform.exclude, fractions: run.split.fractions, stratify: run.split.stratify, dataName: `dataset version ${dv.id}` });
  const issues: ErrorIssue[] = [];
  if (facts.features.max === 0) {
    issues.push({ path: 'transform.exclude', message: `no usable feature columns are left: every column of dataset version ${dv.id} is the label, excluded, or free text` });
  } else if (run.transform.reshape) {
    const values = run.transform.reshape.reduce((a, b) => a * b, 1);
    if (values < facts.features.min || values > facts.features.max) {
      issues.push({ path: 'transform.reshape', message: `[${run.transform.reshape.join(', ')}] holds ${values} values but ${facts.featuresSay}` });
    }
  }
  if (spec && issues.length === 0) {
    for (const i of specFitIssues(spec, facts)) issues.push({ path: `spec.${i.path}`, message: i.message });
  }
  if (!issues.length) return null;
  return { issues, message: `The run does not fit dataset version ${dv.id}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}` };
}

export interface NewTrainingRun {
  organizationId: string;
  projectId: string;
  datasetVersionId: string;
  name: string;
  preset: string | null;
  /** Already checked with parseRunSpec. */
  spec?: Prisma.InputJsonValue;
  labelColumn: string;
  split: unknown;
  transform: unknown;
  seed: number;
  epochs: number | null;
  backend: string;
  tags: string[];
  idempotencyKey?: string | null;
  createdById: string | null;
  /** Retraining runs: the launch that created the run and the champion it will be compared with. */
  retrainEventId?: string | null;
  championModelVersionId?: string | null;
}

export interface CreatedTrainingRun {
  runId: string;
  jobId: string;
  payload: JobPayload<typeof JobName.TrainingRun>;
}

/**
 * Writes the JobRecord and the TrainingRun (QUEUED) with `db`, which should be a transaction: a
 * failure leaves neither. Call enqueueTrainingRun after the transaction commits.
 */
export async function insertTrainingRun<T extends Prisma.TrainingRunInclude | undefined = undefined>(
  db: Db,
  run: NewTrainingRun,
  include?: T,
): Promise<CreatedTrainingRun & { row: Prisma.TrainingRunGetPayload<{ include: T }> }> {
  const runId = newId();
  const jobId = newId();
  const payload = JobPayloadSchemas[JobName.TrainingRun].parse({ jobRecordId: jobId, organizationId: run.organizationId, runId });
  await db.jobRecord.create({ data: { id: jobId, organizationId: run.organizationId, name: JobName.TrainingRun, payload, createdById: run.createdById } });
  const split = (run.split ?? {}) as Record<string, unknown>;
  const transform = (run.transform ?? {}) as Record<string, unknown>;
  const row = await db.trainingRun.create({
    data: {
      id: runId,
      organizationId: run.organizationId,
      projectId: run.projectId,
      datasetVersionId: run.datasetVersionId,
      jobRecordId: jobId,
      name: run.name,
      preset: run.preset,
      spec: run.spec,
      labelColumn: run.labelColumn,
      splitOptions: split as Prisma.InputJsonValue,
      transformOptions: transform as Prisma.InputJsonValue,
      seed: run.seed,
      epochs: run.epochs,
      backendRequested: run.backend,
      idempotencyKey: run.idempotencyKey ?? null,
      tags: run.tags,
      params: { preset: run.preset, epochs: run.epochs, seed: run.seed, backend: run.backend, labelColumn: run.labelColumn, ...split, ...transform } as Prisma.InputJsonValue,
      createdById: run.createdById,
      retrainEventId: run.retrainEventId ?? null,
      championModelVersionId: run.championModelVersionId ?? null,
    },
    include,
  });
  return { runId, jobId, payload, row: row as Prisma.TrainingRunGetPayload<{ include: T }> };
}

/** Queues `training.run` under the JobRecord's id (a repeated add is a no-op), with the retries runs use. */
export async function enqueueTrainingRun(queue: JobQueue, created: Pick<CreatedTrainingRun, 'jobId' | 'payload'>): Promise<void> {
  await queue.add(JobName.TrainingRun, created.payload, { jobId: created.jobId, attempts: 3, backoff: { type: 'fixed', delayMs: 1000 } });
}

/** Removes a run whose job could not be queued, so nothing half-made stays behind. */
export async function withdrawTrainingRun(prisma: PrismaClient, created: Pick<CreatedTrainingRun, 'runId' | 'jobId'>): Promise<void> {
  await prisma.$transaction(async (db) => {
    await db.trainingRun.deleteMany({ where: { id: created.runId } });
    await db.jobRecord.deleteMany({ where: { id: created.jobId } });
  });
}
