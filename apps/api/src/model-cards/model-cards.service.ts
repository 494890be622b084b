// Model cards (issue 5): one per model version, assembled on read from what the platform records
// (project and its AI Act tier, run and dataset version lineage with the data's governance fields,
// test metrics against the project goal, fairness audits with verdicts and exceptions, open risks)
// plus the hand-written parts kept in ModelCardNotes. Nothing is copied, so a card is never stale.
import { Injectable } from '@nestjs/common';
import type { PrismaClient } from '@meridian/db';
import type { FairnessReason, ModelCardAuditView, ModelCardNotesInput, ModelCardView } from '@meridian/domain';
import { lowerIsBetter, metricValue, PROMOTION_CHECKS } from '@meridian/registry';
import { assessRisk } from '@meridian/risk';
import { AppError } from '../common/app-error';
import { actorUserId, type Actor, type OrgAccess } from '../common/context';
import { InjectPrisma } from '../common/tokens';
import { AuditService } from '../audit/audit.service';

const AUDITS_ON_CARD = 10;
// The gate's own fairness rule (libs/registry checks/fairness-audit.ts), so the card says what a promotion would be told.
const fairnessCheck = PROMOTION_CHECKS.find((c) => c.name === 'fairness-audit');
const RISKS_ON_CARD = 50;

@Injectable()
export class ModelCardsService {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
  ) {}

  async get(org: OrgAccess, modelVersionId: string): Promise<ModelCardView> {
    const m = await this.prisma.modelVersion.findFirst({
      where: { id: modelVersionId, organizationId: org.organizationId },
      include: {
        aliases: { select: { alias: true } },
        run: { select: { id: true, name: true, preset: true, labelColumn: true, epochs: true, createdAt: true } },
        datasetVersion: { include: { dataset: { select: { id: true, name: true } } } },
        project: { include: { governance: { select: { aiActTier: true, aiActRationale: true } } } },
        cardNotes: true,
      },
    });
    if (!m) throw AppError.notFound('model version');
    const [audits, risks, gate] = await Promise.all([
      this.prisma.fairnessAudit.findMany({
        where: { organizationId: org.organizationId, modelVersionId: m.id },
        omit: { input: true, report: true },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: AUDITS_ON_CARD,
      }),
      this.prisma.risk.findMany({
        where: { organizationId: org.organizationId, projectId: m.projectId, status: { not: 'CLOSED' }, OR: [{ modelVersionId: m.id }, { modelVersionId: null }] },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 500,
      }),
      fairnessCheck ? fairnessCheck.run(this.prisma, { organizationId: org.organizationId, projectId: m.projectId, modelVersionId: m.id, testMetrics: m.testMetrics, goal: { metric: m.project.goalMetric, threshold: m.project.goalThreshold } }) : { ok: true, reasons: ['the promotion gate has no fairness-audit check'] },
    ]);
    // The newest finished audit of the model itself (uploads never count for the gate, so not for the card's verdict either).
    const finished = audits.filter((a) => a.status === 'SUCCEEDED' && a.completedAt && a.source === 'MODEL_VERSION').sort((a, b) => b.completedAt!.getTime() - a.completedAt!.getTime() || (a.id < b.id ? 1 : -1));
    const latest = finished[0] ?? null;
    const names = await this.names(audits.flatMap((a) => [a.exceptionById, a.reviewerId]));
    const auditViews: ModelCardAuditView[] = audits.map((a) => {
      const report = (a.reasons ?? []) as unknown as FairnessReason[];
      const summary = (a.options as { audit?: { sensitive?: string[] } }).audit;
      return {
        id: a.id,
        status: a.status,
        verdict: a.verdict,
        source: a.source === 'MODEL_VERSION' ? 'MODEL_VERSION' : 'PREDICTIONS_UPLOAD',
        fileName: a.fileName,
        datasetVersionId: a.datasetVersionId,
        sensitive: summary?.sensitive ?? [],
        reasons: report.slice(0, 5).map((r) => r.message),
        demographicParityDifference: null,
        equalizedOddsDifference: null,
        exception: a.exceptionById && a.exceptionAt && a.exceptionJustification ? { byName: names.get(a.exceptionById) ?? null, justification: a.exceptionJustification, at: a.exceptionAt.toISOString() } : null,
        review: a.reviewerId && a.reviewedAt ? { decision: a.reviewDecision ?? '', reviewerName: names.get(a.reviewerId) ?? null, at: a.reviewedAt.toISOString() } : null,
        completedAt: a.completedAt?.toISOString() ?? null,
        createdAt: a.createdAt.toISOString(),
      };
    });
    await this.headlineNumbers(auditViews);
    const notes = m.cardNotes;
    const p = m.project;
    const dv = m.datasetVersion;
    const goalValue = p.goalMetric ? metricValue(m.testMetrics, p.goalMetric) : null;
    const riskViews = risks
      .map((r) => {
        const a = assessRisk({ likelihood: r.likelihood, impact: r.impact, response: r.response, residualLikelihood: r.residualLikelihood, residualImpact: r.residualImpact });
        return { id: r.id, title: r.title, category: r.category, level: a.level, score: a.score, status: r.status, source: r.source, modelVersionId: r.modelVersionId, createdAt: r.createdAt };
      })
      .sort((a, b) => b.score - a.score || b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, RISKS_ON_CARD)
      .map(({ createdAt: _createdAt, ...r }) => r);
    const projectUse = [p.goalStatement, p.description].map((s) => s.trim()).filter(Boolean).join('\n\n');
    return {
      schemaVersion: 1,
      generatedAt: new Date().toISOString(),
      modelVersion: { id: m.id, version: m.version, aliases: m.aliases.map((a) => a.alias).sort(), specHash: m.specHash, createdAt: m.createdAt.toISOString(), artifactKey: m.artifactKey },
      project: {
        id: p.id,
        name: p.name,
        description: p.description,
        goalStatement: p.goalStatement,
        goalMetric: p.goalMetric,
        goalThreshold: p.goalThreshold,
        aiActTier: p.governance?.aiActTier ?? null,
        aiActRationale: p.governance?.aiActRationale ?? '',
      },
      intendedUse: {
        summary: notes?.intendedUse.trim() ? notes.intendedUse : projectUse,
        fromNotes: !!notes?.intendedUse.trim(),
        outOfScopeUse: notes?.outOfScopeUse ?? '',
      },
      data: {
        run: m.run ? { id: m.run.id, name: m.run.name, preset: m.run.preset, labelColumn: m.run.labelColumn, epochs: m.run.epochs, createdAt: m.run.createdAt.toISOString() } : null,
        datasetVersion: dv
          ? {
              id: dv.id,
              datasetId: dv.datasetId,
              datasetName: dv.dataset.name,
              version: dv.version,
              fileName: dv.fileName,
              contentHash: dv.contentHash,
              rowCount: dv.rowCount,
              source: dv.source,
              licence: dv.licence,
              containsPersonalData: dv.containsPersonalData,
              anonymised: dv.anonymised,
              legalBasis: dv.legalBasis,
              retentionUntil: dv.retentionUntil?.toISOString() ?? null,
            }
          : null,
        inputs: ((m.inputSchema ?? []) as Array<{ name: string; type: string }>).map((c) => ({ name: c.name, type: c.type })),
      },
      metrics: {
        test: (m.testMetrics as Record<string, unknown> | null) ?? null,
        goal:
          p.goalMetric && p.goalThreshold !== null
            ? { metric: p.goalMetric, threshold: p.goalThreshold, value: goalValue, met: goalValue === null ? null : lowerIsBetter(p.goalMetric) ? goalValue <= p.goalThreshold : goalValue >= p.goalThreshold }
            : null,
      },
      fairness: {
        latestVerdict: latest?.verdict ?? null,
        latestAuditId: latest?.id ?? null,
        accepted: !!latest?.exceptionById,
        gate,
        audits: auditViews,
      },
      limitations: notes?.limitations ?? '',
      ethicalConsiderations: notes?.ethicalConsiderations ?? '',
      risks: riskViews,
      notes: { updatedAt: notes?.updatedAt.toISOString() ?? null, updatedById: notes?.updatedById ?? null },
    };
  }

  /** Demographic parity and equalized odds differences of each finished audit, read from its stored report. */
  private async headlineNumbers(views: ModelCardAuditView[]): Promise<void> {
    const ids = views.filter((v) => v.status === 'SUCCEEDED').map((v) => v.id);
    if (!ids.length) return;
    const rows = await this.prisma.fairnessAudit.findMany({ where: { id: { in: ids } }, select: { id: true, report: true } });
    for (const r of rows) {
      const f = (r.report as { result?: { fairlearn?: { demographicParityDifference?: { betweenGroups?: number | null }; equalizedOddsDifference?: { worstCase?: { betweenGroups?: number | null } } } } } | null)?.result?.fairlearn;
      const v = views.find((x) => x.id === r.id)!;
      v.demographicParityDifference = f?.demographicParityDifference?.betweenGroups ?? null;
      v.equalizedOddsDifference = f?.equalizedOddsDifference?.worstCase?.betweenGroups ?? null;
    }
  }

  async updateNotes(actor: Actor, org: OrgAccess, modelVersionId: string, input: ModelCardNotesInput): Promise<ModelCardView> {
    const m = await this.prisma.modelVersion.findFirst({ where: { id: modelVersionId, organizationId: org.organizationId }, select: { id: true, projectId: true } });
    if (!m) throw AppError.notFound('model version');
    const updatedById = actorUserId(org.principal);
    await this.prisma.$transaction(async (tx) => {
      await tx.modelCardNotes.upsert({ where: { modelVersionId: m.id }, create: { modelVersionId: m.id, organizationId: org.organizationId, ...input, updatedById }, update: { ...input, updatedById } });
      await this.audit.record(actor, { action: 'model_card.update', organizationIds: [org.organizationId], targetType: 'model_version', targetId: m.id, metadata: { projectId: m.projectId, fields: Object.keys(input) } }, tx);
    });
    return this.get(org, modelVersionId);
  }

  private async names(ids: Array<string | null>): Promise<Map<string, string>> {
    const list = [...new Set(ids.filter((x): x is string => !!x))];
    if (!list.length) return new Map();
    const users = await this.prisma.user.findMany({ where: { id: { in: list } }, select: { id: true, name: true } });
    return new Map(users.map((u) => [u.id, u.name]));
  }
}
