import { Injectable } from '@nestjs/common';
import { Prisma, newId, type GoalDirection, type PrismaClient, type TaskStatus } from '@meridian/db';
import type { Db } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';
import type { MeasuredSource } from './milestone-metric';

const taskInclude = { dependsOn: { select: { dependsOnId: true } }, assignee: { select: { name: true } } };
const milestoneInclude = { project: { select: { name: true } }, owner: { select: { name: true } } };

export type TaskRow = NonNullable<Awaited<ReturnType<ProgressRepository['task']>>>;
export type MilestoneRow = NonNullable<Awaited<ReturnType<ProgressRepository['milestone']>>>;

export interface TaskData {
  title: string;
  description: string;
  estimate: number;
  status: TaskStatus;
  assigneeId: string | null;
  milestoneId: string | null;
  position: number;
  doneAt: Date | null;
}

/** Every query is scoped by organisation id (and project where it applies). */
@Injectable()
export class ProgressRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  project(organizationId: string, id: string, db: Db = this.prisma) {
    return db.project.findFirst({ where: { organizationId, id } });
  }
  memberInOrg(organizationId: string, id: string, db: Db = this.prisma) {
    return db.teamMember.findFirst({ where: { organizationId, id }, select: { id: true } });
  }

  // ---- milestones ----
  milestones(organizationId: string, projectId?: string) {
    return this.prisma.milestone.findMany({ where: { organizationId, ...(projectId ? { projectId } : {}) }, include: milestoneInclude, orderBy: [{ deadline: 'asc' }, { id: 'asc' }] });
  }
  milestone(organizationId: string, id: string, db: Db = this.prisma) {
    return db.milestone.findFirst({ where: { organizationId, id }, include: milestoneInclude });
  }
  createMilestone(
    organizationId: string,
    data: { projectId: string; title: string; ownerId: string | null; metric: string; threshold: number; direction: GoalDirection; startDate: Date; deadline: Date; baseline: number | null },
  ) {
    return this.prisma.milestone.create({ data: { id: newId(), organizationId, ...data } });
  }
  async deleteMilestone(organizationId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.milestone.deleteMany({ where: { organizationId, id } });
    return count > 0;
  }
  addObservation(milestoneId: string, date: Date, value: number) {
    return this.prisma.milestoneObservation.create({ data: { id: newId(), milestoneId, date, value, source: 'manual' } });
  }
  observations(milestoneIds: string[]) {
    return this.prisma.milestoneObservation.findMany({ where: { milestoneId: { in: milestoneIds } }, orderBy: [{ date: 'asc' }, { createdAt: 'asc' }] });
  }
  /**
   * Test metrics the platform measured for these projects: every registered model version, and every
   * SUCCEEDED run that was not registered (a registered run is counted once, as its version).
   */
  async measuredSources(projectIds: string[]): Promise<MeasuredSource[]> {
    const [versions, runs] = await Promise.all([
      this.prisma.modelVersion.findMany({ where: { projectId: { in: projectIds } }, select: { projectId: true, version: true, testMetrics: true, createdAt: true } }),
      this.prisma.trainingRun.findMany({
        where: { projectId: { in: projectIds }, status: 'SUCCEEDED', modelVersions: { none: {} }, NOT: { testMetrics: { equals: Prisma.DbNull } } },
        select: { projectId: true, name: true, testMetrics: true, finishedAt: true, createdAt: true },
      }),
    ]);
    return [
      ...versions.map((v) => ({ projectId: v.projectId, label: `model v${v.version}`, at: v.createdAt, testMetrics: v.testMetrics })),
      ...runs.map((r) => ({ projectId: r.projectId, label: `run "${r.name}"`, at: r.finishedAt ?? r.createdAt, testMetrics: r.testMetrics })),
    ];
  }

  // ---- tasks ----
  tasks(organizationId: string, projectId: string, db: Db = this.prisma) {
    return db.task.findMany({ where: { organizationId, projectId }, include: taskInclude, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] });
  }
  task(organizationId: string, projectId: string, id: string, db: Db = this.prisma) {
    return db.task.findFirst({ where: { organizationId, projectId, id }, include: taskInclude });
  }
  milestoneInProject(organizationId: string, projectId: string, id: string, db: Db) {
    return db.milestone.findFirst({ where: { organizationId, projectId, id }, select: { id: true } });
  }
  async createTask(organizationId: string, projectId: string, id: string, data: TaskData, dependsOn: string[], db: Db) {
    await db.task.create({ data: { id, organizationId, projectId, ...data } });
    if (dependsOn.length) await db.taskDependency.createMany({ data: dependsOn.map((d) => ({ taskId: id, dependsOnId: d })) });
  }
  async updateTask(id: string, data: Partial<TaskData>, dependsOn: string[] | undefined, db: Db) {
    await db.task.update({ where: { id }, data });
    if (dependsOn) {
      await db.taskDependency.deleteMany({ where: { taskId: id } });
      if (dependsOn.length) await db.taskDependency.createMany({ data: dependsOn.map((d) => ({ taskId: id, dependsOnId: d })) });
    }
  }
  /** Tasks that wait for this one (finish-to-start), by title. */
  dependents(id: string, db: Db = this.prisma) {
    return db.task.findMany({ where: { dependsOn: { some: { dependsOnId: id } } }, select: { id: true, title: true }, orderBy: [{ position: 'asc' }, { id: 'asc' }] });
  }
  /** Removes the task; its dependency rows (both directions) go with it (ON DELETE CASCADE). */
  async deleteTask(organizationId: string, projectId: string, id: string, db: Db = this.prisma): Promise<boolean> {
    const { count } = await db.task.deleteMany({ where: { organizationId, projectId, id } });
    return count > 0;
  }
  maxPosition(projectId: string, status: TaskStatus, db: Db) {
    return db.task.aggregate({ where: { projectId, status }, _max: { position: true } });
  }

  // ---- lifecycle facts: counts over whichever tables exist today ----
  async facts(projectId: string, p: Db = this.prisma) {
    const [milestones, allocated, versions, profiled, governed, computeBudgets, specRuns, succeededRuns, modelVersions, production, openRisks, audits, governance, monitors, sensitive] = await Promise.all([
      p.milestone.count({ where: { projectId } }),
      p.teamAllocation.count({ where: { projectId, percent: { gt: 0 } } }),
      p.datasetVersion.count({ where: { dataset: { projectId } } }),
      p.datasetVersion.count({ where: { dataset: { projectId }, profileStatus: 'READY' } }),
      p.datasetVersion.count({ where: { dataset: { projectId }, NOT: { legalBasis: '' } } }),
      p.budget.count({ where: { projectId, category: 'COMPUTE' } }),
      p.trainingRun.count({ where: { projectId, OR: [{ preset: { not: null } }, { specHash: { not: null } }] } }),
      p.trainingRun.count({ where: { projectId, status: 'SUCCEEDED' } }),
      p.modelVersion.findMany({ where: { projectId }, select: { testMetrics: true } }),
      p.modelAlias.count({ where: { projectId, alias: 'production' } }),
      p.risk.findMany({ where: { projectId, status: { not: 'CLOSED' } }, select: { likelihood: true, impact: true, response: true } }),
      p.fairnessAudit.findMany({ where: { projectId, status: 'SUCCEEDED' }, select: { verdict: true, completedAt: true, createdAt: true }, orderBy: { createdAt: 'desc' }, take: 1 }),
      p.projectGovernance.findUnique({ where: { projectId }, select: { aiActTier: true } }),
      // Monitoring means something watches the production model: a drift or a metric-drop trigger that is on.
      p.retrainTrigger.count({ where: { projectId, enabled: true, kind: { in: ['DRIFT', 'METRIC_THRESHOLD'] } } }),
      // Profiles flag columns that look like personal attributes (sex, age, email...); the profile
      // JSON is large, so PostgreSQL counts the flagged versions instead of shipping profiles here.
      p.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM "DatasetVersion" dv JOIN "Dataset" d ON d.id = dv."datasetId"
        WHERE d."projectId" = ${projectId} AND dv."profileStatus" = 'READY'
          AND jsonb_typeof(dv.profile->'sensitiveColumns') = 'array' AND jsonb_array_length(dv.profile->'sensitiveColumns') > 0`,
    ]);
    return {
      milestones,
      allocated,
      versions,
      profiled,
      governed,
      computeBudgets,
      specRuns,
      succeededRuns,
      modelVersions,
      production,
      openRisks,
      latestAudit: audits[0] ?? null,
      aiActTier: governance?.aiActTier ?? null,
      monitors,
      sensitiveVersions: sensitive[0]?.n ?? 0,
    };
  }
}
