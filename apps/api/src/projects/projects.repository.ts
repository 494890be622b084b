import { Injectable } from '@nestjs/common';
import { Prisma, newId, type PrismaClient } from '@meridian/db';
import type { Db } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';

export type ProjectRow = Prisma.ProjectGetPayload<object>;
export type ProjectData = Omit<Prisma.ProjectUncheckedCreateInput, 'id' | 'organizationId' | 'createdAt' | 'updatedAt'>;

/** Every query takes the organisation id: a project is only ever found inside its organisation. */
@Injectable()
export class ProjectsRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  /**
   * The list is the hottest read: plain SQL here measured ~3.5x cheaper per call than findMany on
   * this stack (Prisma 7 query compiler + result mapping dominate for 50 rows). The row comparison
   * walks the (organizationId, createdAt, id) index. Timestamps are stored as UTC wall time
   * (timestamp without time zone), so the cursor is cast the same way, independent of the session
   * time zone.
   */
  page(organizationId: string, limit: number, cursor: { createdAt: Date; id: string } | null): Promise<ProjectRow[]> {
    const after = cursor ? Prisma.sql`AND ("createdAt", id) < (${cursor.createdAt.toISOString()}::timestamp, ${cursor.id})` : Prisma.empty;
    return this.prisma.$queryRaw<ProjectRow[]>`
      SELECT id, "organizationId", name, description, stage::text AS stage, "startupMode"::text AS "startupMode",
             "businessModel"::text AS "businessModel", "goalStatement", "goalMetric", "goalThreshold", "goalDeadline",
             "createdById", "createdAt", "updatedAt"
      FROM "Project"
      WHERE "organizationId" = ${organizationId} ${after}
      ORDER BY "createdAt" DESC, id DESC
      LIMIT ${limit + 1}`;
  }

  find(organizationId: string, id: string, db: Db = this.prisma) {
    return db.project.findFirst({ where: { id, organizationId } });
  }

  /** The project, its row locked until the transaction ends (FOR UPDATE), or null outside the organisation. */
  async lockForUpdate(organizationId: string, id: string, db: Db): Promise<ProjectRow | null> {
    const rows = await db.$queryRaw<{ id: string }[]>`SELECT id FROM "Project" WHERE id = ${id} AND "organizationId" = ${organizationId} FOR UPDATE`;
    return rows.length ? this.find(organizationId, id, db) : null;
  }

  create(organizationId: string, data: ProjectData, db: Db = this.prisma) {
    return db.project.create({ data: { id: newId(), organizationId, ...data } });
  }

  async update(organizationId: string, id: string, data: Partial<ProjectData>, db: Db = this.prisma): Promise<ProjectRow | null> {
    const { count } = await db.project.updateMany({ where: { id, organizationId }, data });
    return count === 0 ? null : this.find(organizationId, id, db);
  }

  async delete(organizationId: string, id: string, db: Db = this.prisma): Promise<boolean> {
    const { count } = await db.project.deleteMany({ where: { id, organizationId } });
    return count > 0;
  }
}
