import { Injectable } from '@nestjs/common';
import { newId, type Prisma, type PrismaClient } from '@meridian/db';
import { afterCursor } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';

export type JobRow = Prisma.JobRecordGetPayload<object>;

@Injectable()
export class JobsRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  create(data: { id?: string; organizationId: string; name: string; payload: Prisma.InputJsonValue; idempotencyKey: string | null; createdById: string | null }) {
    return this.prisma.jobRecord.create({ data: { ...data, id: data.id ?? newId() } });
  }

  find(organizationId: string, id: string) {
    return this.prisma.jobRecord.findFirst({ where: { id, organizationId } });
  }

  findByIdempotencyKey(organizationId: string, idempotencyKey: string) {
    return this.prisma.jobRecord.findUnique({ where: { organizationId_idempotencyKey: { organizationId, idempotencyKey } } });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.jobRecord.deleteMany({ where: { id } });
  }

  page(organizationId: string, limit: number, cursor: { createdAt: Date; id: string } | null) {
    return this.prisma.jobRecord.findMany({
      where: { organizationId, ...(cursor ? afterCursor(cursor) : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
  }
}
