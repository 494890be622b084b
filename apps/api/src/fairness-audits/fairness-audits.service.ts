import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ArtifactStore } from '@meridian/artifacts';
import { newId, type Prisma, type PrismaClient } from '@meridian/db';
import {
  JobName,
  JobPayloadSchemas,
  ZCreateModelAuditSchema,
  ZFairnessAuditListQuery,
  ZFairnessReportOptions,
  ZProjectFairnessPolicySchema,
  fairnessPolicyLoosenings,
  type AuditExceptionInput,
  type CreateFairnessAuditInput,
  type DatasetProfile,
  type FairnessReportOptions,
  type FairnessAuditSummaryView,
  type FairnessAuditView,
  type FairnessReviewInput,
  type Page,
  type ProjectFairnessPolicyView,
} from '@meridian/domain';
import { loadProjectFairnessPolicy } from '@meridian/registry';
import { readCsvTable } from '@meridian/data-pipeline';
import { columnsOfTable, fairnessReport, FairnessInputError } from '@meridian/fairness';
import type { JobQueue } from '@meridian/queue';
import { AppError } from '../common/app-error';
import { actorUserId, type Actor, type OrgAccess } from '../common/context';
import { InjectPrisma, InjectQueue } from '../common/tokens';
import { AuditService } from '../audit/audit.service';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import { decodeCursor, encodeCursor } from '../common/prisma';
import type { z } from 'zod';
import { ChromiumMissingError, fairnessAuditSummary, loadFairnessAuditView, storeAuditPdf, userNames } from '@meridian/jobs';

const withProject = { project: { select: { name: true } } } as const;
// Everything but the stored input bytes.
const omitInput = { input: true } as const;

/** Columns the fairness.audit job adds to a dataset version's rows: the model's predicted class and P(positive). */
export const MODEL_PREDICTION_COLUMN = 'model_prediction';
export const MODEL_SCORE_COLUMN = 'model_score';

/**
 * What a finished profile of the dataset version already tells (no data is read here): unknown
 * columns, a label with more than two values, negative weights, privileged values nobody has. The
 * job checks the same on the data itself, so an unprofiled version is still audited safely.
 */
export function checkAgainstProfile(
  profile: Pick<DatasetProfile, 'columns'> | null,
  input: { label: string; sensitive: string[]; control?: string[]; weight?: string; privileged?: Record<string, Array<string | number | boolean>> },
): void {
  if (!profile) return;
  const byName = new Map(profile.columns.map((c) => [c.name, c]));
  const list = profile.columns.map((c) => c.name);
  const shown = list.slice(0, 20).join(', ') + (list.length > 20 ? ', …' : '');
  const issues: Array<{ path: string; message: string }> = [];
  const need: Array<[string, string]> = [['label', input.label], ...input.sensitive.map((c, i): [string, string] => [`sensitive.${i}`, c]), ...(input.control ?? []).map((c, i): [string, string] => [`control.${i}`, c])];
  if (input.weight) need.push(['weight', input.weight]);
  for (const [path, col] of need) if (!byName.has(col)) issues.push({ path, message: `unknown column '${col}': the dataset version has no such column (columns: ${shown})` });
  for (const reserved of [MODEL_PREDICTION_COLUMN, MODEL_SCORE_COLUMN]) {
    if (byName.has(reserved)) issues.push({ path: 'datasetVersionId', message: `the dataset version has a column named '${reserved}', which the audit adds for the model's output; rename it` });
  }
  const label = byName.get(input.label);
  if (label && label.distinctExact && label.distinct > 2) {
    const seen = label.topValues.slice(0, 3).map((v) => `'${v.value}'`).join(', ');
    issues.push({ path: 'label', message: `label column '${input.label}' is not binary: it has ${label.distinct} distinct values (${seen}, …); audit on a binary label` });
  }
  const weight = input.weight ? byName.get(input.weight) : undefined;
  if (weight && typeof weight.min === 'number' && weight.min < 0) issues.push({ path: 'weight', message: `weight column '${input.weight}' has negative values (min ${weight.min}); weights must be >= 0` });
  for (const [col, values] of Object.entries(input.privileged ?? {})) {
    const c = byName.get(col);
    if (!c) {
      issues.push({ path: `privileged.${col}`, message: `unknown column '${col}': the dataset version has no such column (columns: ${shown})` });
      continue;
    }
    // Only a complete value list proves a value absent.
    if (!c.distinctExact || c.topValues.length < c.distinct) continue;
    const present = new Set(c.topValues.map((v) => String(v.value)));
    if (!values.some((v) => present.has(String(v)))) {
      issues.push({ path: `privileged.${col}`, message: `privileged group ${col}=${values.join('|')} has no members in the dataset version (values: ${[...present].slice(0, 10).join(', ')})` });
    }
  }
  if (issues.length) throw AppError.validation(issues, `${issues[0].path}: ${issues[0].message}`);
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
    return userNames(this.prisma, ids);
  }

  /** Newest first, one keyset page at a time over (createdAt desc, id desc). */
  async list(org: OrgAccess, q: z.input<typeof ZFairnessAuditListQuery>): Promise<Page<FairnessAuditSummaryView>> {
    const { projectId, modelVersionId, limit, cursor: raw } = ZFairnessAuditListQuery.parse(q);
    const cursor = raw ? decodeCursor(raw) : null;
    if (raw && !cursor) throw AppError.validation([{ path: 'cursor', message: 'is not a cursor this API returned; start again without it' }]);
    const rows = await this.prisma.fairnessAudit.findMany({
      where: {
        organizationId: org.organizationId,
        ...(projectId ? { projectId } : {}),
        ...(modelVersionId ? { modelVersionId } : {}),
        ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
      },
      omit: { ...omitInput, report: true },
      include: withProject,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const names = await this.names(page.flatMap((r) => [r.reviewerId, r.exceptionById]));
    return { items: page.map((r) => fairnessAuditSummary(r, names)), nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  async get(org: OrgAccess, id: string): Promise<FairnessAuditView> {
    const view = await loadFairnessAuditView(this.prisma, org.organizationId, id);
    if (!view) throw AppError.notFound('fairness audit');
    return view;
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
    if (input.modelVersionId) await this.checkModelVersionOfProject(org, projectId, input.modelVersionId);
    const id = newId();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // The file lives in the artifact store (hash-verified on every read), not in the database row.
    const artifactKey = `fairness-audits/${org.organizationId}/${id}/predictions-${sha256.slice(0, 16)}.csv`;
    await this.artifacts.put(artifactKey, bytes, { contentType: 'text/csv', expectedSha256: sha256 });
    try {
      return await this.enqueue(actor, org, projectId, id, {
        modelVersionId: input.modelVersionId ?? null,
        datasetVersionId: null,
        source: 'PREDICTIONS_UPLOAD',
        fileName: input.fileName,
        fileSha256: sha256,
        fileBytes: bytes.byteLength,
        fileRows: null,
        artifactKey,
        options: input.options as unknown as Prisma.InputJsonValue,
      });
    } catch (e) {
      await this.artifacts.delete(artifactKey).catch(() => undefined);
      throw e;
    }
  }

  /**
   * An audit of a registered model version on a dataset version of the same project: what can be
   * checked without reading the data is checked now (400/404/422 naming the problem); the job then
   * predicts on every row and builds the same report as for uploaded predictions.
   */
  async createForModel(actor: Actor, org: OrgAccess, projectId: string, input: z.output<typeof ZCreateModelAuditSchema>): Promise<FairnessAuditView> {
    const project = await this.prisma.project.findFirst({ where: { id: projectId, organizationId: org.organizationId }, select: { id: true, name: true } });
    if (!project) throw AppError.notFound('project');
    const model = await this.prisma.modelVersion.findFirst({
      where: { id: input.modelVersionId, organizationId: org.organizationId },
      select: { id: true, version: true, projectId: true, preprocessing: true, run: { select: { labelColumn: true } } },
    });
    // A body that names an id which does not resolve in this organisation is a request to fix (422 naming the field), not a missing resource of the path.
    if (!model) throw new AppError('UNPROCESSABLE', `model version ${input.modelVersionId} does not exist in this organisation`, [{ path: 'modelVersionId', message: 'is not a model version of this organisation' }]);
    if (model.projectId !== projectId) {
      throw new AppError('UNPROCESSABLE', `model version v${model.version} belongs to another project; audit it from its own project, or pick a model version of ${project.name}`, [
        { path: 'modelVersionId', message: 'is a model version of another project' },
      ]);
    }
    const dv = await this.prisma.datasetVersion.findFirst({
      where: { id: input.datasetVersionId, organizationId: org.organizationId },
      select: { id: true, version: true, fileName: true, contentHash: true, sizeBytes: true, rowCount: true, profile: true, profileStatus: true, dataset: { select: { projectId: true, name: true } } },
    });
    if (!dv) throw new AppError('UNPROCESSABLE', `dataset version ${input.datasetVersionId} does not exist in this organisation`, [{ path: 'datasetVersionId', message: 'is not a dataset version of this organisation' }]);
    if (dv.dataset.projectId !== projectId) {
      throw new AppError('UNPROCESSABLE', `dataset version ${dv.dataset.name} v${dv.version} belongs to another project; upload the data to ${project.name} first`, [
        { path: 'datasetVersionId', message: 'is a dataset version of another project' },
      ]);
    }
    const target = (model.preprocessing as { target?: { task?: string; classes?: string[] } } | null)?.target;
    if (target?.task !== 'classification' || target.classes?.length !== 2) {
      const what = target?.task === 'classification' ? `${target.classes?.length ?? 0} classes` : target?.task === 'regression' ? 'a number (regression)' : 'no class';
      throw AppError.validation([{ path: 'modelVersionId', message: `predicts ${what}; a fairness audit needs a binary classifier (two classes)` }], `model version v${model.version} predicts ${what}; a fairness audit needs a binary classifier (two classes)`);
    }
    const label = input.label ?? model.run.labelColumn;
    if (!label) throw AppError.validation([{ path: 'label', message: "name the dataset version's label column (the model's training run has none recorded)" }]);
    if (input.positiveLabel !== undefined && !target.classes.includes(String(input.positiveLabel))) {
      throw AppError.validation([{ path: 'positiveLabel', message: `is not one of the model's classes (${target.classes.map((c) => `'${c}'`).join(', ')})` }]);
    }
    checkAgainstProfile(dv.profileStatus === 'READY' ? (dv.profile as unknown as DatasetProfile | null) : null, { ...input, label });

    // The thresholds are the project's fairness policy, not the requester's: unset ones are the
    // policy's, set ones may only tighten it (the promotion gate trusts this audit's verdict).
    const policy = await loadProjectFairnessPolicy(this.prisma, org.organizationId, projectId);
    const { stored: _stored, tau: policyTau, requiredSensitive: _required, ...policyThresholds } = policy;
    const options: FairnessReportOptions = {
      audit: {
        label,
        prediction: MODEL_PREDICTION_COLUMN,
        score: MODEL_SCORE_COLUMN,
        sensitive: input.sensitive,
        control: input.control ?? [],
        ...(input.weight ? { weight: input.weight } : {}),
        ...(input.positiveLabel !== undefined ? { positiveLabel: input.positiveLabel } : {}),
        ...(input.privileged ? { privileged: input.privileged } : {}),
        reference: input.reference ?? 'majority',
        tau: input.tau ?? policyTau,
        ...(input.bootstrap ? { bootstrap: input.bootstrap } : {}),
      },
      policy: { ...policyThresholds, ...(input.policy ?? {}) },
      mitigation: input.mitigation,
    };
    const parsed = ZFairnessReportOptions.safeParse(options);
    if (!parsed.success) throw AppError.validation(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const looser = fairnessPolicyLoosenings({ tau: parsed.data.audit.tau, policy: parsed.data.policy, sensitive: parsed.data.audit.sensitive }, policy);
    if (looser.length) {
      throw new AppError('UNPROCESSABLE', `${looser[0].path}: ${looser[0].message}. An audit of a model version may tighten the project's fairness policy, never loosen it; an owner or admin changes the policy itself`, looser);
    }
    return this.enqueue(actor, org, projectId, newId(), {
      modelVersionId: model.id,
      datasetVersionId: dv.id,
      source: 'MODEL_VERSION',
      fileName: dv.fileName,
      fileSha256: dv.contentHash,
      fileBytes: Number(dv.sizeBytes),
      fileRows: dv.rowCount,
      artifactKey: null,
      options: options as unknown as Prisma.InputJsonValue,
    });
  }

  /** A model version named in a request body must be one of this project's (422 naming the field otherwise). */
  private async checkModelVersionOfProject(org: OrgAccess, projectId: string, modelVersionId: string): Promise<void> {
    const project = await this.prisma.project.findFirst({ where: { id: projectId, organizationId: org.organizationId }, select: { name: true } });
    if (!project) throw AppError.notFound('project');
    const model = await this.prisma.modelVersion.findFirst({ where: { id: modelVersionId, organizationId: org.organizationId }, select: { version: true, projectId: true } });
    if (!model) throw new AppError('UNPROCESSABLE', `model version ${modelVersionId} does not exist in this organisation`, [{ path: 'modelVersionId', message: 'is not a model version of this organisation' }]);
    if (model.projectId !== projectId) {
      throw new AppError('UNPROCESSABLE', `model version v${model.version} belongs to another project; name a model version of ${project.name}, or leave modelVersionId out`, [
        { path: 'modelVersionId', message: 'is a model version of another project' },
      ]);
    }
  }

  /** The project's fairness policy (the standard policy until an owner or admin sets one). */
  async getPolicy(org: OrgAccess, projectId: string): Promise<ProjectFairnessPolicyView> {
    const project = await this.prisma.project.findFirst({ where: { id: projectId, organizationId: org.organizationId }, select: { id: true } });
    if (!project) throw AppError.notFound('project');
    const { stored, ...policy } = await loadProjectFairnessPolicy(this.prisma, org.organizationId, projectId);
    const names = await this.names([stored?.updatedById ?? null]);
    return {
      projectId,
      ...policy,
      isDefault: !stored,
      updatedById: stored?.updatedById ?? null,
      updatedByName: stored?.updatedById ? (names.get(stored.updatedById) ?? null) : null,
      updatedAt: stored?.updatedAt.toISOString() ?? null,
    };
  }

  /**
   * OWNER or ADMIN: replace the project's fairness policy (fields left out take the standard
   * values); audited with the policy before and after. Audits already run keep the thresholds they
   * were judged by: a pass under a looser policy stops counting for the gate.
   */
  async putPolicy(actor: Actor, org: OrgAccess, projectId: string, input: z.output<typeof ZProjectFairnessPolicySchema>): Promise<ProjectFairnessPolicyView> {
    if (org.role !== 'OWNER' && org.role !== 'ADMIN') throw AppError.forbidden("only an owner or admin sets a project's fairness policy: it decides what the promotion gate accepts");
    const project = await this.prisma.project.findFirst({ where: { id: projectId, organizationId: org.organizationId }, select: { id: true } });
    if (!project) throw AppError.notFound('project');
    const userId = actorUserId(org.principal);
    const before = await this.getPolicy(org, projectId);
    const data = {
      tau: input.tau,
      parityMetrics: [...new Set(input.parityMetrics)],
      maxDemographicParityDifference: input.maxDemographicParityDifference,
      maxEqualizedOddsDifference: input.maxEqualizedOddsDifference,
      warnMargin: input.warnMargin,
      minGroupRows: input.minGroupRows,
      requiredSensitive: [...new Set(input.requiredSensitive)],
      updatedById: userId,
    };
    await this.prisma.$transaction(async (tx) => {
      await tx.projectFairnessPolicy.upsert({ where: { projectId }, create: { projectId, organizationId: org.organizationId, ...data }, update: data });
      const { projectId: _p, isDefault: _d, updatedById: _u, updatedByName: _n, updatedAt: _a, ...was } = before;
      const { updatedById: _u2, ...now } = data;
      await this.audit.record(actor, { action: 'fairness_policy.update', organizationIds: [org.organizationId], targetType: 'project', targetId: projectId, metadata: { before: was, after: now } }, tx);
    });
    return this.getPolicy(org, projectId);
  }

  /** The audit row, its job record and the audit-log line in one transaction, then the job; a queue failure undoes the rows. */
  private async enqueue(
    actor: Actor,
    org: OrgAccess,
    projectId: string,
    id: string,
    data: Pick<Prisma.FairnessAuditUncheckedCreateInput, 'modelVersionId' | 'datasetVersionId' | 'source' | 'fileName' | 'fileSha256' | 'fileBytes' | 'fileRows' | 'artifactKey' | 'options'>,
  ): Promise<FairnessAuditView> {
    const jobId = newId();
    const payload = JobPayloadSchemas[JobName.FairnessAudit].parse({ jobRecordId: jobId, organizationId: org.organizationId, auditId: id });
    const userId = actorUserId(org.principal);
    await this.prisma.$transaction(async (tx) => {
      await tx.jobRecord.create({ data: { id: jobId, organizationId: org.organizationId, name: JobName.FairnessAudit, payload, createdById: userId } });
      await tx.fairnessAudit.create({ data: { id, organizationId: org.organizationId, projectId, ...data, jobId, createdById: userId } });
      await this.audit.record(
        actor,
        {
          action: 'fairness_audit.create',
          organizationIds: [org.organizationId],
          targetType: 'fairness_audit',
          targetId: id,
          metadata: { projectId, fileName: data.fileName, source: data.source, modelVersionId: data.modelVersionId ?? null, datasetVersionId: data.datasetVersionId ?? null },
        },
        tx,
      );
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

  /**
   * An OWNER accepts a failed (or warning) audit of a model version for the promotion gate, with a
   * written justification; who and when are recorded on the audit and in the audit log.
   */
  async recordException(actor: Actor, org: OrgAccess, id: string, input: AuditExceptionInput): Promise<FairnessAuditView> {
    const r = await this.prisma.fairnessAudit.findFirst({ where: { id, organizationId: org.organizationId }, select: { id: true, status: true, verdict: true, modelVersionId: true, projectId: true, pdfKey: true, source: true } });
    if (!r) throw AppError.notFound('fairness audit');
    if (org.role !== 'OWNER') throw AppError.forbidden('only an owner of the organisation can accept an exception to a fairness audit; ask an owner to review it');
    if (r.status !== 'SUCCEEDED' || !r.verdict) throw AppError.conflict('the audit has not finished; an exception is recorded against a verdict');
    if (r.verdict === 'PASS') throw AppError.conflict('the audit passed: there is nothing to accept an exception for');
    if (!r.modelVersionId || r.source !== 'MODEL_VERSION') {
      throw AppError.conflict('this audit did not score a model version itself (uploaded predictions never gate a promotion); audit the model version (POST .../fairness-audits/model) and record the exception there');
    }
    const userId = actorUserId(org.principal);
    if (!userId) throw AppError.forbidden('an exception is accepted by a person: sign in rather than use an API key without an owner');
    await this.prisma.$transaction(async (tx) => {
      // The stored PDF names the exception (or its absence): the next download renders a new one.
      await tx.fairnessAudit.update({ where: { id }, data: { exceptionById: userId, exceptionAt: new Date(), exceptionJustification: input.justification, pdfKey: null } });
      await this.audit.record(
        actor,
        { action: 'fairness_audit.exception', organizationIds: [org.organizationId], targetType: 'fairness_audit', targetId: id, metadata: { verdict: r.verdict, modelVersionId: r.modelVersionId, projectId: r.projectId, justification: input.justification } },
        tx,
      );
    });
    if (r.pdfKey) await this.artifacts.delete(r.pdfKey).catch(() => undefined);
    return this.get(org, id);
  }

  async withdrawException(actor: Actor, org: OrgAccess, id: string): Promise<FairnessAuditView> {
    const r = await this.prisma.fairnessAudit.findFirst({ where: { id, organizationId: org.organizationId }, select: { id: true, exceptionById: true, modelVersionId: true, pdfKey: true } });
    if (!r) throw AppError.notFound('fairness audit');
    if (org.role !== 'OWNER') throw AppError.forbidden('only an owner of the organisation can withdraw an accepted exception');
    if (!r.exceptionById) throw AppError.notFound('accepted exception');
    await this.prisma.$transaction(async (tx) => {
      await tx.fairnessAudit.update({ where: { id }, data: { exceptionById: null, exceptionAt: null, exceptionJustification: null, pdfKey: null } });
      await this.audit.record(actor, { action: 'fairness_audit.exception_withdraw', organizationIds: [org.organizationId], targetType: 'fairness_audit', targetId: id, metadata: { modelVersionId: r.modelVersionId } }, tx);
    });
    if (r.pdfKey) await this.artifacts.delete(r.pdfKey).catch(() => undefined);
    return this.get(org, id);
  }

  async review(actor: Actor, org: OrgAccess, id: string, input: FairnessReviewInput): Promise<FairnessAuditView> {
    const r = await this.prisma.fairnessAudit.findFirst({ where: { id, organizationId: org.organizationId }, select: { id: true, status: true, pdfKey: true } });
    if (!r) throw AppError.notFound('fairness audit');
    if (r.status !== 'SUCCEEDED') throw AppError.conflict('the audit has not finished; review it once it has a verdict');
    const reviewerId = actorUserId(org.principal);
    if (!reviewerId) throw AppError.forbidden('an ethics review is signed by a person: sign in rather than use an API key without an owner');
    await this.prisma.$transaction(async (tx) => {
      // A stored PDF without the sign-off is stale: the next download renders a new one.
      await tx.fairnessAudit.update({ where: { id }, data: { reviewerId, reviewedAt: new Date(), reviewDecision: input.decision, reviewNote: input.note, pdfKey: null } });
      await this.audit.record(actor, { action: 'fairness_audit.review', organizationIds: [org.organizationId], targetType: 'fairness_audit', targetId: id, metadata: { decision: input.decision } }, tx);
    });
    if (r.pdfKey) await this.artifacts.delete(r.pdfKey).catch(() => undefined);
    return this.get(org, id);
  }

  /**
   * The report as a PDF (headless Chromium), stored in the artifact store with the audit on first
   * download and served from there until the audit changes (a review clears it).
   */
  async pdf(org: OrgAccess, id: string): Promise<{ bytes: Buffer; fileName: string }> {
    const row = await this.prisma.fairnessAudit.findFirst({ where: { id, organizationId: org.organizationId }, select: { status: true, pdfKey: true } });
    if (!row) throw AppError.notFound('fairness audit');
    if (row.status !== 'SUCCEEDED') throw AppError.conflict('the audit has not finished; the PDF report exists once it has a verdict');
    const fileName = `fairness-audit-${id}.pdf`;
    if (row.pdfKey && (await this.artifacts.exists(row.pdfKey))) return { bytes: await this.artifacts.getBuffer(row.pdfKey), fileName };
    // Not stored yet: the job could not render it (no Chromium where it ran), or a review or exception changed the audit since.
    try {
      const stored = await storeAuditPdf(this.prisma, this.artifacts, org.organizationId, id, { replace: true });
      if (!stored) throw AppError.notFound('fairness audit');
      return { bytes: stored.bytes, fileName };
    } catch (e) {
      if (e instanceof ChromiumMissingError) throw new AppError('SERVICE_UNAVAILABLE', `${e.message}; the report itself stays available as JSON and on the audit page`);
      throw e;
    }
  }

  async delete(actor: Actor, org: OrgAccess, id: string): Promise<void> {
    const r = await this.prisma.fairnessAudit.findFirst({ where: { id, organizationId: org.organizationId }, select: { id: true, fileName: true, verdict: true, projectId: true, source: true, artifactKey: true, pdfKey: true } });
    if (!r) throw AppError.notFound('fairness audit');
    // An audit of a model version is the promotion gate's evidence: deleting a failed one would unblock the model.
    if (r.source === 'MODEL_VERSION' && org.role !== 'OWNER' && org.role !== 'ADMIN') {
      throw AppError.forbidden("only an owner or admin deletes an audit of a model version: the promotion gate reads it (record an accepted exception instead of deleting a failed audit)");
    }
    await this.prisma.$transaction(async (tx) => {
      await tx.fairnessAudit.delete({ where: { id } });
      await this.audit.record(actor, { action: 'fairness_audit.delete', organizationIds: [org.organizationId], targetType: 'fairness_audit', targetId: id, metadata: { fileName: r.fileName, verdict: r.verdict, projectId: r.projectId } }, tx);
    });
    // The audit's own files go with it (a MODEL_VERSION audit points at no file of its own: the dataset version keeps its data).
    for (const key of [r.source === 'PREDICTIONS_UPLOAD' ? r.artifactKey : null, r.pdfKey]) if (key) await this.artifacts.delete(key).catch(() => undefined);
  }
}
