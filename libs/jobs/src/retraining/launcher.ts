// The one way a retraining starts, whatever caused it (a cron slot, "run now", a trigger): copy a
// template run onto the newest data, within the project's concurrency limit, at most once per
// dedupe key, and always leave a RetrainEvent saying what happened and why.
import type { ArtifactStore } from '@meridian/artifacts';
import { newId, Prisma, type PrismaClient } from '@meridian/db';
import { DEFAULT_RETRAIN_POLICY, ZRetrainCause, type ModelSpec, type RetrainCause } from '@meridian/domain';
import type { JobQueue, RunnerLogger } from '@meridian/queue';
import { checkRunColumns, checkRunSpecFits, datasetVersionColumns, enqueueTrainingRun, insertTrainingRun, parseRunSpec, withdrawTrainingRun, type NewTrainingRun } from './training-runs';

export type { RetrainCause };

export interface LaunchRequest {
  organizationId: string;
  projectId: string;
  cause: RetrainCause;
  /** Default: the newest version of `datasetId`, else of the template run's dataset. */
  datasetVersionId?: string;
  /** Train on the newest version of this dataset (a schedule's dataset); ignored when datasetVersionId is given. */
  datasetId?: string;
  /** Default: the run behind the project's champion (else production, else the latest SUCCEEDED run). */
  templateRunId?: string;
  /** Same key twice in a project → one event, one run (e.g. `trigger:<id>:dv:<dvId>`, `schedule:<id>:<slot ISO>`). */
  dedupeKey: string;
}

export type LaunchResult =
  | { status: 'STARTED'; eventId: string; runId: string }
  /** Not started by rule: concurrency limit, no template run, no dataset version... (reason = the event's message). */
  | { status: 'SKIPPED'; eventId: string; reason: string }
  /** The key was launched before: the earlier event (duplicateOfId) holds its outcome. */
  | { status: 'DUPLICATE'; eventId: string; duplicateOfId: string }
  /** Could not start: the template does not fit the data, or the queue was down. The key stays free, so a retry may launch. */
  | { status: 'FAILED'; eventId: string; reason: string };

/** The request itself is wrong (unknown project, malformed cause): nothing is recorded, the caller must fix it. */
export class LaunchRequestError extends Error {
  override name = 'LaunchRequestError';
  constructor(
    message: string,
    readonly code: 'NOT_FOUND' | 'VALIDATION_FAILED',
  ) {
    super(message);
  }
}

const ACTIVE_RUN_STATUSES = ['QUEUED', 'RUNNING'] as const;
const RUN_FOR_TEMPLATE = { datasetVersion: { select: { id: true, datasetId: true } } } as const;
type TemplateRun = Prisma.TrainingRunGetPayload<{ include: typeof RUN_FOR_TEMPLATE }>;

interface Plan {
  template: TemplateRun;
  templateSource: string;
  dv: { id: string; version: number; fileName: string; datasetId: string; datasetName: string };
  run: Omit<NewTrainingRun, 'retrainEventId' | 'championModelVersionId'>;
  championModelVersionId: string | null;
}

type Outcome = { kind: 'plan'; plan: Plan } | { kind: 'skip'; reason: string } | { kind: 'fail'; reason: string };

function causeLabel(cause: RetrainCause): string {
  switch (cause.kind) {
    case 'SCHEDULE':
      return `schedule slot ${cause.scheduledFor}`;
    case 'MANUAL':
      return 'run now';
    case 'DATASET_VERSION':
      return 'new dataset version';
    case 'METRIC_THRESHOLD':
      return `${cause.metric} ${cause.value} crossed ${cause.threshold}`;
    case 'DRIFT':
      return `drift ${cause.score} over ${cause.threshold}`;
    case 'SATISFACTION':
      return `${cause.signal} ${cause.value} crossed ${cause.threshold}`;
  }
}

export class RetrainingLauncher {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly queue: JobQueue,
    private readonly store: ArtifactStore,
    private readonly logger?: Pick<RunnerLogger, 'warn' | 'error'>,
  ) {}

  async launch(req: LaunchRequest): Promise<LaunchResult> {
    const cause = this.checkRequest(req);
    const project = await this.prisma.project.findFirst({ where: { id: req.projectId, organizationId: req.organizationId }, select: { id: true } });
    if (!project) throw new LaunchRequestError(`Project ${req.projectId} does not exist in organisation ${req.organizationId}.`, 'NOT_FOUND');

    // Fast path for a repeat (a retried trigger, a redelivered schedule job): no planning needed.
    const earlier = await this.findByKey(req.projectId, req.dedupeKey);
    if (earlier) return this.recordDuplicate(req, cause, earlier);

    // Planning reads the dataset's header from the artifact store: outside the transaction.
    const outcome = await this.plan(req);

    const decided = await this.prisma.$transaction(
      async (db) => {
        // One launch per project at a time: the duplicate check and the concurrency count below
        // would otherwise race with a concurrent launch (two API replicas, a trigger and a schedule).
        await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`meridian.retrain:${req.projectId}`}, 0))`;
        const dup = await db.retrainEvent.findUnique({ where: { projectId_dedupeKey: { projectId: req.projectId, dedupeKey: req.dedupeKey } }, select: { id: true, status: true } });
        if (dup) return { kind: 'duplicate' as const, earlier: dup };
        if (outcome.kind === 'skip') return { kind: 'event' as const, event: await this.writeEvent(db, req, cause, 'SKIPPED', outcome.reason, req.dedupeKey) };
        if (outcome.kind === 'fail') return { kind: 'event' as const, event: await this.writeEvent(db, req, cause, 'FAILED', outcome.reason, null) };
        const policy = await db.retrainPolicy.findUnique({ where: { projectId: req.projectId }, select: { maxConcurrent: true } });
        const limit = policy?.maxConcurrent ?? DEFAULT_RETRAIN_POLICY.maxConcurrent;
        const active = await db.trainingRun.findMany({
          where: { projectId: req.projectId, retrainEventId: { not: null }, status: { in: [...ACTIVE_RUN_STATUSES] } },
          select: { id: true },
          orderBy: { createdAt: 'asc' },
          take: limit,
        });
        if (active.length >= limit) {
          const reason = `Not started: ${active.length} retraining run${active.length > 1 ? 's are' : ' is'} already queued or running in this project (${active.map((r) => r.id).join(', ')}) and the policy allows ${limit} at a time; raise maxConcurrent in the retraining policy or wait for it to finish.`;
          return { kind: 'event' as const, event: await this.writeEvent(db, req, cause, 'SKIPPED', reason, req.dedupeKey) };
        }
        const { plan } = outcome;
        const message = `Started run "${plan.run.name}" from ${plan.templateSource} on dataset "${plan.dv.datasetName}" version ${plan.dv.version} (${causeLabel(cause)}).`;
        const event = await this.writeEvent(db, req, cause, 'STARTED', message, req.dedupeKey);
        const created = await insertTrainingRun(db, { ...plan.run, retrainEventId: event.id, championModelVersionId: plan.championModelVersionId });
        await db.retrainEvent.update({ where: { id: event.id }, data: { runId: created.runId } });
        return { kind: 'started' as const, event, created };
      },
      { maxWait: 10_000, timeout: 20_000 },
    ).catch(async (e: unknown) => {
      // Unique (projectId, dedupeKey): a launch in another process won between our check and insert.
      if (isUniqueViolation(e)) {
        const dup = await this.findByKey(req.projectId, req.dedupeKey);
        if (dup) return { kind: 'duplicate' as const, earlier: dup };
      }
      throw e;
    });

    if (decided.kind === 'duplicate') return this.recordDuplicate(req, cause, decided.earlier);
    if (decided.kind === 'event') {
      const { event } = decided;
      return event.status === 'SKIPPED' ? { status: 'SKIPPED', eventId: event.id, reason: event.message } : { status: 'FAILED', eventId: event.id, reason: event.message };
    }
    const { event, created } = decided;
    try {
      await enqueueTrainingRun(this.queue, created);
    } catch (e) {
      // The run cannot train without its job: remove it, keep the event as FAILED (key released so a retry may launch).
      this.logger?.error('retraining: could not queue the training run', { runId: created.runId, eventId: event.id, error: (e as Error).message });
      await withdrawTrainingRun(this.prisma, created).catch(() => undefined);
      const reason = `Not started: the job queue did not accept the training run (${(e as Error).message}); the launch can be retried.`;
      await this.prisma.retrainEvent.update({ where: { id: event.id }, data: { status: 'FAILED', message: reason, runId: null, dedupeKey: null } });
      return { status: 'FAILED', eventId: event.id, reason };
    }
    return { status: 'STARTED', eventId: event.id, runId: created.runId };
  }

  /**
   * Records a decision not to launch (e.g. cron slots missed while nothing ran, under the SKIP
   * catch-up policy) as a SKIPPED event, once per dedupe key. Returns the event id.
   */
  async recordSkipped(req: LaunchRequest, reason: string): Promise<{ eventId: string; created: boolean }> {
    const cause = this.checkRequest(req);
    const earlier = await this.findByKey(req.projectId, req.dedupeKey);
    if (earlier) return { eventId: earlier.id, created: false };
    try {
      const event = await this.writeEvent(this.prisma, req, cause, 'SKIPPED', reason, req.dedupeKey);
      return { eventId: event.id, created: true };
    } catch (e) {
      const dup = isUniqueViolation(e) ? await this.findByKey(req.projectId, req.dedupeKey) : null;
      if (dup) return { eventId: dup.id, created: false };
      throw e;
    }
  }

  private checkRequest(req: LaunchRequest): RetrainCause {
    const parsed = ZRetrainCause.safeParse(req.cause);
    if (!parsed.success) throw new LaunchRequestError(`Invalid retrain cause: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(cause)'}: ${i.message}`).join('; ')}`, 'VALIDATION_FAILED');
    if (!req.dedupeKey || req.dedupeKey.length > 300) throw new LaunchRequestError('dedupeKey must be a non-empty string of at most 300 characters.', 'VALIDATION_FAILED');
    return parsed.data;
  }

  private findByKey(projectId: string, dedupeKey: string) {
    return this.prisma.retrainEvent.findUnique({ where: { projectId_dedupeKey: { projectId, dedupeKey } }, select: { id: true, status: true } });
  }

  private async recordDuplicate(req: LaunchRequest, cause: RetrainCause, earlier: { id: string; status: string }): Promise<LaunchResult> {
    const message = `Duplicate of event ${earlier.id} (${earlier.status}): the key "${req.dedupeKey}" was already launched; nothing new started.`;
    const event = await this.writeEvent(this.prisma, req, cause, 'DUPLICATE', message, null, earlier.id);
    return { status: 'DUPLICATE', eventId: event.id, duplicateOfId: earlier.id };
  }

  private writeEvent(
    db: PrismaClient | Prisma.TransactionClient,
    req: LaunchRequest,
    cause: RetrainCause,
    status: 'STARTED' | 'SKIPPED' | 'DUPLICATE' | 'FAILED',
    message: string,
    dedupeKey: string | null,
    duplicateOfId: string | null = null,
  ) {
    return db.retrainEvent.create({
      data: {
        id: newId(),
        organizationId: req.organizationId,
        projectId: req.projectId,
        scheduleId: 'scheduleId' in cause ? cause.scheduleId : null,
        triggerId: 'triggerId' in cause ? cause.triggerId : null,
        cause: { ...cause, dedupeKey: req.dedupeKey } as unknown as Prisma.InputJsonValue,
        causeKind: cause.kind,
        status,
        message,
        dedupeKey,
        duplicateOfId,
        scheduledFor: cause.kind === 'SCHEDULE' ? new Date(cause.scheduledFor) : null,
        createdById: cause.kind === 'MANUAL' ? cause.userId : null,
      },
      select: { id: true, status: true, message: true },
    });
  }

  /** Picks the template run and dataset version and checks they fit, as POST /runs would. */
  private async plan(req: LaunchRequest): Promise<Outcome> {
    const { organizationId, projectId } = req;
    const aliases = await this.prisma.modelAlias.findMany({
      where: { projectId, alias: { in: ['champion', 'production'] } },
      select: { alias: true, modelVersion: { select: { id: true, version: true, runId: true } } },
    });
    const champion = aliases.find((a) => a.alias === 'champion') ?? aliases.find((a) => a.alias === 'production') ?? null;

    let template: TemplateRun | null = null;
    let templateSource: string;
    if (req.templateRunId) {
      template = await this.prisma.trainingRun.findFirst({ where: { id: req.templateRunId, organizationId, projectId }, include: RUN_FOR_TEMPLATE });
      if (!template) return { kind: 'skip', reason: `Not started: template run ${req.templateRunId} does not exist in this project (deleted?); pick another template run.` };
      templateSource = `template run "${template.name}"`;
    } else if (champion) {
      template = await this.prisma.trainingRun.findFirst({ where: { id: champion.modelVersion.runId, organizationId }, include: RUN_FOR_TEMPLATE });
      templateSource = `the ${champion.alias}'s run (model version ${champion.modelVersion.version})`;
    } else {
      template = await this.prisma.trainingRun.findFirst({
        where: { organizationId, projectId, status: 'SUCCEEDED', external: false, labelColumn: { not: null } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        include: RUN_FOR_TEMPLATE,
      });
      templateSource = template ? `the latest successful run "${template?.name}"` : '';
    }
    if (!template) return { kind: 'skip', reason: 'Not started: the project has no successful training run to copy (no champion, no production model, no SUCCEEDED run); train a model first or choose a template run.' };
    if (template.external) return { kind: 'skip', reason: `Not started: ${templateSource} is an external run (trained elsewhere); only runs trained here can be repeated. Choose a template run.` };
    if (!template.labelColumn || (!template.preset && !template.spec)) {
      return { kind: 'skip', reason: `Not started: ${templateSource} has no label column or model (preset/spec) to repeat; choose another template run.` };
    }

    let dv: (Prisma.DatasetVersionGetPayload<{ include: { dataset: { select: { id: true; name: true; projectId: true } } } }>) | null = null;
    const include = { dataset: { select: { id: true, name: true, projectId: true } } } as const;
    if (req.datasetVersionId) {
      dv = await this.prisma.datasetVersion.findFirst({ where: { id: req.datasetVersionId, organizationId }, include });
      if (!dv) return { kind: 'skip', reason: `Not started: dataset version ${req.datasetVersionId} does not exist (deleted?).` };
    } else {
      const datasetId = req.datasetId ?? template.datasetVersion?.datasetId ?? null;
      if (!datasetId) return { kind: 'skip', reason: `Not started: ${templateSource} has no dataset version (deleted?) and no dataset was chosen; set the schedule's dataset.` };
      dv = await this.prisma.datasetVersion.findFirst({ where: { datasetId, organizationId }, orderBy: { version: 'desc' }, include });
      if (!dv) return { kind: 'skip', reason: `Not started: dataset ${datasetId} has no version to train on; upload one.` };
    }
    if (dv.dataset.projectId !== projectId) return { kind: 'skip', reason: `Not started: dataset "${dv.dataset.name}" belongs to another project; retraining trains on this project's data only.` };

    const labelColumn = template.labelColumn;
    const transform = (template.transformOptions ?? {}) as { exclude?: string[] };
    let columns: string[] | null;
    try {
      columns = await datasetVersionColumns(this.store, dv);
    } catch (e) {
      return { kind: 'fail', reason: `Not started: the file of dataset "${dv.dataset.name}" version ${dv.version} could not be read (${(e as Error).message}).` };
    }
    const problem = checkRunColumns(columns, { labelColumn, exclude: transform.exclude ?? [] }, dv.id);
    if (problem) {
      return { kind: 'fail', reason: `Not started: ${templateSource} does not fit dataset "${dv.dataset.name}" version ${dv.version}: ${problem.issues.map((i) => i.message).join('; ')}.` };
    }
    let spec: Prisma.InputJsonValue | undefined;
    if (template.spec) {
      const parsed = parseRunSpec(template.spec);
      if ('problem' in parsed) return { kind: 'fail', reason: `Not started: the model spec of ${templateSource} is no longer valid: ${parsed.problem.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.` };
      spec = parsed.spec;
    }
    // The same fit check as POST /runs (input size, output units, label kind against the profile).
    const split = { fractions: [0.8, 0.1, 0.1] as [number, number, number], stratify: true, ...(template.splitOptions as object | null) };
    const misfit = checkRunSpecFits(dv, (spec as unknown as ModelSpec | undefined) ?? null, { labelColumn, split, transform: { exclude: transform.exclude ?? [], ...(template.transformOptions as object | null) } });
    if (misfit) return { kind: 'fail', reason: `Not started: ${templateSource} does not fit dataset "${dv.dataset.name}" version ${dv.version}: ${misfit.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.` };
    const model = template.preset ?? (template.spec as { name?: string } | null)?.name ?? 'custom';
    const createdById = req.cause.kind === 'MANUAL' ? req.cause.userId : null;
    return {
      kind: 'plan',
      plan: {
        template,
        templateSource,
        dv: { id: dv.id, version: dv.version, fileName: dv.fileName, datasetId: dv.dataset.id, datasetName: dv.dataset.name },
        championModelVersionId: champion?.modelVersion.id ?? null,
        run: {
          organizationId,
          projectId,
          datasetVersionId: dv.id,
          name: `Retrain ${model} on ${dv.fileName} v${dv.version}`.slice(0, 200),
          preset: template.preset,
          spec,
          labelColumn,
          split: template.splitOptions,
          transform: template.transformOptions,
          seed: template.seed,
          epochs: template.epochs,
          backend: template.backendRequested,
          tags: [...new Set(['retraining', req.cause.kind.toLowerCase().replace(/_/g, '-'), ...template.tags.filter((t) => t !== 'retraining')])].slice(0, 20),
          createdById,
        },
      },
    };
  }
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';
}
