import { Injectable } from '@nestjs/common';
import { newId, type PrismaClient } from '@meridian/db';
import type { Db } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';

@Injectable()
export class AuthRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  findUserByEmail(email: string) {
    return this.prisma.user.findUnique({ where: { email } });
  }

  findUser(id: string) {
    return this.prisma.user.findUnique({ where: { id }, select: { id: true, email: true, name: true } });
  }

  createUser(data: { email: string; name: string; passwordHash: string }, db: Db = this.prisma) {
    return db.user.create({ data: { id: newId(), ...data } });
  }

  createSession(data: { userId: string; tokenHash: string; expiresAt: Date; userAgent: string | null; ip: string | null }, db: Db = this.prisma) {
    return db.session.create({ data: { id: newId(), ...data } });
  }

  findSession(tokenHash: string) {
    return this.prisma.session.findUnique({
      where: { tokenHash },
      select: { id: true, expiresAt: true, lastSeenAt: true, user: { select: { id: true, email: true, name: true } } },
    });
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.prisma.session.deleteMany({ where: { tokenHash } });
  }

  async touchSession(id: string, at: Date): Promise<void> {
    await this.prisma.session.updateMany({ where: { id }, data: { lastSeenAt: at } });
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    return (await this.prisma.session.deleteMany({ where: { expiresAt: { lt: now } } })).count;
  }
}
