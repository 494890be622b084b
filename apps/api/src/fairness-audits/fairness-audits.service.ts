import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ArtifactStore } from '@meridian/artifacts';
import { newId, type Prisma, type PrismaClient } from '@meridian/db';
import {
  JobName,
  JobPayloadSchemas,
  type CreateFairnessAuditInput,
  type FairnessAuditSummaryView,
  type FairnessAuditView,
  type FairnessReportJson,
  type FairnessReviewInput,
} from '@meridian/domain';
import { readCsvTable } from '@meridian/data-pipeline';
import { columnsOfTable, fairnessReport, FairnessInputError } from '@meridian/fairness';
import type { JobQueue } from '@meridian/queue';
import { AppError } from '../common/app-error';
import { actorUserId, type Actor, type OrgAccess } from '../common/context';
import { InjectPrisma, InjectQueue } from '../common/tokens';
import { AuditService } from '../audit/audit.service';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import { auditReportHtml, renderPdf } from './report-pdf';

type AuditRow = Prisma.FairnessAuditGetPayload<{ include: { project: { select: { name: true } } } }>;
const withProject = { project: { select: { name: true } } } as const;
// Everything but the stored input bytes.
const omitInput = { input: true } as const;

function summary(r: AuditRow, names: Map<string, string>): FairnessAuditSummaryView {
  const options = r.options as { audit?: { sensitive?: string[] } };
  return {
    id: r.id,
    projectId: r.projectId,
    projectName: r.project.name,
    modelVersionId: r.modelVersionId,
    status: r.status,
    verdict: r.verdict,
    source: { kind: 'PREDICTIONS_UPLOAD', fileName: r.fileName, bytes: r.fileBytes, sha256: r.fileSha256, rows: r.fileRows },
    sensitive: options.audit?.sensitive ?? [],
    riskId: r.riskId,
    review:
      r.reviewerId && r.reviewedAt
        ? { reviewerId: r.reviewerId, reviewerName: names.get(r.reviewerId) ?? null, decision: r.reviewDecision ?? '', note: r.reviewNote ?? '', at: r.reviewedAt.toISOString() }
        : null,
    error: (r.error as { code: string; message: string } | null) ?? null,
    createdById: r.createdById,
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
    jobId: r.jobId,
  };
}

@Injectable()
export class FairnessAuditsService {
  private readonly logger = new Logger(FairnessAuditsService.name);
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectQueue() private readonly queue: JobQueue,
    private readonly audit: AuditService,
    @Inject(ARTIFACT_STORE) private readonly artifacts: ArtifactStore,
  ) {}

  private names(ids: Array<string | null>): Promise<Map<string, string>> {
    const list = [...new Set(ids.filter((x): x is string => !!x))];
    if (!list.length) return Promise.resolve(new Map());
    return this.prisma.user.findMany({ where: { id: { in: list } }, select: { id: true, name: true } }).then((u) => new Map(u.map((x) => [x.id, x.name])));
  }

  async list(org: OrgAccess, q: { projectId?: string }): Promise<{ items: FairnessAuditSummaryView[] }> {
    const rows = await this.prisma.fairnessAudit.findMany({
      where: { organizationId: org.organizationId, ...(q.projectId ? { projectId: q.projectId } : {}) },
      omit: { ...omitInput, report: true },
      include: withProject,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 200,
    });
    const names = await this.names(rows.map((r) => r.reviewerId));
    return { items: rows.map((r) => summary({ ...r, input: null, report: null }, names)) };
  }

  async get(org: OrgAccess, id: string): Promise<FairnessAuditView> {
    const r = await this.prisma.fairnessAudit.findFirst({ where: { id, organizationId: org.organizationId }, omit: omitInput, include: withProject });
    if (!r) throw AppError.notFound('fairness audit');
    const names = await this.names([r.reviewerId]);
    const report = r.report as unknown as FairnessReportJson | null;
    return {
      ...summary({ ...r, input: null }, names),
      options: r.options,
      schemaVersion: 1,
      reasons: report?.reasons ?? [],
      policy: report?.policy ?? null,
      result: report?.result ?? null,
      mitigation: report?.mitigation ?? null,
    };
  }

  /**
   * Checks the file and options at once (an unknown column or a label that is not binary answers
   * 400 here, not later in a failed job), stores the file with the audit, and queues the full run.
   */
  async create(actor: Actor, org: OrgAccess, projectId: string, input: CreateFairnessAuditInput): Promise<FairnessAuditView> {
    const project = await this.prisma.project.findFirst({ where: { id: projectId, organizationId: org.organizationId }, select: { id: true } });
    if (!project) throw AppError.notFound('project');
    const bytes = Buffer.from(input.csv, 'utf8');
    try {
      const table = await readCsvTable(bytes);
      // Validation pass: the options are the job's, without the costly parts.
      fairnessReport(columnsOfTable(table), { ...input.options, mitigation: false, audit: { ...input.options.audit, bootstrap: undefined } });
    } catch (e) {
      if (e instanceof FairnessInputError) throw AppError.validation(e.issues.map((i) => ({ ...i, path: `options.audit.${i.path}`.replace(/\.$/, '') })), `${input.fileName}: ${e.message}`);
      if (e instanceof Error && e.name === 'DataError') throw AppError.validation([{ path: 'csv', message: e.message }], `${input.fileName}: ${e.message}`);
      throw e;
    }
    const id = newId();
    const jobId = newId();
    const payload = JobPayloadSchemas[JobName.FairnessAudit].parse({ jobRecordId: jobId, organizationId: org.organizationId, auditId: id });
    const userId = actorUserId(org.principal);
    await this.prisma.$transaction(async (tx) => {
      await tx.jobRecord.create({ data: { id: jobId, organizationId: org.organizationId, name: JobName.FairnessAudit, payload, createdById: userId } });
      await tx.fairnessAudit.create({
        data: {
          id,
          organizationId: org.organizationId,
          projectId,
          modelVersionId: input.modelVersionId ?? null,
          fileName: input.fileName,
          fileSha256: createHash('sha256').update(bytes).digest('hex'),
          fileBytes: bytes.byteLength,
          input: bytes,
          options: input.options as unknown as Prisma.InputJsonValue,
          jobId,
          createdById: userId,
        },
      });
      await this.audit.record(actor, { action: 'fairness_audit.create', organizationIds: [org.organizationId], targetType: 'fairness_audit', targetId: id, metadata: { projectId, fileName: input.fileName } }, tx);
    });
    try {
      await this.queue.add(JobName.FairnessAudit, payload, { jobId });
    } catch (e) {
      await this.prisma.$transaction([this.prisma.fairnessAudit.deleteMany({ where: { id } }), this.prisma.jobRecord.deleteMany({ where: { id: jobId } })]).catch(() => undefined);
      this.logger.error({ err: e, jobId }, 'could not queue the fairness audit');
      throw new AppError('SERVICE_UNAVAILABLE', 'The job queue is not available right now; try again shortly');
    }
    return this.get(org, id);
  }

  async review(actor: Actor, org: OrgAccess, id: string, input: FairnessReviewInput): Promise<FairnessAuditView> {
    const r = await this.prisma.fairnessAudit.findFirst({ where: { id, organizationId: org.organizationId }, select: { id: true, status: true } });
    if (!r) throw AppError.notFound('fairness audit');
    if (r.status !== 'SUCCEEDED') throw AppError.conflict('the audit has not finished; review it once it has a verdict');
    const reviewerId = actorUserId(org.principal);
    if (!reviewerId) throw AppError.forbidden('an ethics review is signed by a person: sign in rather than use an API key without an owner');
    await this.prisma.$transaction(async (tx) => {
      // A stored PDF without the sign-off is stale: the next download renders a new one.
      await tx.fairnessAudit.update({ where: { id }, data: { reviewerId, reviewedAt: new Date(), reviewDecision: input.decision, reviewNote: input.note, pdfKey: null } });
      await this.audit.record(actor, { action: 'fairness_audit.review', organizationIds: [org.organizationId], targetType: 'fairness_audit', targetId: id, metadata: { decision: input.decision } }, tx);
    });
    return this.get(org, id);
  }

  /**
   * The report as a PDF (headless Chromium), stored in the artifact store with the audit on first
   * download and served from there until the audit changes (a review clears it).
   */
  async pdf(org: OrgAccess, id: string): Promise<{ bytes: Buffer; fileName: string }> {
    const view = await this.get(org, id);
    if (view.status !== 'SUCCEEDED') throw AppError.conflict('the audit has not finished; the PDF report exists once it has a verdict');
    const row = await this.prisma.fairnessAudit.findFirst({ where: { id, organizationId: org.organizationId }, select: { pdfKey: true } });
    const fileName = `fairness-audit-${id}.pdf`;
    if (row?.pdfKey && (await this.artifacts.exists(row.pdfKey))) return { bytes: await this.artifacts.getBuffer(row.pdfKey), fileName };
    const bytes = await renderPdf(auditReportHtml(view));
    const key = `fairness-audits/${org.organizationId}/${id}/report-${Date.now()}.pdf`;
    await this.artifacts.put(key, bytes, { contentType: 'application/pdf' });
    await this.prisma.fairnessAudit.update({ where: { id }, data: { pdfKey: key } });
    if (row?.pdfKey) await this.artifacts.delete(row.pdfKey).catch(() => undefined);
    return { bytes, fileName };
  }

  async delete(actor: Actor, org: OrgAccess, id: string): Promise<void> {
    const r = await this.prisma.fairnessAudit.findFirst({ where: { id, organizationId: org.organizationId }, select: { id: true, fileName: true, verdict: true, projectId: true } });
    if (!r) throw AppError.notFound('fairness audit');
    await this.prisma.$transaction(async (tx) => {
      await tx.fairnessAudit.delete({ where: { id } });
      await this.audit.record(actor, { action: 'fairness_audit.delete', organizationIds: [org.organizationId], targetType: 'fairness_audit', targetId: id, metadata: { fileName: r.fileName, verdict: r.verdict, projectId: r.projectId } }, tx);
    });
  }
}
