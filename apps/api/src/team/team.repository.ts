import { Injectable } from '@nestjs/common';
import { newId, type CandidateStage, type PrismaClient } from '@meridian/db';
import type { Db } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';

export const DEFAULT_ALLOCATION_CAP_PCT = 150;

const memberInclude = {
  skills: { orderBy: [{ level: 'desc' as const }, { name: 'asc' as const }] },
  allocations: { include: { project: { select: { name: true } } }, orderBy: { percent: 'desc' as const } },
};

/** Every query is scoped by organisation id: a team record is only ever found inside its organisation. */
@Injectable()
export class TeamRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  // ---- roles and settings ----
  customRoles(organizationId: string, db: Db = this.prisma) {
    return db.teamCustomRole.findMany({ where: { organizationId }, orderBy: { label: 'asc' } });
  }
  createCustomRole(organizationId: string, key: string, label: string) {
    return this.prisma.teamCustomRole.create({ data: { id: newId(), organizationId, key, label } });
  }
  async allocationCap(organizationId: string, db: Db = this.prisma): Promise<number> {
    const s = await db.teamSettings.findUnique({ where: { organizationId } });
    return s?.allocationCapPct ?? DEFAULT_ALLOCATION_CAP_PCT;
  }
  setAllocationCap(organizationId: string, allocationCapPct: number) {
    return this.prisma.teamSettings.upsert({ where: { organizationId }, create: { organizationId, allocationCapPct }, update: { allocationCapPct } });
  }

  // ---- members ----
  members(organizationId: string, db: Db = this.prisma) {
    return db.teamMember.findMany({ where: { organizationId }, include: memberInclude, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
  }
  member(organizationId: string, id: string, db: Db = this.prisma) {
    return db.teamMember.findFirst({ where: { organizationId, id }, include: memberInclude });
  }
  isOrgUser(organizationId: string, userId: string, db: Db = this.prisma) {
    return db.membership.findFirst({ where: { organizationId, userId }, select: { id: true } });
  }
  async createMember(organizationId: string, data: { name: string; email: string | null; role: string; title: string; userId: string | null; skills: { name: string; level: number }[] }, db: Db) {
    const id = newId();
    await db.teamMember.create({ data: { id, organizationId, name: data.name, email: data.email, role: data.role, title: data.title, userId: data.userId } });
    if (data.skills.length) await db.teamSkill.createMany({ data: data.skills.map((s) => ({ id: newId(), memberId: id, name: s.name, level: s.level })) });
    return id;
  }
  async updateMember(organizationId: string, id: string, data: { name?: string; email?: string | null; role?: string; title?: string; userId?: string | null }, skills: { name: string; level: number }[] | undefined, db: Db): Promise<boolean> {
    const { count } = await db.teamMember.updateMany({ where: { organizationId, id }, data });
    if (count === 0) return false;
    if (skills) {
      await db.teamSkill.deleteMany({ where: { memberId: id } });
      if (skills.length) await db.teamSkill.createMany({ data: skills.map((s) => ({ id: newId(), memberId: id, name: s.name, level: s.level })) });
    }
    return true;
  }
  async deleteMember(organizationId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.teamMember.deleteMany({ where: { organizationId, id } });
    return count > 0;
  }

  /** Locks the member row so two allocations cannot both slip under the cap. */
  async lockMember(organizationId: string, id: string, db: Db): Promise<boolean> {
    const rows = await db.$queryRaw<{ id: string }[]>`SELECT id FROM "TeamMember" WHERE id = ${id} AND "organizationId" = ${organizationId} FOR UPDATE`;
    return rows.length > 0;
  }
  allocationsOf(memberId: string, db: Db) {
    return db.teamAllocation.findMany({ where: { memberId } });
  }
  projectInOrg(organizationId: string, projectId: string, db: Db = this.prisma) {
    return db.project.findFirst({ where: { organizationId, id: projectId }, select: { id: true, name: true } });
  }
  async setAllocation(organizationId: string, memberId: string, projectId: string, percent: number, db: Db) {
    if (percent === 0) {
      await db.teamAllocation.deleteMany({ where: { memberId, projectId } });
      return;
    }
    await db.teamAllocation.upsert({
      where: { memberId_projectId: { memberId, projectId } },
      create: { id: newId(), organizationId, memberId, projectId, percent },
      update: { percent },
    });
  }

  // ---- hiring ----
  openRoles(organizationId: string) {
    return this.prisma.openRole.findMany({
      where: { organizationId },
      include: { candidates: { include: { events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] } }, orderBy: [{ appliedAt: 'asc' }, { id: 'asc' }] } },
      orderBy: [{ openedAt: 'desc' }, { id: 'asc' }],
    });
  }
  openRole(organizationId: string, id: string, db: Db = this.prisma) {
    return db.openRole.findFirst({ where: { organizationId, id } });
  }
  createOpenRole(organizationId: string, data: { title: string; role: string; openedAt: Date }) {
    return this.prisma.openRole.create({ data: { id: newId(), organizationId, ...data } });
  }
  async createCandidate(organizationId: string, openRoleId: string, data: { name: string; email: string | null; appliedAt: Date; note: string }, db: Db) {
    const id = newId();
    await db.candidate.create({ data: { id, organizationId, openRoleId, name: data.name, email: data.email, appliedAt: data.appliedAt, stage: 'APPLIED' } });
    await db.candidateEvent.create({ data: { id: newId(), candidateId: id, stage: 'APPLIED', at: data.appliedAt, note: data.note } });
    return id;
  }
  candidate(organizationId: string, id: string, db: Db = this.prisma) {
    return db.candidate.findFirst({ where: { organizationId, id }, include: { events: { orderBy: { at: 'desc' }, take: 1 }, openRole: true } });
  }
  async moveCandidate(candidateId: string, stage: CandidateStage, at: Date, note: string, db: Db) {
    await db.candidate.update({ where: { id: candidateId }, data: { stage } });
    await db.candidateEvent.create({ data: { id: newId(), candidateId, stage, at, note } });
  }
  closeRole(openRoleId: string, closedAt: Date, db: Db) {
    return db.openRole.update({ where: { id: openRoleId }, data: { closedAt } });
  }

  // ---- reviews ----
  periods(organizationId: string) {
    return this.prisma.reviewPeriod.findMany({
      where: { organizationId },
      include: { reviews: { include: { scores: { orderBy: { kpi: 'asc' } }, member: { select: { name: true } } }, orderBy: { createdAt: 'asc' } } },
      orderBy: [{ startDate: 'desc' }, { id: 'asc' }],
    });
  }
  period(organizationId: string, id: string, db: Db = this.prisma) {
    return db.reviewPeriod.findFirst({ where: { organizationId, id } });
  }
  createPeriod(organizationId: string, data: { name: string; startDate: Date; endDate: Date }) {
    return this.prisma.reviewPeriod.create({ data: { id: newId(), organizationId, ...data } });
  }
  async upsertReview(organizationId: string, periodId: string, memberId: string, notes: string, scores: { kpi: string; score: number }[], db: Db) {
    const review = await db.review.upsert({
      where: { periodId_memberId: { periodId, memberId } },
      create: { id: newId(), organizationId, periodId, memberId, notes },
      update: { notes },
    });
    await db.reviewScore.deleteMany({ where: { reviewId: review.id } });
    await db.reviewScore.createMany({ data: scores.map((s) => ({ id: newId(), reviewId: review.id, kpi: s.kpi, score: s.score })) });
    return review.id;
  }
}
