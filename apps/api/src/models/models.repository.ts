import { Injectable } from '@nestjs/common';
import { Prisma, type PrismaClient } from '@meridian/db';
import { evaluatePromotionGate, moveAlias, type AliasMove, type GateContext } from '@meridian/registry';
import type { Db } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';

const withAliases = { aliases: { select: { alias: true } } } as const;
export type ModelRow = Prisma.ModelVersionGetPayload<{ include: typeof withAliases }>;

@Injectable()
export class ModelsRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  find(organizationId: string, id: string): Promise<ModelRow | null> {
    return this.prisma.modelVersion.findFirst({ where: { id, organizationId }, include: withAliases });
  }

  page(organizationId: string, q: { limit: number; projectId?: string }, cursor: { createdAt: Date; id: string } | null): Promise<ModelRow[]> {
    return this.prisma.modelVersion.findMany({
      where: {
        organizationId,
        ...(q.projectId ? { projectId: q.projectId } : {}),
        ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: q.limit + 1,
      include: withAliases,
    });
  }

  lineage(organizationId: string, m: { runId: string; datasetVersionId: string | null; projectId: string }) {
    return Promise.all([
      this.prisma.trainingRun.findFirst({ where: { id: m.runId, organizationId }, select: { id: true, name: true, preset: true, specHash: true, labelColumn: true, seed: true, epochsDone: true, backendUsed: true, status: true, createdAt: true } }),
      m.datasetVersionId
        ? this.prisma.datasetVersion.findFirst({ where: { id: m.datasetVersionId, organizationId }, select: { id: true, datasetId: true, version: true, fileName: true, contentHash: true, rowCount: true } })
        : Promise.resolve(null),
      this.prisma.project.findFirst({ where: { id: m.projectId, organizationId }, select: { id: true, name: true, goalMetric: true, goalThreshold: true } }),
    ]);
  }

  project(organizationId: string, projectId: string) {
    return this.prisma.project.findFirst({ where: { id: projectId, organizationId }, select: { id: true, goalMetric: true, goalThreshold: true } });
  }

  alias(projectId: string, alias: string, db: Db = this.prisma) {
    return db.modelAlias.findUnique({ where: { projectId_alias: { projectId, alias } } });
  }

  /** The promotion gate (libs/registry): the same checks the worker's auto-promotion runs. */
  evaluateGate(ctx: GateContext) {
    return evaluatePromotionGate(this.prisma, ctx);
  }

  /** Alias, alias history and audit row in one transaction (libs/registry). */
  moveAlias(move: AliasMove) {
    return moveAlias(this.prisma, move);
  }

  history(organizationId: string, projectId: string, alias?: string) {
    return this.prisma.modelAliasEvent.findMany({ where: { organizationId, projectId, ...(alias ? { alias } : {}) }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 500 });
  }
}
