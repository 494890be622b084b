import { Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient } from '@meridian/db';
import type { RetrainEventListQuery } from '@meridian/domain';
import { afterCursor, type Db } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';

const scheduleInclude = {
  project: { select: { name: true } },
  events: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1, select: { id: true, status: true, message: true, runId: true, createdAt: true } },
} as const satisfies Prisma.RetrainScheduleInclude;
export type ScheduleWithLast = Prisma.RetrainScheduleGetPayload<{ include: typeof scheduleInclude }>;

const eventInclude = {
  schedule: { select: { name: true } },
  run: { select: { id: true, name: true, status: true, championModelVersionId: true, modelVersions: { select: { id: true } } } },
} as const satisfies Prisma.RetrainEventInclude;
export type EventRow = Prisma.RetrainEventGetPayload<{ include: typeof eventInclude }>;

/** Every query takes the organisation id: schedules, events and policies are only found inside their organisation. */
@Injectable()
export class RetrainingRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  findProject(organizationId: string, id: string) {
    return this.prisma.project.findFirst({ where: { id, organizationId }, select: { id: true, name: true, goalMetric: true } });
  }

  findTemplateRun(organizationId: string, projectId: string, id: string) {
    return this.prisma.trainingRun.findFirst({ where: { id, organizationId, projectId }, select: { id: true, name: true, external: true, labelColumn: true, preset: true, spec: true } });
  }

  findDataset(organizationId: string, projectId: string, id: string) {
    return this.prisma.dataset.findFirst({ where: { id, organizationId, projectId }, select: { id: true, name: true } });
  }

  listSchedules(organizationId: string, projectId?: string): Promise<ScheduleWithLast[]> {
    return this.prisma.retrainSchedule.findMany({
      where: { organizationId, ...(projectId ? { projectId } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 500,
      include: scheduleInclude,
    });
  }

  findSchedule(organizationId: string, id: string, db: Db = this.prisma): Promise<ScheduleWithLast | null> {
    return db.retrainSchedule.findFirst({ where: { id, organizationId }, include: scheduleInclude });
  }

  createSchedule(data: Prisma.RetrainScheduleUncheckedCreateInput, db: Db): Promise<ScheduleWithLast> {
    return db.retrainSchedule.create({ data, include: scheduleInclude });
  }

  updateSchedule(id: string, data: Prisma.RetrainScheduleUncheckedUpdateInput, db: Db): Promise<ScheduleWithLast> {
    return db.retrainSchedule.update({ where: { id }, data, include: scheduleInclude });
  }

  async deleteSchedule(id: string, db: Db): Promise<void> {
    await db.retrainSchedule.delete({ where: { id } });
  }

  pageEvents(organizationId: string, q: RetrainEventListQuery, cursor: { createdAt: Date; id: string } | null): Promise<EventRow[]> {
    return this.prisma.retrainEvent.findMany({
      where: {
        organizationId,
        ...(q.projectId ? { projectId: q.projectId } : {}),
        ...(q.scheduleId ? { scheduleId: q.scheduleId } : {}),
        ...(q.triggerId ? { triggerId: q.triggerId } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(cursor ? afterCursor(cursor) : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: q.limit + 1,
      include: eventInclude,
    });
  }

  findEvent(organizationId: string, id: string): Promise<EventRow | null> {
    return this.prisma.retrainEvent.findFirst({ where: { id, organizationId }, include: eventInclude });
  }

  /** The latest challenger-vs-champion comparison of each run (champ's ModelComparison). */
  async comparisonsOf(runIds: string[]) {
    if (!runIds.length) return new Map<string, Prisma.ModelComparisonGetPayload<object>>();
    const rows = await this.prisma.modelComparison.findMany({ where: { runId: { in: runIds } }, orderBy: { createdAt: 'desc' } });
    const out = new Map<string, (typeof rows)[number]>();
    for (const r of rows) if (r.runId && !out.has(r.runId)) out.set(r.runId, r);
    return out;
  }

  findPolicy(projectId: string) {
    return this.prisma.retrainPolicy.findUnique({ where: { projectId } });
  }

  upsertPolicy(organizationId: string, projectId: string, data: { maxConcurrent: number; autoPromote: boolean; promoteMargin: number; compareMetric: string | null; updatedById: string | null }, db: Db) {
    return db.retrainPolicy.upsert({ where: { projectId }, create: { projectId, organizationId, ...data }, update: data });
  }
}
