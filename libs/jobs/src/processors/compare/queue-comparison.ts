// Asking for a comparison: one ModelComparison row (status QUEUED) and its JobRecord in one
// transaction, then the model.compare job under the record's id. Used by the API's "compare with
// the champion" endpoint and by the training processor after a retraining run registered its model.
import { newId, Prisma, type PrismaClient } from '@meridian/db';
import { DEFAULT_RETRAIN_POLICY, JobName, JobPayloadSchemas, type ComparisonTrigger } from '@meridian/domain';
import type { JobQueue } from '@meridian/queue';
import { resolveCompareMetric } from '@meridian/registry';

export interface QueueComparisonRequest {
  organizationId: string;
  modelVersionId: string;
  trigger: ComparisonTrigger;
  requestedByUserId: string | null;
  /**
   * Same key twice → one comparison (the first one's row is answered). The retraining hook uses
   * `model.compare:run:<runId>`, so a redelivered training job does not compare twice.
   */
  idempotencyKey?: string;
}

export class ComparisonRequestError extends Error {
  override readonly name = 'ComparisonRequestError';
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'SERVICE_UNAVAILABLE',
    message: string,
  ) {
    super(message);
  }
}

export interface QueuedComparison {
  comparisonId: string;
  jobRecordId: string;
  /** false when the idempotency key named an existing comparison. */
  created: boolean;
}

/** The deciding metric as the project stands now: policy, else goal, else accuracy (rmse for regression). */
export async function comparisonMetricFor(prisma: PrismaClient | Prisma.TransactionClient, projectId: string, testMetrics: unknown): Promise<{ metric: string; autoPromote: boolean; margin: number }> {
  const [policy, project] = await Promise.all([
    prisma.retrainPolicy.findUnique({ where: { projectId }, select: { autoPromote: true, promoteMargin: true, compareMetric: true } }),
    prisma.project.findUnique({ where: { id: projectId }, select: { goalMetric: true } }),
  ]);
  const p = policy ?? DEFAULT_RETRAIN_POLICY;
  const task = (testMetrics as { task?: unknown } | null)?.task;
  return { metric: resolveCompareMetric(p.compareMetric, project?.goalMetric, typeof task === 'string' ? task : null), autoPromote: p.autoPromote, margin: p.promoteMargin };
}

export async function queueModelComparison(prisma: PrismaClient, queue: JobQueue, req: QueueComparisonRequest): Promise<QueuedComparison> {
  const mv = await prisma.modelVersion.findFirst({ where: { id: req.modelVersionId, organizationId: req.organizationId }, select: { id: true, projectId: true, runId: true, testMetrics: true } });
  if (!mv) throw new ComparisonRequestError('NOT_FOUND', `Model version ${req.modelVersionId} does not exist in this organisation.`);
  if (req.idempotencyKey) {
    const existing = await prisma.jobRecord.findUnique({ where: { organizationId_idempotencyKey: { organizationId: req.organizationId, idempotencyKey: req.idempotencyKey } }, select: { id: true } });
    const cmp = existing ? await prisma.modelComparison.findFirst({ where: { jobRecordId: existing.id }, select: { id: true } }) : null;
    if (existing && cmp) return { comparisonId: cmp.id, jobRecordId: existing.id, created: false };
  }
  const { metric, autoPromote, margin } = await comparisonMetricFor(prisma, mv.projectId, mv.testMetrics);
  const comparisonId = newId();
  const jobRecordId = newId();
  const payload = JobPayloadSchemas[JobName.ModelCompare].parse({ jobRecordId, organizationId: req.organizationId, comparisonId });
  try {
    await prisma.$transaction(async (tx) => {
      await tx.jobRecord.create({ data: { id: jobRecordId, organizationId: req.organizationId, name: JobName.ModelCompare, payload, idempotencyKey: req.idempotencyKey ?? null, createdById: req.requestedByUserId } });
      await tx.modelComparison.create({
        data: { id: comparisonId, organizationId: req.organizationId, projectId: mv.projectId, runId: mv.runId, challengerId: mv.id, metric, margin, autoPromote, trigger: req.trigger, requestedByUserId: req.requestedByUserId, jobRecordId },
      });
    });
  } catch (e) {
    // Two requests with the same key at once: the loser answers the winner's comparison.
    if (req.idempotencyKey && e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') return queueModelComparison(prisma, queue, req);
    throw e;
  }
  try {
    await queue.add(JobName.ModelCompare, payload, { jobId: jobRecordId, attempts: 2, backoff: { type: 'fixed', delayMs: 2000 } });
  } catch (e) {
    // Nothing half-written: without a queued job the rows would sit QUEUED forever.
    await prisma.$transaction([prisma.modelComparison.deleteMany({ where: { id: comparisonId } }), prisma.jobRecord.deleteMany({ where: { id: jobRecordId } })]).catch(() => undefined);
    throw new ComparisonRequestError('SERVICE_UNAVAILABLE', `The job queue is not available right now (${e instanceof Error ? e.message : String(e)}); try again shortly.`);
  }
  return { comparisonId, jobRecordId, created: true };
}

/**
 * The training processor's hook: after a SUCCEEDED retraining run (retrainEventId set) registered
 * its model version, compare it with the champion. Never throws: the run trained fine, and a queue
 * hiccup here must not turn it into a failure; the log line says what to do instead.
 */
export async function queueRetrainComparison(prisma: PrismaClient, queue: JobQueue, r: { organizationId: string; runId: string; modelVersionId: string }, log: (msg: string) => void): Promise<QueuedComparison | null> {
  try {
    const q = await queueModelComparison(prisma, queue, { organizationId: r.organizationId, modelVersionId: r.modelVersionId, trigger: 'RETRAIN', requestedByUserId: null, idempotencyKey: `model.compare:run:${r.runId}` });
    log(`retraining run ${r.runId}: ${q.created ? 'queued' : 'already has'} challenger comparison ${q.comparisonId}`);
    return q;
  } catch (e) {
    log(`retraining run ${r.runId}: could not queue the challenger comparison (${e instanceof Error ? e.message : String(e)}); compare model version ${r.modelVersionId} from the registry`);
    return null;
  }
}
