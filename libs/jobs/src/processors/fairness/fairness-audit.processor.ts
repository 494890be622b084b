// fairness.audit: runs the shared fairness report (libs/fairness `fairnessReport`, the code path of
// `meridian audit`) on an uploaded predictions file (read hash-verified from the artifact store; old
// rows kept the bytes in FairnessAudit.input) or, for an audit of a model version, on the model's
// predictions over a dataset version's rows; stores the verdict and the whole report on the
// FairnessAudit row, and raises a fairness risk in the register when the audit fails (once per
// dedupe key while that risk is open).
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Inject, Optional } from '@nestjs/common';
import type { ArtifactStore } from '@meridian/artifacts';
import { newId, Prisma, type Database } from '@meridian/db';
import { JobName, type FairnessReportJson, type FairnessReportOptions, type JobPayload } from '@meridian/domain';
import { PermanentJobError, type JobContext } from '@meridian/queue';
import { riskFromFairnessAudit } from '@meridian/risk';
import { JobProcessor, type JobProcessorHandler } from '../../processor';
import { JOBS_ARTIFACTS, JOBS_DATABASE } from '../../tokens';
import { runInWorkerThread, WorkerThreadError } from '../../worker-thread';
import { chromiumPath, storeAuditPdf } from './audit-report';
import type { FairnessThreadInput, FairnessThreadResult, ModelAuditThreadInput } from './fairness-thread';

const THREAD_MODULE = join(__dirname, `fairness-thread${extname(__filename)}`);

export interface FairnessAuditJobResult {
  auditId: string;
  verdict: 'PASS' | 'WARN' | 'FAIL' | null;
  riskId: string | null;
  riskCreated: boolean;
  /** Where the report PDF was stored, or null when it is left to the first download. */
  pdfKey?: string | null;
}

/** The dedupe key's subject: the model version when there is one, else the predictions file's hash. */
export function fairnessRiskSubject(audit: { modelVersionId: string | null; fileSha256: string }): string {
  return audit.modelVersionId ?? `predictions-${audit.fileSha256.slice(0, 16)}`;
}

type AuditRow = Prisma.FairnessAuditGetPayload<object>;

@JobProcessor(JobName.FairnessAudit)
export class FairnessAuditProcessor implements JobProcessorHandler<typeof JobName.FairnessAudit> {
  constructor(
    @Inject(JOBS_DATABASE) private readonly db: Database,
    @Optional() @Inject(JOBS_ARTIFACTS) private readonly artifacts: ArtifactStore | null,
  ) {}

  private async fail(auditId: string, code: string, message: string): Promise<never> {
    await this.db.prisma.fairnessAudit.update({ where: { id: auditId }, data: { status: 'FAILED', input: null, error: { code, message }, completedAt: new Date() } });
    throw new PermanentJobError(`Fairness audit ${auditId}: ${message}`);
  }

  async handle(ctx: JobContext<JobPayload<typeof JobName.FairnessAudit>>): Promise<FairnessAuditJobResult> {
    const { organizationId, auditId } = ctx.payload;
    const prisma = this.db.prisma;
    const audit = await prisma.fairnessAudit.findFirst({ where: { id: auditId, organizationId } });
    if (!audit) throw new PermanentJobError(`Fairness audit ${auditId} does not exist in organisation ${organizationId}.`);
    if (audit.status === 'SUCCEEDED') return { auditId, verdict: audit.verdict, riskId: audit.riskId, riskCreated: false };
    await prisma.fairnessAudit.update({ where: { id: auditId }, data: { status: 'RUNNING', error: Prisma.DbNull } });
    await ctx.updateProgress(10);
    let out: FairnessThreadResult;
    let work: string | null = null;
    try {
      if (audit.source === 'MODEL_VERSION') {
        work = join(tmpdir(), `meridian-audit-${auditId}-${ctx.attempt}-${process.pid}`);
        out = await this.modelAudit(ctx, audit, work);
      } else {
        const csv = await this.predictionsFile(audit);
        // A worker thread: a large file must not block the loop that renews the queue's job locks.
        out = await runInWorkerThread<FairnessThreadInput, FairnessThreadResult>(THREAD_MODULE, { csv, options: audit.options as unknown as FairnessReportOptions }, { exportName: 'runFairnessReport', signal: ctx.signal });
      }
    } catch (e) {
      if (e instanceof PermanentJobError) throw e;
      if (e instanceof WorkerThreadError || e instanceof Error) {
        await prisma.fairnessAudit.update({ where: { id: auditId }, data: { status: 'FAILED', error: { code: 'INTERNAL', message: e.message } } });
      }
      throw e;
    } finally {
      if (work) await rm(work, { recursive: true, force: true }).catch(() => undefined);
    }
    await ctx.updateProgress(80);
    if (!out.ok) return this.fail(auditId, out.code, out.message);
    const report = out.report;
    const result = await recordFairnessOutcome(prisma, audit, report, out.rows);
    ctx.log(`fairness audit ${auditId}: ${report.verdict} (${report.reasons.length} reasons)${result.riskCreated ? `, raised risk ${result.riskId}` : ''}`);
    const pdf = await this.storePdf(ctx, organizationId, auditId);
    return { auditId, verdict: report.verdict, ...result, pdfKey: pdf };
  }

  /**
   * The report PDF, rendered and stored with the audit as it finishes. The audit has succeeded
   * already, so a PDF that cannot be made here (no Chromium on this host, a browser crash) never
   * fails it: the report stays available and the API renders the PDF on first download.
   */
  private async storePdf(ctx: JobContext<unknown>, organizationId: string, auditId: string): Promise<string | null> {
    if (!this.artifacts || process.env.FAIRNESS_PDF_ON_FINISH === 'false') return null;
    if (!chromiumPath()) {
      ctx.log(`fairness audit ${auditId}: no Chromium on this host (CHROME_PATH); the PDF is rendered on first download`);
      return null;
    }
    try {
      return (await storeAuditPdf(this.db.prisma, this.artifacts, organizationId, auditId))?.key ?? null;
    } catch (e) {
      ctx.log(`fairness audit ${auditId}: the PDF could not be rendered now (${e instanceof Error ? e.message : String(e)}); it is rendered on first download`);
      return null;
    }
  }

  /** The uploaded predictions: from the artifact store (hash-checked), or the bytes column of rows written before it. */
  private async predictionsFile(audit: AuditRow): Promise<Uint8Array> {
    if (audit.artifactKey) {
      if (!this.artifacts) throw new PermanentJobError('No artifact store is configured for the job processors (ARTIFACTS_DIR or ARTIFACTS_S3_BUCKET).');
      try {
        return new Uint8Array(await this.artifacts.getBuffer(audit.artifactKey, { expectedSha256: audit.fileSha256 }));
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'NOT_FOUND') return this.fail(audit.id, 'NO_INPUT', 'the predictions file is no longer in the artifact store; upload it again');
        if (code === 'HASH_MISMATCH') return this.fail(audit.id, 'INTEGRITY', 'the stored predictions file does not match its SHA-256 (corrupted or replaced); upload it again');
        throw e;
      }
    }
    if (audit.input) return new Uint8Array(audit.input);
    return this.fail(audit.id, 'NO_INPUT', 'the predictions file is no longer stored; upload it again');
  }

  /** Predict with the model version on the dataset version's rows, then the same report (in a worker thread). */
  private async modelAudit(ctx: JobContext<unknown>, audit: AuditRow, work: string): Promise<FairnessThreadResult> {
    const prisma = this.db.prisma;
    const store = this.artifacts;
    if (!store) throw new PermanentJobError('No artifact store is configured for the job processors (ARTIFACTS_DIR or ARTIFACTS_S3_BUCKET).');
    const model = audit.modelVersionId
      ? await prisma.modelVersion.findFirst({ where: { id: audit.modelVersionId, organizationId: audit.organizationId, projectId: audit.projectId }, select: { version: true, artifactKey: true, preprocessing: true } })
      : null;
    if (!model) return this.fail(audit.id, 'NO_MODEL', 'the audited model version no longer exists in this project');
    const dv = audit.datasetVersionId
      ? await prisma.datasetVersion.findFirst({ where: { id: audit.datasetVersionId, organizationId: audit.organizationId, dataset: { projectId: audit.projectId } }, select: { artifactKey: true, contentHash: true, format: true } })
      : null;
    if (!dv) return this.fail(audit.id, 'NO_DATASET', 'the dataset version to predict on no longer exists in this project');
    await mkdir(work, { recursive: true });
    const datasetPath = join(work, dv.format === 'JSONL' ? 'data.jsonl' : 'data.csv');
    await store.downloadToFile(dv.artifactKey, datasetPath, { expectedSha256: dv.contentHash });
    const modelPack = new Uint8Array(await store.getBuffer(model.artifactKey));
    await ctx.updateProgress(30);
    return runInWorkerThread<ModelAuditThreadInput, FairnessThreadResult>(
      THREAD_MODULE,
      { datasetPath, modelPack, preprocessing: model.preprocessing, options: audit.options as unknown as FairnessReportOptions, version: model.version },
      { exportName: 'runModelAudit', signal: ctx.signal },
    );
  }
}

type AuditForOutcome = {
  id: string;
  organizationId: string;
  projectId: string;
  modelVersionId: string | null;
  fileSha256: string;
  fileName: string;
};

/**
 * Stores a finished report on its audit and, for a FAIL, raises the fairness risk (libs/risk
 * riskFromFairnessAudit) unless one with the same dedupe key is still open, in one transaction.
 * The fairness.audit job and the demo seed both end here.
 */
export async function recordFairnessOutcome(
  prisma: Database['prisma'],
  audit: AuditForOutcome,
  report: FairnessReportJson,
  rows: number,
): Promise<{ riskId: string | null; riskCreated: boolean }> {
  const auditId = audit.id;
  const organizationId = audit.organizationId;
  const completedAt = new Date();
  return prisma.$transaction(async (tx) => {
    let riskId: string | null = null;
    let riskCreated = false;
    if (report.verdict === 'FAIL') {
      const gov = await tx.projectGovernance.findUnique({
        where: { projectId: audit.projectId },
      });
      const draft = riskFromFairnessAudit({
        auditId,
        projectId: audit.projectId,
        modelVersionId: fairnessRiskSubject(audit),
        verdict: report.verdict,
        reasons: report.reasons.filter((r) => r.severity === 'FAIL').map((r) => r.message),
        completedAt: completedAt.toISOString(),
        url: `/orgs/${organizationId}/audits/${auditId}`,
        aiActTier: gov?.aiActTier ?? null,
      });
      if (draft) {
        const open = await tx.risk.findFirst({
          where: {
            organizationId,
            projectId: audit.projectId,
            dedupeKey: draft.dedupeKey,
            status: { not: 'CLOSED' },
          },
          select: { id: true },
        });
        if (open) riskId = open.id;
        else {
          // People know a model by its version number, not its id.
          const mv = audit.modelVersionId ? await tx.modelVersion.findFirst({ where: { id: audit.modelVersionId, organizationId }, select: { version: true } }) : null;
          riskId = newId();
          riskCreated = true;
          await tx.risk.create({
            data: {
              id: riskId,
              organizationId,
              projectId: audit.projectId,
              title: mv ? `Fairness audit failed for model version v${mv.version}` : audit.modelVersionId ? draft.title : `Fairness audit failed for predictions file ${audit.fileName}`,
              description: `${draft.description}\n\n${draft.rationale}`,
              category: draft.category,
              likelihood: draft.likelihood,
              impact: draft.impact,
              response: null,
              source: draft.source,
              dedupeKey: draft.dedupeKey,
              evidence: draft.evidence as unknown as Prisma.InputJsonValue,
              fairnessAuditId: auditId,
              modelVersionId: audit.modelVersionId,
              createdById: null,
            },
          });
          await tx.riskHistory.create({
            data: {
              id: newId(),
              organizationId,
              riskId,
              fromStatus: null,
              toStatus: 'IDENTIFIED',
              actorId: null,
              note: `raised by Meridian: fairness audit ${auditId} failed`,
            },
          });
        }
      }
    }
    await tx.fairnessAudit.update({
      where: { id: auditId },
      data: {
        status: 'SUCCEEDED',
        verdict: report.verdict,
        reasons: report.reasons as unknown as Prisma.InputJsonValue,
        report: report as unknown as Prisma.InputJsonValue,
        fileRows: rows,
        input: null,
        riskId,
        completedAt,
      },
    });
    return { riskId, riskCreated };
  });
}
