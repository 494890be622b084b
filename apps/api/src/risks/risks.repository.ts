import { Injectable } from '@nestjs/common';
import { Prisma, newId, type PrismaClient } from '@meridian/db';
import type { Db } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';

export type RiskRow = Prisma.RiskGetPayload<{ include: { project: { select: { name: true } } } }>;
export type RiskHistoryRow = Prisma.RiskHistoryGetPayload<object>;
export type ComplianceRow = Prisma.ComplianceItemGetPayload<object>;

const withProject = { project: { select: { name: true } } } as const;

/** Every score a likelihood x impact pair (1..5 each) can have, highest first. */
export const RISK_SCORES = [...new Set([1, 2, 3, 4, 5].flatMap((l) => [1, 2, 3, 4, 5].map((i) => l * i)))].sort((a, b) => b - a);
/** The likelihood/impact pairs with this score, as OR conditions. */
export function scorePairs(score: number): Prisma.RiskWhereInput[] {
  return [1, 2, 3, 4, 5].filter((l) => score % l === 0 && score / l <= 5).map((l) => ({ likelihood: l, impact: score / l }));
}

/** Every query is scoped by organisation id: a risk is only ever found inside its organisation. */
@Injectable()
export class RisksRepository {
  constructor(@InjectPrisma() readonly prisma: PrismaClient) {}

  findProject(organizationId: string, projectId: string, db: Db = this.prisma) {
    return db.project.findFirst({ where: { id: projectId, organizationId }, select: { id: true, name: true } });
  }

  isMember(organizationId: string, userId: string, db: Db = this.prisma) {
    return db.membership.findFirst({ where: { organizationId, userId }, select: { id: true } }).then((m) => m !== null);
  }

  userNames(ids: Iterable<string | null | undefined>, db: Db = this.prisma): Promise<Map<string, string>> {
    const list = [...new Set([...ids].filter((x): x is string => !!x))];
    if (!list.length) return Promise.resolve(new Map());
    return db.user.findMany({ where: { id: { in: list } }, select: { id: true, name: true } }).then((us) => new Map(us.map((u) => [u.id, u.name])));
  }

  list(organizationId: string, where: Prisma.RiskWhereInput, db: Db = this.prisma): Promise<RiskRow[]> {
    return db.risk.findMany({ where: { ...where, organizationId }, include: withProject, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 2000 });
  }

  /**
   * One page of the register in (score desc, createdAt desc, id desc) order, score = likelihood x
   * impact. Prisma cannot order by a product, so the page is read score by score, highest first
   * (14 distinct scores; each read is a limited, indexed createdAt/id scan), until it is full.
   */
  async page(organizationId: string, where: Prisma.RiskWhereInput, take: number, cursor: { score: number; createdAt: Date; id: string } | null, db: Db = this.prisma): Promise<RiskRow[]> {
    const out: RiskRow[] = [];
    for (const score of RISK_SCORES) {
      if (cursor && score > cursor.score) continue;
      if (out.length >= take) break;
      const pairs = scorePairs(score);
      const after = cursor && score === cursor.score ? [{ OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }] : [];
      const rows = await db.risk.findMany({
        where: { AND: [where, { organizationId }, { OR: pairs }, ...after] },
        include: withProject,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: take - out.length,
      });
      out.push(...rows);
    }
    return out;
  }

  count(organizationId: string, where: Prisma.RiskWhereInput, db: Db = this.prisma): Promise<number> {
    return db.risk.count({ where: { AND: [where, { organizationId }] } });
  }

  find(organizationId: string, id: string, db: Db = this.prisma): Promise<RiskRow | null> {
    return db.risk.findFirst({ where: { id, organizationId }, include: withProject });
  }

  findOpenByDedupeKey(organizationId: string, projectId: string, dedupeKey: string, db: Db = this.prisma) {
    return db.risk.findFirst({ where: { organizationId, projectId, dedupeKey, status: { not: 'CLOSED' } }, include: withProject });
  }

  create(data: Omit<Prisma.RiskUncheckedCreateInput, 'id'>, db: Db = this.prisma): Promise<RiskRow> {
    return db.risk.create({ data: { id: newId(), ...data }, include: withProject });
  }

  update(id: string, data: Prisma.RiskUncheckedUpdateInput, db: Db = this.prisma): Promise<RiskRow> {
    return db.risk.update({ where: { id }, data, include: withProject });
  }

  delete(id: string, db: Db = this.prisma) {
    return db.risk.delete({ where: { id } });
  }

  addHistory(data: Omit<Prisma.RiskHistoryUncheckedCreateInput, 'id'>, db: Db = this.prisma) {
    return db.riskHistory.create({ data: { id: newId(), ...data } });
  }

  history(riskId: string, db: Db = this.prisma): Promise<RiskHistoryRow[]> {
    return db.riskHistory.findMany({ where: { riskId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  governance(projectId: string, db: Db = this.prisma) {
    return db.projectGovernance.findUnique({ where: { projectId } });
  }

  upsertGovernance(organizationId: string, projectId: string, data: { aiActTier: Prisma.ProjectGovernanceUncheckedCreateInput['aiActTier']; aiActRationale: string; updatedById: string | null }, db: Db = this.prisma) {
    return db.projectGovernance.upsert({ where: { projectId }, create: { projectId, organizationId, ...data }, update: data });
  }

  checklist(organizationId: string, projectId: string, db: Db = this.prisma): Promise<ComplianceRow[]> {
    return db.complianceItem.findMany({ where: { organizationId, projectId }, orderBy: [{ framework: 'asc' }, { itemId: 'asc' }] });
  }

  findItem(organizationId: string, projectId: string, itemId: string, db: Db = this.prisma) {
    return db.complianceItem.findFirst({ where: { organizationId, projectId, itemId } });
  }
}
