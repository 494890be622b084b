// model.compare: evaluates a challenger model version and the project's champion on the same test
// rows (compare-thread.ts, in a worker thread so this event loop keeps renewing the queue lock),
// stores both reports and the decision on the ModelComparison row, points the `challenger` alias
// at the challenger, and, when the project's RetrainPolicy.autoPromote is on, the challenger wins
// by at least promoteMargin and the promotion gate passes, moves `champion` and `production` to it
// as "system (auto-promotion)". Otherwise the row says why it was not promoted.
import { mkdir, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Inject, Optional } from '@nestjs/common';
import type { ArtifactStore } from '@meridian/artifacts';
import { Prisma, type Database } from '@meridian/db';
import { AUTO_PROMOTION_ACTOR, JobName, type ComparisonTestSplit, type JobPayload } from '@meridian/domain';
import { PermanentJobError, type JobContext } from '@meridian/queue';
import { compareValues, comparisonMetricValue, decidePromotion, evaluatePromotionGate, moveAliasInTransaction, qualifiesForPromotion, type AliasActor, type GateResult } from '@meridian/registry';
import { JobCancelledError } from '../../job-records';
import { JobProcessor, type JobProcessorHandler } from '../../processor';
import { JOBS_ARTIFACTS, JOBS_DATABASE } from '../../tokens';
import { runInWorkerThread } from '../../worker-thread';
import { trainingSettingsFromEnv } from '../training/settings';
import type { CompareThreadInput, CompareThreadResult } from './compare-thread';
import { comparisonMetricFor } from './queue-comparison';

const THREAD_MODULE = join(__dirname, `compare-thread${extname(__filename)}`);

/** Who points `challenger` at the compared version. */
const COMPARISON_ACTOR: AliasActor = { userId: null, apiKeyId: null, label: 'system (challenger comparison)' };
const AUTO_PROMOTION: AliasActor = { userId: null, apiKeyId: null, label: AUTO_PROMOTION_ACTOR };

export interface ModelCompareJobResult {
  comparisonId: string;
  status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  winner: string | null;
  promoted: boolean;
}

const json = (v: unknown) => v as Prisma.InputJsonValue;

@JobProcessor(JobName.ModelCompare)
export class ModelCompareProcessor implements JobProcessorHandler<typeof JobName.ModelCompare> {
  private readonly workDir: string;

  constructor(
    @Inject(JOBS_DATABASE) private readonly db: Database,
    @Optional() @Inject(JOBS_ARTIFACTS) private readonly artifacts: ArtifactStore | null,
  ) {
    this.workDir = trainingSettingsFromEnv(process.env).workDir;
  }

  async handle(ctx: JobContext<JobPayload<typeof JobName.ModelCompare>>): Promise<ModelCompareJobResult> {
    const { organizationId, comparisonId } = ctx.payload;
    const prisma = this.db.prisma;
    const cmp = await prisma.modelComparison.findFirst({ where: { id: comparisonId, organizationId } });
    if (!cmp) throw new PermanentJobError(`Model comparison ${comparisonId} does not exist in organisation ${organizationId}.`);
    if (cmp.status === 'SUCCEEDED' || cmp.status === 'FAILED' || cmp.status === 'CANCELLED') return { comparisonId, status: cmp.status, winner: cmp.winner, promoted: cmp.promoted };
    await prisma.modelComparison.update({ where: { id: comparisonId }, data: { status: 'RUNNING', startedAt: cmp.startedAt ?? new Date(), error: null } });

    const work = join(this.workDir, `compare-${comparisonId}-${ctx.attempt}-${process.pid}`);
    try {
      const store = this.artifacts;
      if (!store) throw new PermanentJobError('No artifact store is configured for the job processors (ARTIFACTS_DIR or ARTIFACTS_S3_BUCKET).');
      const challenger = await prisma.modelVersion.findFirst({
        where: { id: cmp.challengerId, organizationId },
        include: { run: { select: { id: true, labelColumn: true, seed: true, splitOptions: true, datasetVersionId: true, external: true } } },
      });
      if (!challenger) throw new PermanentJobError(`The challenger model version ${cmp.challengerId} no longer exists.`);
      const run = challenger.run;
      const datasetVersionId = run.datasetVersionId ?? challenger.datasetVersionId;
      if (run.external || !datasetVersionId || !run.labelColumn) {
        throw new PermanentJobError(`Model version ${challenger.version} comes from a run without a dataset version and label column here (an external run?); there are no test rows to compare on.`);
      }
      const dv = await prisma.datasetVersion.findFirst({ where: { id: datasetVersionId, organizationId } });
      if (!dv) throw new PermanentJobError(`Dataset version ${datasetVersionId} of the challenger's run no longer exists; there are no test rows to compare on.`);

      const championAlias = await prisma.modelAlias.findUnique({ where: { projectId_alias: { projectId: challenger.projectId, alias: 'champion' } } });
      if (championAlias?.modelVersionId === challenger.id) {
        await prisma.modelComparison.update({
          where: { id: comparisonId },
          data: { status: 'SUCCEEDED', championId: null, winner: null, decision: 'Nothing compared: this version is already the champion.', finishedAt: new Date() },
        });
        return { comparisonId, status: 'SUCCEEDED', winner: null, promoted: false };
      }
      const champion = championAlias ? await prisma.modelVersion.findFirst({ where: { id: championAlias.modelVersionId, organizationId } }) : null;

      await mkdir(work, { recursive: true });
      const datasetPath = join(work, `data${dv.format === 'JSONL' ? '.jsonl' : '.csv'}`);
      await store.downloadToFile(dv.artifactKey, datasetPath, { expectedSha256: dv.contentHash });
      await ctx.updateProgress(20);
      const split = (run.splitOptions ?? {}) as { fractions?: [number, number, number]; stratify?: boolean };
      const fractions = split.fractions ?? [0.8, 0.1, 0.1];
      const stratify = split.stratify ?? true;
      const models = [challenger, ...(champion ? [champion] : [])];
      const input: CompareThreadInput = {
        datasetPath,
        labelColumn: run.labelColumn,
        seed: run.seed,
        fractions,
        stratify,
        models: await Promise.all(models.map(async (m) => ({ modelVersionId: m.id, pack: await store.getBuffer(m.artifactKey), preprocessing: m.preprocessing }))),
      };
      const out = await runInWorkerThread<CompareThreadInput, CompareThreadResult>(THREAD_MODULE, input, { signal: ctx.signal });
      await ctx.updateProgress(80);

      const testSplit: ComparisonTestSplit = { datasetVersionId, labelColumn: run.labelColumn, seed: run.seed, fractions, stratify, rows: out.rows, rowsSha256: out.rowsSha256 };
      const mine = out.results.find((r) => r.modelVersionId === challenger.id)!;
      if (!mine.ok) throw new PermanentJobError(`The challenger could not be evaluated on its own test rows: ${mine.error}`);
      const theirs = champion ? out.results.find((r) => r.modelVersionId === champion.id)! : null;

      // The metric and policy as they stand now (the policy may have changed since the request).
      const { metric, autoPromote, margin } = await comparisonMetricFor(prisma, challenger.projectId, challenger.testMetrics);
      const challengerValue = comparisonMetricValue(mine.report, metric);
      const championValue = theirs?.ok ? comparisonMetricValue(theirs.report, metric) : null;
      const outcome = compareValues({ metric, challengerValue, championValue, hasChampion: !!champion });
      let gate: GateResult | null = null;
      let decisionText: string;
      let promote = false;
      if (theirs && !theirs.ok) {
        decisionText = `Not promoted: the champion (v${champion!.version}) could not be evaluated on the challenger's test rows: ${theirs.error}`;
      } else {
        const q = qualifiesForPromotion({ metric, outcome, margin, autoPromote, challengerValue, championValue });
        if (q.qualifies && autoPromote) {
          const project = await prisma.project.findUniqueOrThrow({ where: { id: challenger.projectId }, select: { goalMetric: true, goalThreshold: true } });
          gate = await evaluatePromotionGate(prisma, { organizationId, projectId: challenger.projectId, modelVersionId: challenger.id, testMetrics: challenger.testMetrics, goal: { metric: project.goalMetric, threshold: project.goalThreshold } });
        }
        const d = decidePromotion({ metric, outcome, margin, autoPromote, gate, challengerValue, championValue });
        decisionText = d.decision;
        promote = d.promote;
      }

      await prisma.$transaction(
        async (tx) => {
          await tx.modelComparison.update({
            where: { id: comparisonId },
            data: {
              status: 'SUCCEEDED',
              championId: champion?.id ?? null,
              datasetVersionId,
              testSplit: json(testSplit),
              testRows: out.rows,
              metric,
              margin,
              autoPromote,
              challengerValue,
              championValue,
              winner: theirs && !theirs.ok ? null : outcome.winner,
              challengerMetrics: json(mine.report),
              championMetrics: theirs?.ok ? json(theirs.report) : Prisma.DbNull,
              promoted: promote,
              decision: decisionText,
              gateOk: gate ? gate.ok : null,
              gateReasons: gate ? json(gate.reasons) : Prisma.DbNull,
              error: theirs && !theirs.ok ? `champion: ${theirs.error}`.slice(0, 2000) : null,
              finishedAt: new Date(),
            },
          });
          const base = { organizationId, projectId: challenger.projectId, modelVersionId: challenger.id };
          await moveAliasInTransaction(tx, { ...base, alias: 'challenger', reason: `Challenger comparison ${comparisonId} (${cmp.trigger === 'RETRAIN' ? 'retraining run' : 'asked for'}): ${decisionText}`, actor: COMPARISON_ACTOR });
          if (promote) {
            await moveAliasInTransaction(tx, { ...base, alias: 'champion', reason: `Comparison ${comparisonId}: ${decisionText}`, actor: AUTO_PROMOTION });
            await moveAliasInTransaction(tx, { ...base, alias: 'production', reason: `Comparison ${comparisonId}: ${decisionText}`, actor: AUTO_PROMOTION });
          }
        },
        { maxWait: 10_000, timeout: 30_000 },
      );
      ctx.log(`comparison ${comparisonId}: ${outcome.winner ?? 'undecided'} on ${metric} over ${out.rows} rows; ${decisionText}`);
      return { comparisonId, status: 'SUCCEEDED', winner: outcome.winner, promoted: promote };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Cancelling the job record aborts the thread with a JobCancelledError: the comparison is CANCELLED, not FAILED.
      const cancelled = err instanceof JobCancelledError;
      const final = cancelled || err instanceof PermanentJobError || ctx.attempt >= ctx.maxAttempts;
      await prisma.modelComparison
        .updateMany({
          where: { id: comparisonId, status: { in: ['QUEUED', 'RUNNING'] } },
          data: final ? { status: cancelled ? 'CANCELLED' : 'FAILED', error: message.slice(0, 2000), finishedAt: new Date() } : { status: 'QUEUED', error: `attempt ${ctx.attempt} failed: ${message}`.slice(0, 2000) },
        })
        .catch(() => undefined);
      throw err;
    } finally {
      await rm(work, { recursive: true, force: true }).catch(() => undefined);
    }
  }
}
