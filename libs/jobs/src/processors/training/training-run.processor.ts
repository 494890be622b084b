// training.run: trains one TrainingRun in a worker thread (the queue's lock renewals stay on this
// event loop), writes its metrics in batches (one row per run/key/step, so a redone epoch after a
// retry writes nothing twice), checkpoints every epoch to the artifact store, resumes from the
// last checkpoint on a retry, and on success registers a ModelVersion with its lineage. Its log
// lines (backend, epochs, resume, early stop, cancel, failure) go to RunLog (run-log.ts), and once
// the run can no longer be resumed its checkpoints are deleted (cleanup.ts). The compute cost is
// written in the organisation's book currency (cost.ts).
import { mkdir, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Inject, Optional } from '@nestjs/common';
import type { ArtifactStore } from '@meridian/artifacts';
import { newId, Prisma, type Database } from '@meridian/db';
import { JobName, runStatusesAllowing, type JobPayload, type JobStatus } from '@meridian/domain';
import { PermanentJobError, type JobContext, type JobQueue } from '@meridian/queue';
import { JobProcessor, type JobProcessorHandler } from '../../processor';
import { JOBS_DATABASE, JOBS_QUEUE } from '../../tokens';
import { runInWorkerThread } from '../../worker-thread';
import { queueRetrainComparison } from '../compare/queue-comparison';
import { checkpointKey, discardRunArtifacts, modelPackKey } from './cleanup';
import { formatCostMinor, runCostCurrency, runCostMinor } from './cost';
import { packFiles, unpackDir } from './pack';
import { RunEventBus } from './run-events';
import { formatEpochValues, RunLogWriter, writeRunLogRows } from './run-log';
import type { TrainThreadInput, TrainThreadMessage, TrainThreadResult } from './train-thread';
import { JOBS_ARTIFACTS, trainingSettingsFromEnv, type TrainingSettings } from './settings';

const THREAD_MODULE = join(__dirname, `train-thread${extname(__filename)}`);

interface MetricRow {
  runId: string;
  key: string;
  step: number;
  value: number;
  time: Date;
}

@JobProcessor(JobName.TrainingRun)
export class TrainingRunProcessor implements JobProcessorHandler<typeof JobName.TrainingRun> {
  private readonly settings: TrainingSettings;
  private readonly events: RunEventBus;

  constructor(
    @Inject(JOBS_DATABASE) private readonly db: Database,
    @Inject(JOBS_QUEUE) private readonly queue: JobQueue,
    @Optional() @Inject(JOBS_ARTIFACTS) private readonly artifacts: ArtifactStore | null,
  ) {
    this.settings = trainingSettingsFromEnv(process.env);
    // Live updates go over the queue's channel: Redis pub/sub reaches the API from a worker process.
    this.events = new RunEventBus(this.queue.events);
  }

  async handle(ctx: JobContext<JobPayload<typeof JobName.TrainingRun>>): Promise<unknown> {
    const { runId, organizationId } = ctx.payload;
    const prisma = this.db.prisma;
    const store = this.artifacts;
    if (!store) throw new PermanentJobError('No artifact store is configured for the job processors (ARTIFACTS_DIR or ARTIFACTS_S3_BUCKET).');
    const run = await prisma.trainingRun.findFirst({ where: { id: runId, organizationId } });
    if (!run) throw new PermanentJobError(`Training run ${runId} does not exist in organisation ${organizationId}.`);
    if (run.status === 'SUCCEEDED' && run.retrainEventId) {
      // Redelivered after a crash between registering the model and queueing its comparison (champ's
      // hook below): queue it now. Idempotent per run, so a comparison already queued is not doubled.
      const mv = await prisma.modelVersion.findUnique({ where: { runId }, select: { id: true } });
      if (mv) await queueRetrainComparison(prisma, this.queue, { organizationId, runId, modelVersionId: mv.id }, (m) => ctx.log(m));
    }
    if (run.status === 'SUCCEEDED' || run.status === 'CANCELLED' || run.status === 'FAILED') {
      // Redelivered after the run ended (e.g. a crash before the clean-up below finished): nothing
      // will resume it, so whatever checkpoints are left go now.
      await this.discard(runId, (m) => ctx.log(m));
      return { runId, status: run.status };
    }
    const started = await prisma.trainingRun.updateMany({
      where: { id: runId, status: { in: runStatusesAllowing('RUNNING') } },
      data: { status: 'RUNNING', startedAt: run.startedAt ?? new Date(), error: null },
    });
    if (started.count === 0) {
      await this.discard(runId, (m) => ctx.log(m));
      return { runId, status: 'CANCELLED' };
    }
    this.publishStatus(runId, 'RUNNING', run.progress, run.epochsDone, null);
    const log = await RunLogWriter.open(prisma, { runId, attempt: ctx.attempt, events: this.events, echo: (m) => ctx.log(m) });
    log.info(`attempt ${ctx.attempt} of ${ctx.maxAttempts} started (asked for the ${run.backendRequested} backend${run.epochs ? `, ${run.epochs} epochs` : ''})`);
    await log.flushQuietly();

    const work = join(this.settings.workDir, `${runId}-${ctx.attempt}-${process.pid}`);
    const checkpointDir = join(work, 'checkpoints');
    await mkdir(checkpointDir, { recursive: true });
    const attemptStart = Date.now();
    // CPU time adds up over attempts: a retry starts from what earlier attempts recorded per epoch.
    const cpuBeforeAttempt = run.cpuTimeMs ?? 0;
    // Messages from the training thread are handled strictly in order on this chain; the catch below
    // waits for it, so no checkpoint lands after a cancelled or failed run was cleaned up.
    let chain: Promise<void> = Promise.resolve();
    // Set once the attempt is ending: messages the thread posted before it was stopped are dropped.
    let stopped = false;
    let epochsTotal = run.epochs ?? 0;
    try {
      if (!run.datasetVersionId || !run.labelColumn) throw new PermanentJobError(`Training run ${runId} has no dataset version or label column.`);
      const dv = await prisma.datasetVersion.findFirst({ where: { id: run.datasetVersionId, organizationId } });
      if (!dv) throw new PermanentJobError(`Dataset version ${run.datasetVersionId} no longer exists; start a new run on another version.`);
      const ext = dv.format === 'JSONL' ? '.jsonl' : '.csv';
      const datasetPath = join(work, `data${ext}`);
      await store.downloadToFile(dv.artifactKey, datasetPath, { expectedSha256: dv.contentHash });

      // A retry resumes from the newest checkpoint a previous attempt recorded.
      const last = await prisma.checkpoint.findFirst({ where: { runId }, orderBy: { epoch: 'desc' } });
      let resume = false;
      if (last) {
        await unpackDir(await store.getBuffer(last.artifactKey), checkpointDir);
        resume = true;
        log.info(`resuming from the checkpoint after epoch ${last.epoch}`);
        await log.flushQuietly();
      }

      const split = (run.splitOptions ?? {}) as Partial<TrainThreadInput['split']>;
      const transform = (run.transformOptions ?? {}) as Partial<TrainThreadInput['transform']>;
      const input: TrainThreadInput = {
        datasetPath,
        labelColumn: run.labelColumn,
        preset: run.preset,
        spec: run.preset ? null : run.spec,
        epochs: run.epochs,
        seed: run.seed,
        split: { fractions: split.fractions ?? [0.8, 0.1, 0.1], stratify: split.stratify ?? true },
        transform: { numeric: transform.numeric ?? 'standardize', exclude: transform.exclude ?? [], reshape: transform.reshape },
        backend: run.backendRequested,
        checkpointDir,
        resume,
        batchMetricEvery: this.settings.batchMetricEvery,
      };

      // An epoch's metrics land before its checkpoint row.
      let failure: unknown = null;
      let pending: MetricRow[] = [];
      let lastProgressWrite = 0;
      let epochStarted = Date.now();
      const flush = async () => {
        if (!pending.length) return;
        const rows = pending;
        pending = [];
        await prisma.runMetric.createMany({ data: rows, skipDuplicates: true });
        this.events.publish({ type: 'metrics', runId, points: rows.map((r) => ({ key: r.key, step: r.step, value: r.value })) });
      };
      const onMessage = async (m: TrainThreadMessage) => {
        if (stopped) return;
        if (m.type === 'start') {
          await prisma.trainingRun.updateMany({
            where: { id: runId, status: 'RUNNING' },
            data: { backendUsed: m.backend, device: m.device, epochs: m.epochs, spec: m.spec as unknown as Prisma.InputJsonValue, specHash: m.specHash },
          });
          epochsTotal = m.epochs;
          epochStarted = Date.now();
          const asked = run.backendRequested === 'auto' ? 'auto' : `asked: ${run.backendRequested}`;
          log.info(`backend ${m.backend} on ${m.device} (${asked}); ${m.trainRows} training rows, ${m.epochs} epochs, spec ${m.specHash.slice(0, 12)}`);
          await log.flush();
        } else if (m.type === 'batch') {
          pending.push({ runId, key: 'batch_loss', step: m.step, value: m.loss, time: new Date() });
          if (pending.length >= 500) await flush();
          if (Date.now() - lastProgressWrite > 1000) {
            lastProgressWrite = Date.now();
            const pct = Math.round(m.fraction * 1000) / 10;
            await ctx.updateProgress(pct);
            await prisma.trainingRun.updateMany({ where: { id: runId, status: 'RUNNING' }, data: { progress: pct } });
            this.publishStatus(runId, 'RUNNING', pct, m.epoch, null);
          }
        } else {
          const now = new Date();
          for (const [key, value] of Object.entries(m.values)) pending.push({ runId, key, step: m.epoch + 1, value, time: now });
          await flush();
          const epoch = m.epoch + 1;
          const key = checkpointKey(runId, epoch);
          await store.put(key, m.checkpoint);
          log.info(`epoch ${epoch}${epochsTotal ? `/${epochsTotal}` : ''}: ${formatEpochValues(m.values)} (${((Date.now() - epochStarted) / 1000).toFixed(1)} s)`);
          epochStarted = Date.now();
          // The epoch's checkpoint row, its log lines and epochsDone commit together: an attempt that
          // resumes from this checkpoint does not redo the epoch, so its line is written exactly once.
          const rows = log.take();
          const kept = await prisma
            .$transaction(async (tx) => {
              const moved = await tx.trainingRun.updateMany({ where: { id: runId, status: 'RUNNING' }, data: { epochsDone: epoch, cpuTimeMs: cpuBeforeAttempt + m.cpuMs } });
              // Cancelled meanwhile: no checkpoint row for a run nobody resumes (clean-up deletes the object).
              if (moved.count === 0) return false;
              await tx.checkpoint.upsert({
                where: { runId_epoch: { runId, epoch } },
                create: { id: newId(), runId, epoch, artifactKey: key },
                update: { artifactKey: key },
              });
              await writeRunLogRows(tx, rows);
              return true;
            })
            .catch((e: unknown) => {
              log.putBack(rows);
              throw e;
            });
          if (!kept) {
            // Cancelled while this epoch ran: its object has no row and will never be resumed from.
            log.putBack(rows);
            await store.delete(key);
            return;
          }
          log.written(rows);
          this.publishStatus(runId, 'RUNNING', -1, epoch, null);
        }
      };
      const result = await runInWorkerThread<TrainThreadInput, TrainThreadResult>(THREAD_MODULE, input, {
        signal: ctx.signal,
        onMessage: (msg) => {
          chain = chain.then(() => onMessage(msg as TrainThreadMessage)).catch((e: unknown) => {
            failure ??= e;
          });
        },
      });
      await chain;
      if (failure) throw failure;
      await flush();
      if (result.stoppedEarly) {
        log.info(`stopped early after epoch ${result.epochsCompleted}${epochsTotal ? ` of ${epochsTotal}` : ''}: no improvement${result.bestEpoch !== null ? `; keeping the weights of epoch ${result.bestEpoch + 1}` : ''}`);
      }

      const modelKey = modelPackKey(runId);
      await store.put(modelKey, await packFiles(result.files));
      const fresh = await prisma.trainingRun.findUniqueOrThrow({ where: { id: runId } });
      const wallTimeMs = Date.now() - (fresh.startedAt ?? new Date(attemptStart)).getTime();
      const backend = result.backend in this.settings.ratesMinorPerHour ? result.backend : 'cpu';
      const cpuTimeMs = cpuBeforeAttempt + result.cpuMs;
      // The JS and wasm backends compute on the training thread itself, so they are billed for the
      // CPU that thread used (its own clock: other jobs in this process are not counted). tfjs-node
      // computes in its own native thread pool and a GPU holds its device for the whole run, so
      // those are billed on wall time, as is any run measured with a process-wide clock only.
      const threadBound = (result.backend === 'wasm' || result.backend === 'cpu') && result.cpuScope === 'thread';
      const billedMs = threadBound ? cpuTimeMs : wallTimeMs;
      const costMinor = runCostMinor(billedMs, this.settings.ratesMinorPerHour[backend]);
      const testMetrics = result.report as unknown as Prisma.InputJsonValue;
      const billing = `${(billedMs / 1000).toFixed(1)} s of ${threadBound ? 'training-thread CPU' : 'wall time'}`;
      const registered = await this.registerModel(fresh.projectId, organizationId, runId, fresh.datasetVersionId, result, modelKey, wallTimeMs, cpuTimeMs, costMinor, billing, testMetrics);
      if (!registered) {
        // Cancelled after the model was packed: the pack belongs to no ModelVersion; it goes with the checkpoints.
        await this.discard(runId, (m) => ctx.log(m));
        log.warn('cancelled before the trained model was registered; the model pack and checkpoints are deleted');
        await log.flushQuietly();
        this.publishStatus(runId, 'CANCELLED', -1, -1, null);
        return { runId, status: 'CANCELLED' };
      }
      const { modelVersionId, version, currency } = registered;
      const report = result.report;
      const score = report.task === 'regression' ? `test RMSE ${report.rmse.toFixed(4)}` : `test accuracy ${report.accuracy.toFixed(4)}`;
      log.info(`succeeded after ${result.epochsCompleted} epochs, ${score}; registered as model version ${version}; compute ${billing} on ${result.backend}, cost ${formatCostMinor(costMinor, currency)}`);
      await log.flushQuietly();
      // The model is packed and registered: nothing resumes this run any more.
      await this.discard(runId, (m) => ctx.log(m));
      // ---- champ (issue 4): a retraining run's model is a challenger. Compare it with the champion on
      // the same test rows (model.compare, libs/jobs/src/processors/compare); one comparison per run,
      // and a failure to queue it is logged, never fails the run.
      if (fresh.retrainEventId) await queueRetrainComparison(prisma, this.queue, { organizationId, runId, modelVersionId }, (m) => ctx.log(m));
      // ---- end champ ----
      this.publishStatus(runId, 'SUCCEEDED', 100, result.epochsCompleted, null);
      return { runId, modelVersionId, epochsCompleted: result.epochsCompleted, resumedFromEpoch: result.resumedFromEpoch, cpu: { ms: cpuTimeMs, scope: result.cpuScope, source: result.cpuSource, billedMs } };
    } catch (err) {
      // Let the messages already in hand finish (a checkpoint being written) before deciding what stays.
      stopped = true;
      await chain.catch(() => undefined);
      const now = await prisma.trainingRun.findUnique({ where: { id: runId }, select: { status: true, epochsDone: true } });
      if (now?.status === 'CANCELLED') {
        await prisma.trainingRun.updateMany({ where: { id: runId, status: 'CANCELLED', finishedAt: null }, data: { finishedAt: new Date() } });
        await this.discard(runId, (m) => ctx.log(m));
        log.warn(`cancelled after epoch ${now.epochsDone}${epochsTotal ? ` of ${epochsTotal}` : ''}; its checkpoints are deleted`);
        await log.flushQuietly();
        this.publishStatus(runId, 'CANCELLED', -1, -1, null);
        throw err;
      }
      const message = err instanceof Error ? err.message : String(err);
      const final = err instanceof PermanentJobError || isDataError(err) || ctx.attempt >= ctx.maxAttempts;
      const to: JobStatus = final ? 'FAILED' : 'QUEUED';
      await prisma.trainingRun.updateMany({
        where: { id: runId, status: { in: runStatusesAllowing(to) } },
        data: final ? { status: 'FAILED', error: message.slice(0, 2000), finishedAt: new Date() } : { status: 'QUEUED', error: `attempt ${ctx.attempt} failed: ${message}`.slice(0, 2000) },
      });
      const kept = now?.epochsDone ? `the checkpoint after epoch ${now.epochsDone}` : 'the start';
      log.error(final ? `failed: ${message}` : `attempt ${ctx.attempt} of ${ctx.maxAttempts} failed: ${message}; the next attempt resumes from ${kept}`);
      await log.flushQuietly();
      // Failed for good: no attempt will resume it. Before that the checkpoints are what a retry resumes from.
      if (final) await this.discard(runId, (m) => ctx.log(m));
      this.publishStatus(runId, to, -1, -1, message);
      if (isDataError(err) && !(err instanceof PermanentJobError)) throw new PermanentJobError(message);
      throw err;
    } finally {
      await rm(work, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private async registerModel(
    projectId: string,
    organizationId: string,
    runId: string,
    datasetVersionId: string | null,
    result: TrainThreadResult,
    artifactKey: string,
    wallTimeMs: number,
    cpuTimeMs: number,
    costMinor: number,
    billing: string,
    testMetrics: Prisma.InputJsonValue,
  ): Promise<{ modelVersionId: string; version: number; currency: string } | null> {
    const prisma = this.db.prisma;
    // Version numbers are per project; two runs finishing together race for the next number.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        return await prisma.$transaction(async (tx) => {
          const existing = await tx.modelVersion.findUnique({ where: { runId } });
          // Read in the transaction that writes the entry: the first money row of an organisation sets its books.
          const currency = await runCostCurrency(tx, organizationId, this.settings.currency);
          const done = await tx.trainingRun.updateMany({
            where: { id: runId, status: { in: runStatusesAllowing('SUCCEEDED') } },
            data: {
              status: 'SUCCEEDED',
              progress: 100,
              epochsDone: result.epochsCompleted,
              backendUsed: result.backend,
              device: result.device,
              wallTimeMs,
              cpuTimeMs,
              costMinor,
              costCurrency: currency,
              testMetrics,
              finishedAt: new Date(),
              error: null,
            },
          });
          if (done.count === 0) return null;
          // The compute cost joins the project's costs (finance reads it); one entry per run.
          if (costMinor > 0) {
            await tx.costEntry.createMany({
              data: [{ id: newId(), organizationId, projectId, date: new Date(new Date().toISOString().slice(0, 10)), category: 'COMPUTE', source: 'COMPUTE', amountMinor: BigInt(costMinor), currency, description: `Training run ${runId} (${result.backend}, ${billing})`, externalRef: `run:${runId}` }],
              skipDuplicates: true,
            });
          }
          if (existing) return { modelVersionId: existing.id, version: existing.version, currency };
          const max = await tx.modelVersion.aggregate({ where: { projectId }, _max: { version: true } });
          const mv = await tx.modelVersion.create({
            data: {
              id: newId(),
              organizationId,
              projectId,
              runId,
              datasetVersionId,
              version: (max._max.version ?? 0) + 1,
              specHash: result.specHash,
              preprocessing: result.preprocessing as unknown as Prisma.InputJsonValue,
              inputSchema: result.inputSchema as unknown as Prisma.InputJsonValue,
              testMetrics,
              artifactKey,
            },
          });
          return { modelVersionId: mv.id, version: mv.version, currency };
        });
      } catch (e) {
        if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002' && attempt < 4) continue;
        throw e;
      }
    }
    return null;
  }

  /** Checkpoints and an unregistered model pack of a run that will not resume; a failure is logged, never thrown. */
  private async discard(runId: string, note: (m: string) => void): Promise<void> {
    if (!this.artifacts) return;
    try {
      const gone = await discardRunArtifacts(this.db.prisma, this.artifacts, runId);
      if (gone.checkpoints) note(`deleted ${gone.checkpoints} checkpoint(s) of run ${runId}`);
    } catch (e) {
      note(`could not delete the checkpoints of run ${runId} (a redelivery retries): ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private publishStatus(runId: string, status: JobStatus, progress: number, epochsDone: number, error: string | null) {
    // Called only after the change is committed, so a listener that reads the row sees it.
    this.events.publish({ type: 'status', runId, status, progress, epochsDone, error });
  }
}

/** Errors from the data pipeline or engine about the data or spec: a retry would fail the same way. */
function isDataError(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : '';
  return /DataError|EngineError|unknown column|INVALID_SPEC|is invalid|does not fit/i.test(msg) || (err instanceof Error && (err.name === 'DataError' || err.name === 'EngineError'));
}
