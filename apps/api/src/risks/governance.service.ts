import { Injectable } from '@nestjs/common';
import { COMPLIANCE_FRAMEWORKS, type ComplianceItemView, type EvidenceLink, type ProjectGovernanceView, type SetAiActTierInput, type UpdateComplianceItemInput } from '@meridian/domain';
import { AI_ACT_TIERS_INFO, aiActBlocksDeployment, checklistSummary, complianceChecklistTemplate, updateChecklistItem, type ChecklistItem } from '@meridian/risk';
import { newId, type Prisma } from '@meridian/db';
import { AppError } from '../common/app-error';
import { actorUserId, type Actor, type OrgAccess } from '../common/context';
import { Transactions } from '../common/prisma';
import { AuditService } from '../audit/audit.service';
import { RisksRepository, type ComplianceRow } from './risks.repository';
import { riskRules } from './risk-errors';
import { today } from './risks.service';

const day = (d: Date | null): string | null => (d ? d.toISOString().slice(0, 10) : null);

function asItem(r: ComplianceRow): ChecklistItem {
  return {
    id: r.itemId,
    framework: r.framework,
    reference: r.reference,
    title: r.title,
    description: r.description,
    status: r.status,
    ownerId: r.ownerId,
    evidence: (r.evidence as unknown as EvidenceLink[]) ?? [],
    dueDate: day(r.dueDate),
    notes: r.notes,
  };
}

@Injectable()
export class GovernanceService {
  constructor(
    private readonly repo: RisksRepository,
    private readonly audit: AuditService,
    private readonly tx: Transactions,
  ) {}

  async get(org: OrgAccess, projectId: string): Promise<ProjectGovernanceView> {
    const project = await this.repo.findProject(org.organizationId, projectId);
    if (!project) throw AppError.notFound('project');
    const [gov, rows] = await Promise.all([this.repo.governance(projectId), this.repo.checklist(org.organizationId, projectId)]);
    const names = await this.repo.userNames(rows.map((r) => r.ownerId));
    const items = rows.map(asItem);
    const s = checklistSummary(items, today());
    const tier = gov?.aiActTier ?? null;
    const checklist: ComplianceItemView[] = rows.map((r, i) => ({
      ...items[i],
      id: r.id,
      itemId: r.itemId,
      ownerName: r.ownerId ? (names.get(r.ownerId) ?? null) : null,
      updatedAt: r.updatedAt.toISOString(),
    }));
    return {
      projectId,
      projectName: project.name,
      aiActTier: tier,
      aiActRationale: gov?.aiActRationale ?? '',
      tierInfo: tier ? AI_ACT_TIERS_INFO[tier] : null,
      blocksDeployment: tier ? aiActBlocksDeployment(tier) : false,
      checklist,
      summary: {
        applicable: s.applicable,
        done: s.byStatus.DONE,
        percentDone: s.percentDone,
        overdue: s.overdueIds,
        unowned: s.unownedIds,
        byFramework: COMPLIANCE_FRAMEWORKS.filter((f) => s.byFramework[f]).map((f) => ({ framework: f, ...s.byFramework[f]! })),
      },
    };
  }

  /**
   * Sets the project's AI Act tier and brings its checklist in line: the tier's obligations and the
   * compliance template are added where missing (existing items keep their status and evidence);
   * AI Act items of a previous tier that nobody started are removed, started ones are kept.
   */
  async setTier(actor: Actor, org: OrgAccess, projectId: string, input: SetAiActTierInput): Promise<ProjectGovernanceView> {
    const project = await this.repo.findProject(org.organizationId, projectId);
    if (!project) throw AppError.notFound('project');
    const template = complianceChecklistTemplate({ aiActTier: input.tier });
    const wanted = new Set(template.map((t) => t.id));
    await this.tx.run(async (tx) => {
      const previous = await this.repo.governance(projectId, tx);
      await this.repo.upsertGovernance(org.organizationId, projectId, { aiActTier: input.tier, aiActRationale: input.rationale, updatedById: actorUserId(org.principal) }, tx);
      await tx.complianceItem.createMany({
        data: template.map((t) => ({
          id: newId(),
          organizationId: org.organizationId,
          projectId,
          itemId: t.id,
          framework: t.framework,
          reference: t.reference,
          title: t.title,
          description: t.description,
        })),
        skipDuplicates: true,
      });
      const stale = await tx.complianceItem.findMany({ where: { projectId, framework: 'EU_AI_ACT', status: 'NOT_STARTED', itemId: { notIn: [...wanted] } }, select: { id: true } });
      if (stale.length) await tx.complianceItem.deleteMany({ where: { id: { in: stale.map((s) => s.id) } } });
      await this.audit.record(
        actor,
        { action: 'project.ai_act_tier', organizationIds: [org.organizationId], targetType: 'project', targetId: projectId, metadata: { from: previous?.aiActTier ?? null, to: input.tier, removedItems: stale.length } },
        tx,
      );
    });
    return this.get(org, projectId);
  }

  async updateItem(actor: Actor, org: OrgAccess, projectId: string, itemId: string, patch: UpdateComplianceItemInput): Promise<ProjectGovernanceView> {
    const row = await this.repo.findItem(org.organizationId, projectId, itemId);
    if (!row) throw AppError.notFound('compliance item');
    if (patch.ownerId) {
      if (!(await this.repo.isMember(org.organizationId, patch.ownerId))) throw AppError.validation([{ path: 'ownerId', message: 'is not a member of this organisation; pick a member as the owner' }]);
    }
    const next = await riskRules(() => updateChecklistItem(asItem(row), patch));
    const data: Prisma.ComplianceItemUncheckedUpdateInput = {
      status: next.status,
      ownerId: next.ownerId,
      evidence: next.evidence as unknown as Prisma.InputJsonValue,
      dueDate: next.dueDate ? new Date(`${next.dueDate}T00:00:00.000Z`) : null,
      notes: next.notes,
    };
    await this.tx.run(async (tx) => {
      await tx.complianceItem.update({ where: { id: row.id }, data });
      await this.audit.record(actor, { action: 'compliance.update', organizationIds: [org.organizationId], targetType: 'compliance_item', targetId: row.id, metadata: { itemId, from: row.status, to: next.status } }, tx);
    });
    return this.get(org, projectId);
  }
}
