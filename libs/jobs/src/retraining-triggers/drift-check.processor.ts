// retraining.drift-check: once a new dataset version is profiled, compares it with the training
// dataset version of the production (else champion) model for one DRIFT trigger, stores the drift
// report on the trigger's check, launches retraining when the score is above the threshold and
// raises a TECHNICAL risk for drift on a production model. Queued by the API when the version is
// uploaded; while the profile is still running the job fails softly and the queue retries it.
import { Inject } from '@nestjs/common';
import type { ArtifactStore } from '@meridian/artifacts';
import type { Database } from '@meridian/db';
import { JobName, type JobPayload, type TriggerEvaluation } from '@meridian/domain';
import type { JobContext } from '@meridian/queue';
import { JobProcessor, type JobProcessorHandler } from '../processor';
import { WorkerThreadError } from '../worker-thread';
import { RetrainingLauncher } from '../retraining/launcher';
import { JOBS_ARTIFACTS, JOBS_DATABASE } from '../tokens';
import { computeDatasetDrift, DriftInputError } from './drift';
import { prismaRiskSink, RetrainTriggerEngine } from './engine';

/** Retries while the profile runs: exponential from 2 s, 12 tries ≈ 2 hours before giving up. */
export const DRIFT_CHECK_RETRY = { attempts: 12, backoff: { type: 'exponential' as const, delayMs: 2_000 } };

export class ProfileNotReadyError extends Error {
  override name = 'ProfileNotReadyError';
}

export type DriftCheckResult = { status: 'DONE'; evaluation: TriggerEvaluation } | { status: 'SKIPPED'; reason: string };

@JobProcessor(JobName.RetrainingDriftCheck)
export class RetrainingDriftCheckProcessor implements JobProcessorHandler<typeof JobName.RetrainingDriftCheck> {
  constructor(
    @Inject(JOBS_DATABASE) private readonly db: Database,
    @Inject(JOBS_ARTIFACTS) private readonly artifacts: ArtifactStore,
    @Inject(RetrainingLauncher) private readonly launcher: RetrainingLauncher,
  ) {}

  async handle(ctx: JobContext<JobPayload<typeof JobName.RetrainingDriftCheck>>): Promise<DriftCheckResult> {
    const { organizationId, triggerId, datasetVersionId } = ctx.payload;
    const prisma = this.db.prisma;
    const trigger = await prisma.retrainTrigger.findFirst({ where: { id: triggerId, organizationId } });
    if (!trigger) return { status: 'SKIPPED', reason: `trigger ${triggerId} was deleted` };
    if (!trigger.enabled) return { status: 'SKIPPED', reason: `trigger "${trigger.name}" is disabled` };
    const dv = await prisma.datasetVersion.findFirst({ where: { id: datasetVersionId, organizationId }, select: { profileStatus: true, profileError: true, version: true } });
    if (!dv) return { status: 'SKIPPED', reason: `dataset version ${datasetVersionId} was deleted` };
    if (dv.profileStatus === 'PENDING' || dv.profileStatus === 'RUNNING') {
      // Not a failure of ours: the queue's backoff is the wait (a slot is not held while profiling runs).
      throw new ProfileNotReadyError(`waiting for dataset version ${dv.version} to be profiled (${dv.profileStatus.toLowerCase()})`);
    }
    const logger = { warn: (m: string, meta?: object) => ctx.log(`${m} ${meta ? JSON.stringify(meta) : ''}`) };
    const engine = new RetrainTriggerEngine(prisma, this.launcher, prismaRiskSink(prisma), logger);
    const profileFailed = dv.profileStatus === 'FAILED' ? `version ${dv.version} could not be profiled (${dv.profileError ?? 'unknown error'}); upload a corrected file` : null;
    const evaluation = await engine.evaluateDrift(
      trigger,
      datasetVersionId,
      async (baselineId, currentId, cfg) => {
        if (profileFailed) throw new DriftInputError(profileFailed);
        await ctx.updateProgress(30);
        return computeDatasetDrift(prisma, this.artifacts, organizationId, baselineId, currentId, cfg, ctx.signal);
      },
      {
        fire: true,
        // Bad data (the reader's message from the thread, versions that cannot be compared) is recorded
        // as the check's outcome; anything else (shutdown, store unreachable) is retried while tries remain.
        retryable: (e) => ctx.signal.aborted || (!(e instanceof WorkerThreadError) && !(e instanceof DriftInputError) && ctx.attempt < ctx.maxAttempts),
      },
    );
    ctx.log(`drift check of trigger ${triggerId} on ${datasetVersionId}: ${evaluation.message}`);
    return { status: 'DONE', evaluation };
  }
}
