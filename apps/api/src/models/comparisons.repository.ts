import { Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient } from '@meridian/db';
import { InjectPrisma } from '../common/tokens';
import { afterCursor } from '../common/prisma';

const sides = {
  challenger: { select: { id: true, version: true, runId: true } },
  champion: { select: { id: true, version: true, runId: true } },
} as const;
export type ComparisonRow = Prisma.ModelComparisonGetPayload<{ include: typeof sides }>;

@Injectable()
export class ComparisonsRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  /** The client the shared queueing helper (@meridian/jobs queueModelComparison) writes with. */
  get client(): PrismaClient {
    return this.prisma;
  }

  find(organizationId: string, id: string): Promise<ComparisonRow | null> {
    return this.prisma.modelComparison.findFirst({ where: { id, organizationId }, include: sides });
  }

  page(organizationId: string, q: { limit: number; projectId?: string; modelVersionId?: string; runId?: string }, cursor: { createdAt: Date; id: string } | null): Promise<ComparisonRow[]> {
    const where: Prisma.ModelComparisonWhereInput = {
      organizationId,
      ...(q.projectId ? { projectId: q.projectId } : {}),
      ...(q.runId ? { runId: q.runId } : {}),
      ...(q.modelVersionId ? { OR: [{ challengerId: q.modelVersionId }, { championId: q.modelVersionId }] } : {}),
    };
    return this.prisma.modelComparison.findMany({
      where: cursor ? { AND: [where, afterCursor(cursor)] } : where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: q.limit + 1,
      include: sides,
    });
  }

  modelVersion(organizationId: string, id: string) {
    return this.prisma.modelVersion.findFirst({ where: { id, organizationId }, select: { id: true, projectId: true, version: true } });
  }

  project(organizationId: string, id: string) {
    return this.prisma.project.findFirst({ where: { id, organizationId }, select: { id: true } });
  }

  run(organizationId: string, id: string) {
    return this.prisma.trainingRun.findFirst({ where: { id, organizationId }, select: { id: true } });
  }

  championOf(projectId: string) {
    return this.prisma.modelAlias.findUnique({ where: { projectId_alias: { projectId, alias: 'champion' } }, select: { modelVersionId: true } });
  }
}
