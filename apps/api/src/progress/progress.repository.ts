import { Injectable } from '@nestjs/common';
import { newId, type GoalDirection, type PrismaClient, type TaskStatus } from '@meridian/db';
import type { Db } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';

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
  modelVersions(projectIds: string[]) {
    return this.prisma.modelVersion.findMany({ where: { projectId: { in: projectIds } }, select: { projectId: true, version: true, testMetrics: true, createdAt: true }, orderBy: { createdAt: 'asc' } });
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
  async facts(projectId: string) {
    const p = this.prisma;
    const [milestones, allocated, versions, profiled, governed, computeBudgets, specRuns, succeededRuns, modelVersions, production, openRisks, audits, governance] = await Promise.all([
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
    ]);
    return { milestones, allocated, versions, profiled, governed, computeBudgets, specRuns, succeededRuns, modelVersions, production, openRisks, latestAudit: audits[0] ?? null, aiActTier: governance?.aiActTier ?? null };
  }
}
