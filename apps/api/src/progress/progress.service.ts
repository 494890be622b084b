import { Injectable } from '@nestjs/common';
import { newId } from '@meridian/db';
import {
  PROJECT_STAGES,
  type CreateMilestoneBody,
  type CreateProjectTaskInput,
  type LifecycleFacts,
  type LifecycleView,
  type ProjectStage,
  type MilestoneView,
  type ProjectPlanView,
  type RecordObservationInput,
  type TaskView,
  type UpdateProjectTaskInput,
} from '@meridian/domain';
import { riskLevel, riskScore } from '@meridian/risk';
import { DependencyCycleError, PlanningError, burnupSeries, computeCriticalPath, evaluateStageEntry, highestEnterableStage, layoutGantt, milestoneProgress, type StageEntryResult } from '@meridian/planning';
import { AppError } from '../common/app-error';
import type { OrgAccess } from '../common/context';
import type { Db } from '../common/prisma';
import { Transactions } from '../common/prisma';
import { metricValue } from '@meridian/registry';
import { MilestoneMetricResolver, passesGoal } from './milestone-metric';
import { ProgressRepository, type MilestoneRow, type TaskData, type TaskRow } from './progress.repository';

const day = (d: Date) => d.toISOString().slice(0, 10);
const toDate = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const today = () => day(new Date());
const HIGH_LEVELS: ReadonlySet<string> = new Set(['HIGH', 'CRITICAL']);

export function taskView(t: TaskRow): TaskView {
  return {
    id: t.id,
    projectId: t.projectId,
    title: t.title,
    description: t.description,
    estimate: t.estimate,
    status: t.status,
    assigneeId: t.assigneeId,
    assigneeName: t.assignee?.name ?? null,
    milestoneId: t.milestoneId,
    dependsOn: t.dependsOn.map((d) => d.dependsOnId),
    position: t.position,
    doneAt: t.doneAt ? t.doneAt.toISOString() : null,
    createdAt: t.createdAt.toISOString(),
  };
}

/** A PlanningError (cycle, unknown dependency...) as the API's 400, naming tasks by their titles. */
function planningError(e: PlanningError, titles: Map<string, string>, startAt?: string): AppError {
  if (e instanceof DependencyCycleError) {
    // Start the cycle at the task being edited, so the message reads from what the user changed.
    const ring = e.cycle.slice(0, -1);
    const i = startAt ? ring.indexOf(startAt) : -1;
    const cycle = i > 0 ? [...ring.slice(i), ...ring.slice(0, i), ring[i]] : e.cycle;
    const named = cycle.map((id) => `"${titles.get(id) ?? id}"`);
    return AppError.validation(
      [{ path: 'dependsOn', message: 'would close a dependency cycle', expected: 'dependencies without a cycle' }],
      `Task dependencies would form a cycle: ${named.join(' → ')}. Remove one of these dependencies; nothing was saved.`,
    );
  }
  return AppError.validation(e.issues.map((i) => ({ path: i.path, message: i.message })), `Invalid plan: ${e.message}`);
}

@Injectable()
export class ProgressService {
  constructor(
    private readonly repo: ProgressRepository,
    private readonly metrics: MilestoneMetricResolver,
    private readonly tx: Transactions,
  ) {}

  private async requireProject(org: OrgAccess, projectId: string, db?: Db) {
    const p = await this.repo.project(org.organizationId, projectId, db);
    if (!p) throw AppError.notFound('project');
    return p;
  }

  // ---- milestones ----
  private async views(rows: MilestoneRow[], asOf: string): Promise<MilestoneView[]> {
    const resolved = await this.metrics.resolve(rows);
    return rows.map((m) => {
      const r = resolved.get(m.id) ?? { observations: [], source: 'none yet' };
      const goal = { metric: m.metric, threshold: m.threshold, direction: m.direction, startDate: day(m.startDate), deadline: day(m.deadline), baseline: m.baseline };
      const p = milestoneProgress(goal, r.observations, { asOf });
      return {
        id: m.id,
        projectId: m.projectId,
        projectName: m.project.name,
        title: m.title,
        ownerId: m.ownerId,
        ownerName: m.owner?.name ?? null,
        goal,
        status: p.status,
        progressPct: p.progressPct,
        elapsedPct: p.elapsedPct,
        current: p.current,
        reason: p.reason,
        source: r.source,
        observations: r.observations,
      };
    });
  }

  async milestones(org: OrgAccess, q: { projectId?: string; asOf?: string }): Promise<MilestoneView[]> {
    if (q.projectId) await this.requireProject(org, q.projectId);
    return this.views(await this.repo.milestones(org.organizationId, q.projectId), q.asOf ?? today());
  }

  async milestone(org: OrgAccess, id: string, asOf?: string): Promise<MilestoneView> {
    const m = await this.repo.milestone(org.organizationId, id);
    if (!m) throw AppError.notFound('milestone');
    return (await this.views([m], asOf ?? today()))[0];
  }

  async createMilestone(org: OrgAccess, input: CreateMilestoneBody): Promise<MilestoneView> {
    if (!(await this.repo.project(org.organizationId, input.projectId))) throw AppError.validation([{ path: 'projectId', message: 'no such project in this organisation' }]);
    if (input.ownerId && !(await this.repo.memberInOrg(org.organizationId, input.ownerId))) {
      throw AppError.validation([{ path: 'ownerId', message: 'the owner must be a team member of this organisation (see /team/members)' }]);
    }
    const g = input.goal;
    const m = await this.repo.createMilestone(org.organizationId, {
      projectId: input.projectId,
      title: input.title,
      ownerId: input.ownerId,
      metric: g.metric,
      threshold: g.threshold,
      direction: g.direction,
      startDate: toDate(g.startDate),
      deadline: toDate(g.deadline),
      baseline: g.baseline,
    });
    return this.milestone(org, m.id);
  }

  async deleteMilestone(org: OrgAccess, id: string): Promise<void> {
    if (!(await this.repo.deleteMilestone(org.organizationId, id))) throw AppError.notFound('milestone');
  }

  async recordObservation(org: OrgAccess, id: string, input: RecordObservationInput): Promise<MilestoneView> {
    const m = await this.repo.milestone(org.organizationId, id);
    if (!m) throw AppError.notFound('milestone');
    if (input.date > today()) throw AppError.validation([{ path: 'date', message: `is in the future; record values measured on or before ${today()}` }]);
    await this.repo.addObservation(id, toDate(input.date), input.value);
    return this.milestone(org, id);
  }

  // ---- tasks ----
  async tasks(org: OrgAccess, projectId: string): Promise<TaskView[]> {
    await this.requireProject(org, projectId);
    return (await this.repo.tasks(org.organizationId, projectId)).map(taskView);
  }

  /**
   * Checks the project's task graph with one task's dependencies replaced: unknown ids and cycles
   * answer 400 before anything is written.
   */
  private checkGraph(existing: TaskRow[], change: { id: string; title: string; estimate: number; dependsOn: string[] }): void {
    const titles = new Map(existing.map((t) => [t.id, t.title]));
    titles.set(change.id, change.title);
    for (const [i, d] of change.dependsOn.entries()) {
      if (!titles.has(d)) throw AppError.validation([{ path: `dependsOn.${i}`, message: `task "${d}" is not a task of this project` }]);
      if (d === change.id) throw AppError.validation([{ path: `dependsOn.${i}`, message: 'a task cannot depend on itself' }]);
    }
    const graph = existing.filter((t) => t.id !== change.id).map((t) => ({ id: t.id, name: t.title, duration: t.estimate, dependsOn: t.dependsOn.map((x) => x.dependsOnId) }));
    graph.push({ id: change.id, name: change.title, duration: change.estimate, dependsOn: [...new Set(change.dependsOn)] });
    try {
      computeCriticalPath(graph);
    } catch (e) {
      if (e instanceof PlanningError) throw planningError(e, titles, change.id);
      throw e;
    }
  }

  private async checkRefs(org: OrgAccess, projectId: string, input: { assigneeId?: string | null; milestoneId?: string | null }, db: Db): Promise<void> {
    if (input.assigneeId && !(await this.repo.memberInOrg(org.organizationId, input.assigneeId, db))) {
      throw AppError.validation([{ path: 'assigneeId', message: 'the assignee must be a team member of this organisation' }]);
    }
    if (input.milestoneId && !(await this.repo.milestoneInProject(org.organizationId, projectId, input.milestoneId, db))) {
      throw AppError.validation([{ path: 'milestoneId', message: 'no such milestone in this project' }]);
    }
  }

  async createTask(org: OrgAccess, projectId: string, input: CreateProjectTaskInput): Promise<TaskView> {
    const id = newId();
    await this.tx.run(async (tx) => {
      await this.requireProject(org, projectId, tx);
      await this.checkRefs(org, projectId, input, tx);
      const existing = await this.repo.tasks(org.organizationId, projectId, tx);
      this.checkGraph(existing, { id, title: input.title, estimate: input.estimate, dependsOn: input.dependsOn });
      const max = await this.repo.maxPosition(projectId, input.status, tx);
      const data: TaskData = {
        title: input.title,
        description: input.description,
        estimate: input.estimate,
        status: input.status,
        assigneeId: input.assigneeId,
        milestoneId: input.milestoneId,
        position: (max._max.position ?? -1) + 1,
        doneAt: input.status === 'DONE' ? new Date() : null,
      };
      await this.repo.createTask(org.organizationId, projectId, id, data, [...new Set(input.dependsOn)], tx);
    });
    return this.task(org, projectId, id);
  }

  private async task(org: OrgAccess, projectId: string, id: string): Promise<TaskView> {
    const t = await this.repo.task(org.organizationId, projectId, id);
    if (!t) throw AppError.notFound('task');
    return taskView(t);
  }

  async updateTask(org: OrgAccess, projectId: string, id: string, input: UpdateProjectTaskInput): Promise<TaskView> {
    await this.tx.run(async (tx) => {
      await this.requireProject(org, projectId, tx);
      const current = await this.repo.task(org.organizationId, projectId, id, tx);
      if (!current) throw AppError.notFound('task');
      await this.checkRefs(org, projectId, input, tx);
      if (input.dependsOn !== undefined || input.estimate !== undefined) {
        const existing = await this.repo.tasks(org.organizationId, projectId, tx);
        this.checkGraph(existing, {
          id,
          title: input.title ?? current.title,
          estimate: input.estimate ?? current.estimate,
          dependsOn: input.dependsOn ?? current.dependsOn.map((d) => d.dependsOnId),
        });
      }
      const { dependsOn, ...fields } = input;
      const data: Partial<TaskData> = { ...fields };
      if (input.status !== undefined && input.status !== current.status) {
        data.doneAt = input.status === 'DONE' ? new Date() : null;
        if (input.position === undefined) data.position = ((await this.repo.maxPosition(projectId, input.status, tx))._max.position ?? -1) + 1;
      }
      await this.repo.updateTask(id, data, dependsOn ? [...new Set(dependsOn)] : undefined, tx);
    });
    return this.task(org, projectId, id);
  }

  /**
   * Deletes a task. Tasks that depend on it would silently lose a finish-to-start link (and the
   * critical path would change), so that needs `detach`: without it the answer is 409 naming the
   * dependent tasks, and nothing changes. With it the links go in the same transaction as the task.
   */
  async deleteTask(org: OrgAccess, projectId: string, id: string, opts: { detach?: boolean } = {}): Promise<void> {
    await this.tx.run(async (tx) => {
      await this.requireProject(org, projectId, tx);
      const task = await this.repo.task(org.organizationId, projectId, id, tx);
      if (!task) throw AppError.notFound('task');
      const dependents = await this.repo.dependents(id, tx);
      if (dependents.length && !opts.detach) {
        const names = dependents.map((d) => `"${d.title}"`).join(', ');
        throw AppError.conflict(
          `"${task.title}" cannot be deleted: ${names} ${dependents.length === 1 ? 'depends' : 'depend'} on it. Remove ${dependents.length === 1 ? 'that dependency' : 'those dependencies'} first, or delete with detach=true to drop ${dependents.length === 1 ? 'it' : 'them'} too; nothing was deleted.`,
        );
      }
      await this.repo.deleteTask(org.organizationId, projectId, id, tx);
    });
  }

  /** CPM over the project's tasks (estimates in working days), its Gantt layout and the burn-up of done work. */
  async plan(org: OrgAccess, projectId: string, q: { startDate?: string }): Promise<ProjectPlanView> {
    await this.requireProject(org, projectId);
    const rows = await this.repo.tasks(org.organizationId, projectId);
    const first = rows.reduce<Date | null>((min, t) => (min === null || t.createdAt < min ? t.createdAt : min), null);
    const startDate = q.startDate ?? (first ? day(first) : today());
    const titles = new Map(rows.map((t) => [t.id, t.title]));
    try {
      const cpm = computeCriticalPath(rows.map((t) => ({ id: t.id, name: t.title, duration: t.estimate, dependsOn: t.dependsOn.map((d) => d.dependsOnId) })));
      const gantt = layoutGantt(cpm, { startDate });
      const bars = new Map(gantt.bars.map((b) => [b.id, b]));
      const status = new Map(rows.map((t) => [t.id, t.status]));
      const to = [today(), gantt.projectEnd].sort()[1];
      const burnup = rows.length
        ? burnupSeries(
            rows.map((t) => ({ id: t.id, points: t.estimate, createdAt: day(t.createdAt), doneAt: t.doneAt ? day(t.doneAt) : null })),
            { from: startDate < day(first ?? new Date()) ? startDate : day(first ?? new Date()), to, interval: 'WEEK' },
          )
        : [];
      return {
        projectId,
        startDate: gantt.projectStart,
        projectDuration: cpm.projectDuration,
        endDate: gantt.projectEnd,
        criticalPath: cpm.criticalPaths[0] ?? [],
        tasks: cpm.tasks.map((t) => {
          const b = bars.get(t.id);
          return {
            id: t.id,
            title: titles.get(t.id) ?? t.name,
            status: status.get(t.id) ?? 'TODO',
            duration: t.duration,
            earliestStart: t.earliestStart,
            earliestFinish: t.earliestFinish,
            latestStart: t.latestStart,
            latestFinish: t.latestFinish,
            totalSlack: t.totalSlack,
            critical: t.critical,
            start: b?.start ?? startDate,
            end: b?.end ?? startDate,
          };
        }),
        links: gantt.links,
        burnup,
      };
    } catch (e) {
      // Stored graphs are checked on every write, so this only fires on rows edited outside the API.
      if (e instanceof PlanningError) throw planningError(e, titles);
      throw e;
    }
  }

  // ---- lifecycle ----
  /** Facts read from the project's data; every criterion of the lifecycle can be judged from them. */
  async facts(org: OrgAccess, projectId: string, db?: Db): Promise<LifecycleFacts> {
    const project = await this.requireProject(org, projectId, db);
    const f = await this.repo.facts(projectId, db);
    const goalDefined = Boolean(project.goalMetric && project.goalThreshold !== null && project.goalDeadline);
    const facts: LifecycleFacts = {
      goalDefined,
      milestoneCount: f.milestones,
      teamMemberCount: f.allocated,
      datasetVersionCount: f.versions,
      datasetProfiled: f.profiled > 0,
      dataGovernanceRecorded: f.governed > 0,
      computeBudgetDefined: f.computeBudgets > 0,
      modelSpecDefined: f.specRuns > 0,
      succeededRunCount: f.succeededRuns,
      modelVersionCount: f.modelVersions.length,
      productionModelExists: f.production > 0,
    };
    // High or critical (libs/risk bands), not closed, and not accepted by its owner.
    facts.openUnacceptedHighRiskCount = f.openRisks.filter((r) => r.response !== 'ACCEPT' && HIGH_LEVELS.has(riskLevel(riskScore(r.likelihood, r.impact)))).length;
    // The latest finished audit decides; without one, an audit is required for a high-risk AI Act
    // tier or when a profile flagged a column that looks like a personal attribute (sex, age...).
    if (f.latestAudit?.verdict) facts.fairnessAuditPassed = f.latestAudit.verdict !== 'FAIL';
    else if (f.aiActTier === 'HIGH' || f.aiActTier === 'UNACCEPTABLE' || f.sensitiveVersions > 0) facts.fairnessAuditPassed = false;
    else facts.fairnessAuditPassed = null;
    // A version passes when its test value of the goal metric (read as the promotion gate reads it,
    // aliases included) is on the right side of the threshold: at most for loss/RMSE/MAE-like metrics.
    // A version that does not report the metric cannot pass (the gate refuses it too).
    facts.modelPassedGoal =
      goalDefined && project.goalMetric !== null && project.goalThreshold !== null
        ? f.modelVersions.some((v) => passesGoal(metricValue(v.testMetrics, project.goalMetric ?? ''), project.goalMetric ?? '', project.goalThreshold ?? Number.NaN))
        : false;
    facts.monitoringConfigured = f.monitors > 0;
    return facts;
  }

  /**
   * Whether the project may move into `stage`: that stage's entry criteria and every earlier
   * stage's (cumulative, as the lifecycle view's canEnter), from the same facts. Pass the caller's
   * transaction: the embedded database has one connection, which that transaction holds.
   */
  async stageEntry(org: OrgAccess, projectId: string, stage: ProjectStage, db?: Db): Promise<StageEntryResult> {
    return evaluateStageEntry(stage, await this.facts(org, projectId, db));
  }

  async lifecycle(org: OrgAccess, projectId: string): Promise<LifecycleView> {
    const project = await this.requireProject(org, projectId);
    const facts = await this.facts(org, projectId);
    return {
      projectId,
      currentStage: project.stage,
      highestEnterableStage: highestEnterableStage(facts),
      stages: PROJECT_STAGES.filter((s) => s !== 'PLANNING').map((s) => {
        const r = evaluateStageEntry(s, facts, { cumulative: false });
        return { stage: s, canEnter: evaluateStageEntry(s, facts).canEnter, criteria: r.criteria.map((c) => ({ id: c.id, description: c.description, status: c.status, reason: c.reason })) };
      }),
    };
  }
}
