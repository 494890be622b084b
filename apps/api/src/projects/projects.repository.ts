import { Injectable } from '@nestjs/common';
import { newId, type Prisma, type PrismaClient } from '@meridian/db';
import { afterCursor, type Db } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';

export type ProjectRow = Prisma.ProjectGetPayload<object>;
export type ProjectData = Omit<Prisma.ProjectUncheckedCreateInput, 'id' | 'organizationId' | 'createdAt' | 'updatedAt'>;

/** Every query takes the organisation id: a project is only ever found inside its organisation. */
@Injectable()
export class ProjectsRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  page(organizationId: string, limit: number, cursor: { createdAt: Date; id: string } | null) {
    return this.prisma.project.findMany({
      where: { organizationId, ...(cursor ? afterCursor(cursor) : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
  }

  find(organizationId: string, id: string, db: Db = this.prisma) {
    return db.project.findFirst({ where: { id, organizationId } });
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
