import { Injectable } from '@nestjs/common';
import { newId, type Prisma, type PrismaClient } from '@meridian/db';
import { afterCursor, type Db } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';

export interface AuditEntry {
  organizationId: string | null;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  metadata?: Prisma.InputJsonValue;
  ip: string | null;
  requestId: string | null;
}

@Injectable()
export class AuditRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  async insert(entries: AuditEntry[], db: Db = this.prisma): Promise<void> {
    if (entries.length === 0) return;
    await db.auditLog.createMany({ data: entries.map((e) => ({ id: newId(), ...e })) });
  }

  list(organizationId: string, limit: number, cursor: { createdAt: Date; id: string } | null, action?: string) {
    return this.prisma.auditLog.findMany({
      where: { organizationId, ...(action ? { action } : {}), ...(cursor ? afterCursor(cursor) : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
  }
}
