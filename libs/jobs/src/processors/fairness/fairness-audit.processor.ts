// fairness.audit: runs the shared fairness report (libs/fairness `fairnessReport`, the code path of
// `meridian audit`) on an uploaded predictions file, stores the verdict and the whole report on the
// FairnessAudit row, and raises a fairness risk in the register when the audit fails (once per
// dedupe key while that risk is open).
import { extname, join } from 'node:path';
import { Inject } from '@nestjs/common';
import { newId, type Database, type Prisma } from '@meridian/db';
import { JobName, type FairnessReportJson, type FairnessReportOptions, type JobPayload } from '@meridian/domain';
import { PermanentJobError, type JobContext } from '@meridian/queue';
import { riskFromFairnessAudit } from '@meridian/risk';
import { JobProcessor, type JobProcessorHandler } from '../../processor';
import { JOBS_DATABASE } from '../../tokens';
import { runInWorkerThread, WorkerThreadError } from '../../worker-thread';
import type { FairnessThreadInput, FairnessThreadResult } from './fairness-thread';

const THREAD_MODULE = join(__dirname, `fairness-thread${extname(__filename)}`);

export interface FairnessAuditJobResult {
  auditId: string;
  verdict: 'PASS' | 'WARN' | 'FAIL' | null;
  riskId: string | null;
  riskCreated: boolean;
}

/** The dedupe key's subject: the model version when there is one, else the predictions file's hash. */
export function fairnessRiskSubject(audit: { modelVersionId: string | null; fileSha256: string }): string {
  return audit.modelVersionId ?? `predictions-${audit.fileSha256.slice(0, 16)}`;
}

@JobProcessor(JobName.FairnessAudit)
export class FairnessAuditProcessor implements JobProcessorHandler<typeof JobName.FairnessAudit> {
  constructor(@Inject(JOBS_DATABASE) private readonly db: Database) {}

  async handle(ctx: JobContext<JobPayload<typeof JobName.FairnessAudit>>): Promise<FairnessAuditJobResult> {
    const { organizationId, auditId } = ctx.payload;
    const prisma = this.db.prisma;
    const audit = await prisma.fairnessAudit.findFirst({
      where: { id: auditId, organizationId },
    });
    if (!audit) throw new PermanentJobError(`Fairness audit ${auditId} does not exist in organisation ${organizationId}.`);
    if (audit.status === 'SUCCEEDED')
      return {
        auditId,
        verdict: audit.verdict,
        riskId: audit.riskId,
        riskCreated: false,
      };
    if (!audit.input) {
      await prisma.fairnessAudit.update({
        where: { id: auditId },
        data: {
          status: 'FAILED',
          error: {
            code: 'NO_INPUT',
            message: 'the predictions file is no longer stored; upload it again',
          },
        },
      });
      throw new PermanentJobError(`Fairness audit ${auditId} has no stored predictions file.`);
    }
    await prisma.fairnessAudit.update({
      where: { id: auditId },
      data: { status: 'RUNNING' },
    });
    await ctx.updateProgress(10);
    let out: FairnessThreadResult;
    try {
      // A worker thread: a large file must not block the loop that renews the queue's job locks.
      out = await runInWorkerThread<FairnessThreadInput, FairnessThreadResult>(
        THREAD_MODULE,
        {
          csv: new Uint8Array(audit.input),
          options: audit.options as unknown as FairnessReportOptions,
        },
        { exportName: 'runFairnessReport', signal: ctx.signal },
      );
    } catch (e) {
      if (e instanceof WorkerThreadError || e instanceof Error) {
        await prisma.fairnessAudit.update({
          where: { id: auditId },
          data: {
            status: 'FAILED',
            error: { code: 'INTERNAL', message: e.message },
          },
        });
      }
      throw e;
    }
    await ctx.updateProgress(80);
    if (!out.ok) {
      await prisma.fairnessAudit.update({
        where: { id: auditId },
        data: {
          status: 'FAILED',
          input: null,
          error: { code: out.code, message: out.message },
          completedAt: new Date(),
        },
      });
      throw new PermanentJobError(`Fairness audit ${auditId}: ${out.message}`);
    }
    const report = out.report;
    const result = await recordFairnessOutcome(prisma, audit, report, out.rows);
    ctx.log(`fairness audit ${auditId}: ${report.verdict} (${report.reasons.length} reasons)${result.riskCreated ? `, raised risk ${result.riskId}` : ''}`);
    return { auditId, verdict: report.verdict, ...result };
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
          riskId = newId();
          riskCreated = true;
          await tx.risk.create({
            data: {
              id: riskId,
              organizationId,
              projectId: audit.projectId,
              title: audit.modelVersionId ? draft.title : `Fairness audit failed for predictions file ${audit.fileName}`,
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
