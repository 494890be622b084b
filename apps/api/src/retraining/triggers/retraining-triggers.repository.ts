// The one place the triggers API touches Prisma (the trigger engine in @meridian/jobs reads and
// writes its own rows, shared with the worker).
import { Injectable } from '@nestjs/common';
import { newId, Prisma, type PrismaClient } from '@meridian/db';
import type { RetrainTriggerKind } from '@meridian/domain';
import { InjectPrisma } from '../../common/tokens';
import type { Db } from '../../common/prisma';

export type TriggerRow = Prisma.RetrainTriggerGetPayload<object>;
export type CheckRow = Prisma.RetrainTriggerCheckGetPayload<object>;

@Injectable()
export class RetrainTriggersRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  projectExists(organizationId: string, projectId: string): Promise<boolean> {
    return this.prisma.project.count({ where: { id: projectId, organizationId } }).then((n) => n > 0);
  }

  dataset(organizationId: string, projectId: string, datasetId: string) {
    return this.prisma.dataset.findFirst({ where: { id: datasetId, organizationId, projectId }, select: { id: true, name: true } });
  }

  list(organizationId: string, q: { projectId?: string; kind?: RetrainTriggerKind }): Promise<TriggerRow[]> {
    return this.prisma.retrainTrigger.findMany({ where: { organizationId, ...(q.projectId ? { projectId: q.projectId } : {}), ...(q.kind ? { kind: q.kind } : {}) }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 500 });
  }

  find(organizationId: string, id: string, db: Db = this.prisma): Promise<TriggerRow | null> {
    return db.retrainTrigger.findFirst({ where: { id, organizationId } });
  }

  async checkCounts(triggerIds: string[]): Promise<Map<string, { total: number; fired: number }>> {
    const out = new Map<string, { total: number; fired: number }>();
    if (!triggerIds.length) return out;
    const rows = await this.prisma.retrainTriggerCheck.groupBy({ by: ['triggerId', 'outcome'], where: { triggerId: { in: triggerIds } }, _count: { _all: true } });
    for (const r of rows) {
      const c = out.get(r.triggerId) ?? { total: 0, fired: 0 };
      c.total += r._count._all;
      if (r.outcome === 'FIRED') c.fired += r._count._all;
      out.set(r.triggerId, c);
    }
    return out;
  }

  create(data: Prisma.RetrainTriggerUncheckedCreateInput, db: Db = this.prisma): Promise<TriggerRow> {
    return db.retrainTrigger.create({ data });
  }

  update(id: string, data: Prisma.RetrainTriggerUncheckedUpdateInput, db: Db = this.prisma): Promise<TriggerRow> {
    return db.retrainTrigger.update({ where: { id }, data });
  }

  delete(id: string, db: Db = this.prisma) {
    return db.retrainTrigger.delete({ where: { id } });
  }

  checks(triggerId: string, limit: number): Promise<CheckRow[]> {
    return this.prisma.retrainTriggerCheck.findMany({ where: { triggerId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
  }

  check(triggerId: string, evidenceKey: string): Promise<CheckRow | null> {
    return this.prisma.retrainTriggerCheck.findUnique({ where: { triggerId_evidenceKey: { triggerId, evidenceKey } } });
  }

  latestVersion(organizationId: string, datasetIds: string[] | null, projectId: string, readyOnly: boolean) {
    return this.prisma.datasetVersion.findFirst({
      where: { organizationId, ...(datasetIds ? { datasetId: { in: datasetIds } } : { dataset: { projectId } }), ...(readyOnly ? { profileStatus: 'READY' } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true, version: true, datasetId: true, profileStatus: true, createdAt: true, dataset: { select: { name: true } } },
    });
  }

  modelVersion(organizationId: string, id: string) {
    return this.prisma.modelVersion.findFirst({ where: { id, organizationId }, select: { id: true, projectId: true, version: true, aliases: { select: { alias: true } } } });
  }

  /**
   * Inserts observations; rows already stored (same version, metric and time) are skipped. One
   * INSERT … SELECT FROM unnest(arrays) per chunk, like run metrics: a parameter per field made
   * createMany's statement for 10,000 rows slow to build and send.
   */
  async insertObservations(rows: Array<{ organizationId: string; projectId: string; modelVersionId: string; metric: string; value: number; observedAt: Date }>): Promise<number> {
    if (!rows.length) return 0;
    const { organizationId, projectId, modelVersionId } = rows[0];
    let inserted = 0;
    const CHUNK = 20_000;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      inserted += await this.prisma.$executeRaw`
        INSERT INTO "ModelMetricObservation" ("organizationId", "projectId", "modelVersionId", metric, value, "observedAt")
        SELECT ${organizationId}, ${projectId}, ${modelVersionId}, m, v, t
        FROM unnest(${chunk.map((r) => r.metric)}::text[], ${chunk.map((r) => r.value)}::float8[], ${chunk.map((r) => r.observedAt.toISOString())}::timestamp[]) AS u(m, v, t)
        ON CONFLICT ("modelVersionId", metric, "observedAt") DO NOTHING`;
    }
    return inserted;
  }

  observations(modelVersionId: string, q: { metric?: string; from?: Date; to?: Date }) {
    return this.prisma.modelMetricObservation.findMany({
      where: { modelVersionId, ...(q.metric ? { metric: q.metric } : {}), observedAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } },
      orderBy: [{ metric: 'asc' }, { observedAt: 'asc' }],
      select: { metric: true, value: true, observedAt: true },
      take: 200_000,
    });
  }

  metricTriggers(projectId: string) {
    return this.prisma.retrainTrigger.findMany({ where: { projectId, kind: 'METRIC_THRESHOLD', enabled: true }, select: { id: true, name: true, config: true } });
  }

  createJobRecord(data: { id: string; organizationId: string; name: string; payload: Prisma.InputJsonValue; createdById: string | null }) {
    return this.prisma.jobRecord.create({ data });
  }

  failJobRecord(id: string, error: string) {
    return this.prisma.jobRecord.update({ where: { id }, data: { status: 'FAILED', error, finishedAt: new Date() } });
  }
}

export { newId };
