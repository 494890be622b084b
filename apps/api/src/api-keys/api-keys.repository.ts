import { Injectable } from '@nestjs/common';
import { newId, type PrismaClient } from '@meridian/db';
import type { Role } from '@meridian/domain';
import type { Db } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  create(data: { organizationId: string; name: string; prefix: string; keyHash: string; role: Role; createdById: string | null }, db: Db = this.prisma) {
    return db.apiKey.create({ data: { id: newId(), ...data } });
  }

  list(organizationId: string) {
    return this.prisma.apiKey.findMany({ where: { organizationId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  }

  findByPrefix(prefix: string) {
    return this.prisma.apiKey.findUnique({ where: { prefix } });
  }

  find(organizationId: string, id: string, db: Db = this.prisma) {
    return db.apiKey.findFirst({ where: { id, organizationId } });
  }

  revoke(id: string, db: Db = this.prisma) {
    return db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: at } });
  }
}
