import { Injectable } from '@nestjs/common';
import { newId, type Prisma, type PrismaClient } from '@meridian/db';
import type { Db } from '../common/prisma';
import { bookCurrencyOf, budgetRiskDrafts, type PlatformRiskDraft } from '@meridian/jobs';
import { InjectPrisma } from '../common/tokens';

export type BudgetRow = Prisma.BudgetGetPayload<object>;
export type CostEntryRow = Prisma.CostEntryGetPayload<object>;
export type FundingRoundRow = Prisma.FundingRoundGetPayload<object>;
export type RevenueStreamRow = Prisma.RevenueStreamGetPayload<object>;

type Data<T> = Omit<T, 'id' | 'organizationId' | 'createdAt'>;

/** Every query is scoped by organisation id: finance rows are never found across tenants. */
@Injectable()
export class FinanceRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  projectExists(organizationId: string, id: string, db: Db = this.prisma): Promise<boolean> {
    return db.project.count({ where: { id, organizationId } }).then((n) => n > 0);
  }

  /** The currency the books are kept in: the first one used by any money row of the organisation (one rule with the training job's cost entries). */
  bookCurrency(organizationId: string, db: Db = this.prisma): Promise<string | null> {
    return bookCurrencyOf(db, organizationId);
  }

  /** The risk loop's budget rule (libs/jobs, shared with the daily risks.check job) over this organisation's books. */
  budgetRiskDrafts(organizationId: string, asOf: string): Promise<PlatformRiskDraft[]> {
    return budgetRiskDrafts(this.prisma, organizationId, asOf);
  }
  async projectIds(organizationId: string): Promise<string[]> {
    return (await this.prisma.project.findMany({ where: { organizationId }, select: { id: true }, orderBy: { id: 'asc' } })).map((p) => p.id);
  }

  /** Project names by id, for alert messages. */
  async projectNames(organizationId: string): Promise<Map<string, string>> {
    return new Map((await this.prisma.project.findMany({ where: { organizationId }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
  }

  budgets(organizationId: string, projectId?: string, db: Db = this.prisma): Promise<BudgetRow[]> {
    return db.budget.findMany({ where: { organizationId, ...(projectId ? { projectId } : {}) }, orderBy: [{ periodStart: 'asc' }, { category: 'asc' }] });
  }
  createBudget(organizationId: string, data: Data<Prisma.BudgetUncheckedCreateInput>, db: Db = this.prisma): Promise<BudgetRow> {
    return db.budget.create({ data: { id: newId(), organizationId, ...data } });
  }
  async deleteBudget(organizationId: string, id: string, db: Db = this.prisma): Promise<boolean> {
    return (await db.budget.deleteMany({ where: { id, organizationId } })).count > 0;
  }

  costEntries(organizationId: string, filter: { projectId?: string; from?: Date; to?: Date; take?: number } = {}, db: Db = this.prisma): Promise<CostEntryRow[]> {
    return db.costEntry.findMany({
      where: {
        organizationId,
        ...(filter.projectId ? { projectId: filter.projectId } : {}),
        ...(filter.from || filter.to ? { date: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } } : {}),
      },
      orderBy: [{ date: 'desc' }, { id: 'desc' }],
      ...(filter.take ? { take: filter.take } : {}),
    });
  }
  createCostEntry(organizationId: string, data: Data<Prisma.CostEntryUncheckedCreateInput>, db: Db = this.prisma): Promise<CostEntryRow> {
    return db.costEntry.create({ data: { id: newId(), organizationId, ...data } });
  }
  async createCostEntries(organizationId: string, rows: Data<Prisma.CostEntryUncheckedCreateInput>[], db: Db = this.prisma): Promise<number> {
    return (await db.costEntry.createMany({ data: rows.map((r) => ({ id: newId(), organizationId, ...r })) })).count;
  }
  costByRef(organizationId: string, externalRef: string, db: Db = this.prisma): Promise<CostEntryRow | null> {
    return db.costEntry.findFirst({ where: { organizationId, externalRef } });
  }
  async deleteCostEntry(organizationId: string, id: string, db: Db = this.prisma): Promise<boolean> {
    return (await db.costEntry.deleteMany({ where: { id, organizationId } })).count > 0;
  }

  fundingRounds(organizationId: string, db: Db = this.prisma): Promise<FundingRoundRow[]> {
    return db.fundingRound.findMany({ where: { organizationId }, orderBy: [{ date: 'asc' }, { id: 'asc' }] });
  }
  createFundingRound(organizationId: string, data: Data<Prisma.FundingRoundUncheckedCreateInput>, db: Db = this.prisma): Promise<FundingRoundRow> {
    return db.fundingRound.create({ data: { id: newId(), organizationId, ...data } });
  }
  async deleteFundingRound(organizationId: string, id: string, db: Db = this.prisma): Promise<boolean> {
    return (await db.fundingRound.deleteMany({ where: { id, organizationId } })).count > 0;
  }

  revenueStreams(organizationId: string, db: Db = this.prisma): Promise<RevenueStreamRow[]> {
    return db.revenueStream.findMany({ where: { organizationId }, orderBy: [{ startMonth: 'asc' }, { id: 'asc' }] });
  }
  createRevenueStream(organizationId: string, data: Data<Prisma.RevenueStreamUncheckedCreateInput>, db: Db = this.prisma): Promise<RevenueStreamRow> {
    return db.revenueStream.create({ data: { id: newId(), organizationId, ...data } });
  }
  async deleteRevenueStream(organizationId: string, id: string, db: Db = this.prisma): Promise<boolean> {
    return (await db.revenueStream.deleteMany({ where: { id, organizationId } })).count > 0;
  }
}
