import { Injectable } from '@nestjs/common';
import { LABELS, PROJECT_STAGES, roleAtLeast, type CreateProjectInput, type ErrorIssue, type Page, type ProjectStage, type ProjectView, type UpdateProjectInput } from '@meridian/domain';
import { evaluateStageEntry, type StageEntryResult } from '@meridian/planning';
import { AppError } from '../common/app-error';
import { actorUserId, type Actor, type OrgAccess } from '../common/context';
import { Transactions, decodeCursor, encodeCursor, isUniqueViolation } from '../common/prisma';
import { AuditService } from '../audit/audit.service';
import { ProgressService } from '../progress/progress.service';
import { ProjectsRepository, type ProjectData, type ProjectRow } from './projects.repository';

export function projectView(p: ProjectRow): ProjectView {
  return {
    id: p.id,
    organizationId: p.organizationId,
    name: p.name,
    description: p.description,
    stage: p.stage,
    startupMode: p.startupMode,
    businessModel: p.businessModel,
    goal: {
      statement: p.goalStatement,
      metric: p.goalMetric,
      threshold: p.goalThreshold,
      deadline: p.goalDeadline ? p.goalDeadline.toISOString().slice(0, 10) : null,
    },
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

function toData(input: Partial<CreateProjectInput>): Partial<ProjectData> {
  const d: Partial<ProjectData> = {};
  if (input.name !== undefined) d.name = input.name;
  if (input.description !== undefined) d.description = input.description;
  if (input.stage !== undefined) d.stage = input.stage;
  if (input.startupMode !== undefined) d.startupMode = input.startupMode;
  if (input.businessModel !== undefined) d.businessModel = input.businessModel;
  if (input.goal !== undefined) {
    d.goalStatement = input.goal.statement;
    d.goalMetric = input.goal.metric;
    d.goalThreshold = input.goal.threshold;
    d.goalDeadline = input.goal.deadline ? new Date(`${input.goal.deadline}T00:00:00.000Z`) : null;
  }
  return d;
}

/** Criteria that keep a project out of a stage, one issue each on `stage` (UNKNOWN blocks like UNMET). */
function blockingIssues(r: StageEntryResult): ErrorIssue[] {
  return [...r.unmet, ...r.unknown].map((c) => ({ path: 'stage', message: `${LABELS.stage[c.stage]}: ${c.description.charAt(0).toLowerCase()}${c.description.slice(1)} — ${c.reason}`, expected: c.id }));
}

/** Moving forward claims what the data must back; moving back (to rework a model) never does. */
const isForward = (from: ProjectStage, to: ProjectStage) => PROJECT_STAGES.indexOf(to) > PROJECT_STAGES.indexOf(from);

const DUPLICATE = (name: string) => AppError.conflict(`A project named "${name}" already exists in this organisation; pick another name`);

@Injectable()
export class ProjectsService {
  constructor(
    private readonly repo: ProjectsRepository,
    private readonly audit: AuditService,
    private readonly tx: Transactions,
    private readonly progress: ProgressService,
  ) {}

  async list(org: OrgAccess, q: { limit: number; cursor?: string }): Promise<Page<ProjectView>> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw AppError.validation([{ path: 'cursor', message: 'is not a cursor this API returned' }]);
    const rows = await this.repo.page(org.organizationId, q.limit, cursor);
    const page = rows.length > q.limit ? rows.slice(0, q.limit) : rows;
    const last = page[page.length - 1];
    return { items: page.map(projectView), nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  async get(org: OrgAccess, id: string): Promise<ProjectView> {
    const p = await this.repo.find(org.organizationId, id);
    if (!p) throw AppError.notFound('project');
    return projectView(p);
  }

  async create(actor: Actor, org: OrgAccess, input: CreateProjectInput): Promise<ProjectView> {
    if (input.stage !== 'PLANNING') {
      // A new project has no milestone, team, data or model yet: only its goal can already be true.
      const g = input.goal;
      const r = evaluateStageEntry(input.stage, {
        goalDefined: Boolean(g.metric && g.threshold !== null && g.deadline),
        milestoneCount: 0,
        teamMemberCount: 0,
        datasetVersionCount: 0,
        datasetProfiled: false,
        dataGovernanceRecorded: false,
        modelSpecDefined: false,
        computeBudgetDefined: false,
        succeededRunCount: 0,
        modelVersionCount: 0,
        modelPassedGoal: false,
        fairnessAuditPassed: null,
        openUnacceptedHighRiskCount: 0,
        productionModelExists: false,
        monitoringConfigured: false,
      });
      if (!r.canEnter) {
        throw new AppError(
          'UNPROCESSABLE',
          `A new project cannot start in ${LABELS.stage[input.stage]}: ${r.unmet.length} entry ${r.unmet.length === 1 ? 'criterion is' : 'criteria are'} not met. Create it in Planning and move it once its data exists; nothing was saved.`,
          blockingIssues(r),
        );
      }
    }
    try {
      const p = await this.tx.run(async (tx) => {
        const created = await this.repo.create(
          org.organizationId,
          { ...(toData(input) as ProjectData), createdById: actorUserId(org.principal) },
          tx,
        );
        await this.audit.record(actor, { action: 'project.create', organizationIds: [org.organizationId], targetType: 'project', targetId: created.id, metadata: { name: created.name } }, tx);
        return created;
      });
      return projectView(p);
    } catch (e) {
      if (isUniqueViolation(e)) throw DUPLICATE(input.name);
      throw e;
    }
  }

  /**
   * Edits a project. A move forward into another stage is checked against that stage's entry
   * criteria (and every earlier stage's) from the project's real data; unmet ones answer 422
   * UNPROCESSABLE, one issue on `stage` each, and nothing is saved. An OWNER or ADMIN may move anyway
   * with `overrideReason`; the unmet criteria and the reason are kept in the audit log. Every stage
   * move is audited (`project.stage_move`), in the same transaction as the change.
   */
  async update(org: OrgAccess, id: string, input: UpdateProjectInput, opts: { actor?: Actor; overrideReason?: string } = {}): Promise<ProjectView> {
    const actor: Actor = opts.actor ?? { principal: org.principal, requestId: '', ip: '' };
    try {
      const p = await this.tx.run(async (tx) => {
        // The row lock serialises two moves of one project, so each is judged against the stage it leaves.
        const current = await this.repo.lockForUpdate(org.organizationId, id, tx);
        if (!current) throw AppError.notFound('project');
        const moving = input.stage !== undefined && input.stage !== current.stage ? input.stage : null;
        let override: { reason: string; unmet: string[] } | null = null;
        if (moving && isForward(current.stage, moving)) {
          const r = await this.progress.stageEntry(org, id, moving, tx);
          if (!r.canEnter) {
            const issues = blockingIssues(r);
            if (!opts.overrideReason) {
              const may = roleAtLeast(org.role, 'ADMIN') ? ' As an owner or admin you may move it anyway with stageOverrideReason saying why.' : ' An owner or admin may override with a reason.';
              throw new AppError(
                'UNPROCESSABLE',
                `Cannot move "${current.name}" into ${LABELS.stage[moving]}: ${issues.length} entry ${issues.length === 1 ? 'criterion is' : 'criteria are'} not met.${may} Nothing was saved.`,
                issues,
              );
            }
            if (!roleAtLeast(org.role, 'ADMIN')) throw AppError.forbidden('Only an owner or admin may move a project past unmet entry criteria; nothing was saved.');
            override = { reason: opts.overrideReason, unmet: issues.map((i) => i.expected ?? i.message) };
          }
        }
        const updated = await this.repo.update(org.organizationId, id, toData(input), tx);
        if (!updated) throw AppError.notFound('project');
        if (moving) {
          await this.audit.record(
            actor,
            { action: 'project.stage_move', organizationIds: [org.organizationId], targetType: 'project', targetId: id, metadata: { from: current.stage, to: moving, override } },
            tx,
          );
        }
        return updated;
      });
      return projectView(p);
    } catch (e) {
      if (isUniqueViolation(e)) throw DUPLICATE(input.name ?? '');
      throw e;
    }
  }

  async delete(actor: Actor, org: OrgAccess, id: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const p = await this.repo.find(org.organizationId, id, tx);
      if (!p) throw AppError.notFound('project');
      await this.repo.delete(org.organizationId, id, tx);
      await this.audit.record(actor, { action: 'project.delete', organizationIds: [org.organizationId], targetType: 'project', targetId: id, metadata: { name: p.name } }, tx);
    });
  }
}
