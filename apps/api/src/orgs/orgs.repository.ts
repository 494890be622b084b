import { Injectable } from '@nestjs/common';
import { newId, type PrismaClient } from '@meridian/db';
import type { Role } from '@meridian/domain';
import type { Db } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';

const MEMBER_SELECT = {
  userId: true,
  role: true,
  createdAt: true,
  user: { select: { name: true, email: true } },
} as const;

@Injectable()
export class OrgsRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  async slugsLike(base: string, db: Db = this.prisma): Promise<string[]> {
    const rows = await db.organization.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } });
    return rows.map((r) => r.slug);
  }

  async createWithOwner(data: { name: string; slug: string; ownerId: string }, db: Db = this.prisma) {
    const id = newId();
    return db.organization.create({
      data: { id, name: data.name, slug: data.slug, memberships: { create: { id: newId(), userId: data.ownerId, role: 'OWNER' } } },
    });
  }

  find(id: string) {
    return this.prisma.organization.findUnique({ where: { id }, select: { id: true, name: true, slug: true } });
  }

  membershipsOf(userId: string) {
    return this.prisma.membership.findMany({
      where: { userId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { role: true, organization: { select: { id: true, name: true, slug: true } } },
    });
  }

  async roleOf(userId: string, organizationId: string): Promise<Role | null> {
    const m = await this.prisma.membership.findUnique({
      where: { organizationId_userId: { organizationId, userId } },
      select: { role: true },
    });
    return m?.role ?? null;
  }

  members(organizationId: string) {
    return this.prisma.membership.findMany({
      where: { organizationId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: MEMBER_SELECT,
    });
  }

  member(organizationId: string, userId: string, db: Db = this.prisma) {
    return db.membership.findUnique({ where: { organizationId_userId: { organizationId, userId } }, select: MEMBER_SELECT });
  }

  userByEmail(email: string, db: Db = this.prisma) {
    return db.user.findUnique({ where: { email }, select: { id: true, name: true, email: true } });
  }

  addMember(organizationId: string, userId: string, role: Role, db: Db = this.prisma) {
    return db.membership.create({ data: { id: newId(), organizationId, userId, role }, select: MEMBER_SELECT });
  }

  setRole(organizationId: string, userId: string, role: Role, db: Db = this.prisma) {
    return db.membership.update({ where: { organizationId_userId: { organizationId, userId } }, data: { role }, select: MEMBER_SELECT });
  }

  async removeMember(organizationId: string, userId: string, db: Db = this.prisma): Promise<void> {
    await db.membership.delete({ where: { organizationId_userId: { organizationId, userId } } });
  }

  /** Locks the organisation's OWNER rows so two concurrent demotions cannot both pass the last-owner check. */
  async lockOwners(organizationId: string, db: Db): Promise<string[]> {
    const rows = await db.$queryRaw<{ userId: string }[]>`
      SELECT "userId" FROM "Membership" WHERE "organizationId" = ${organizationId} AND "role" = 'OWNER' FOR UPDATE`;
    return rows.map((r) => r.userId);
  }
}
