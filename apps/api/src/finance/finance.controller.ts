import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ZCreateBudgetSchema,
  ZCreateCostEntrySchema,
  ZCreateFundingRoundSchema,
  ZCreateRevenueStreamSchema,
  type CreateBudgetInput,
  type CreateCostEntryInput,
  type CreateFundingRoundInput,
  type CreateRevenueStreamInput,
} from '@meridian/domain';
import { z } from 'zod';
import type { OrgAccess } from '../common/context';
import { CurrentOrg, OrgRole } from '../common/decorators';
import { ApiOk, IdParam, ZBody, ZQuery } from '../common/zod';
import { ZAsOfQuery, ZCostListQuery, ZCsvImportSchema, ZScenarioRequestSchema, type AsOfQuery, type CostListQuery, type CsvImportInput, type ScenarioRequest } from './finance.schemas';
import { FinanceService } from './finance.service';

const ZMoneyView = z.object({ minor: z.number().int(), currency: z.string() });
const ZBudgetView = z.object({ id: z.string(), projectId: z.string(), category: z.string(), amount: ZMoneyView, periodStart: z.string(), periodEnd: z.string() });
const ZCostView = z.object({
  id: z.string(),
  projectId: z.string().nullable(),
  date: z.string(),
  category: z.string(),
  amount: ZMoneyView,
  description: z.string(),
  source: z.string(),
  externalRef: z.string().nullable(),
  createdAt: z.string(),
});
const ZFundingView = z.object({ id: z.string(), type: z.string(), amount: ZMoneyView, date: z.string(), investor: z.string() });
const ZRevenueView = z.object({ id: z.string(), name: z.string(), model: z.string(), monthlyAmount: ZMoneyView, startMonth: z.string(), endMonth: z.string().nullable(), monthlyGrowthBps: z.number() });
const ZRunwayView = z.object({ kind: z.enum(['FINITE', 'EXHAUSTED', 'INFINITE']), months: z.number().nullable(), runOutMonth: z.string().nullable(), monthlyNetBurn: ZMoneyView });
const ZSummaryView = z.object({
  asOf: z.string(),
  currency: z.string(),
  cash: z.object({ cash: ZMoneyView, opening: ZMoneyView, funding: ZMoneyView, revenue: ZMoneyView, costs: ZMoneyView }),
  monthlyCost: z.object({ total: ZMoneyView, byCategory: z.record(z.string(), ZMoneyView) }),
  monthlyRevenue: ZMoneyView,
  runway: ZRunwayView,
  history: z.array(z.object({ month: z.string(), costs: ZMoneyView, revenue: ZMoneyView })),
  forecast: z.object({ currency: z.string(), runway: ZRunwayView, months: z.array(z.object({ month: z.string(), closingCash: ZMoneyView })) }),
  budgets: z.array(z.object({ budgetId: z.string(), actual: ZMoneyView, forecastAtPeriodEnd: ZMoneyView, usedPct: z.number().nullable() })),
  alerts: z.array(z.object({ kind: z.string(), severity: z.string(), message: z.string(), dedupeKey: z.string() })),
});

const ZRaisedRisk = z.object({ id: z.string(), projectId: z.string(), title: z.string(), dedupeKey: z.string() });

@ApiTags('finance')
@Controller('orgs/:orgId/finance')
export class FinanceController {
  constructor(private readonly finance: FinanceService) {}

  @Get('summary')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Cash on hand, monthly burn, runway (FINITE / EXHAUSTED / INFINITE), spend history, cash forecast at the current burn, budgets versus actual with alerts' })
  @ApiOk(ZSummaryView)
  summary(@ZQuery(ZAsOfQuery) q: AsOfQuery, @CurrentOrg() org: OrgAccess) {
    return this.finance.summary(org, q.asOf);
  }

  @Post('scenario')
  @OrgRole('VIEWER')
  @HttpCode(200)
  @ApiOperation({ summary: 'What-if: baseline and scenario cash projections for changes (HIRE n, RAISE x, CUT_COST y %); nothing is stored' })
  scenario(@ZBody(ZScenarioRequestSchema) body: ScenarioRequest, @CurrentOrg() org: OrgAccess) {
    return this.finance.scenario(org, body);
  }

  @Post('check-all-risks')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: '"Check now": the daily risk loop at once — FINANCIAL risks for budget overruns and MARKET risks for satisfaction drops, for every project; raises nothing twice' })
  @ApiOk(z.object({ asOf: z.string(), projects: z.number().int(), budgetRisks: z.array(ZRaisedRisk), satisfactionRisks: z.array(ZRaisedRisk) }))
  checkAllRisks(@ZQuery(ZAsOfQuery) q: AsOfQuery, @CurrentOrg() org: OrgAccess) {
    return this.finance.checkAllRisks(org, q.asOf);
  }

  @Post('check-risks')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: 'Raise FINANCIAL risks in the register for budgets forecast to overrun or already over (once per budget and period); also runs after every cost write and daily (risks.check)' })
  @ApiOk(z.array(ZRaisedRisk))
  checkRisks(@ZQuery(ZAsOfQuery) q: AsOfQuery, @CurrentOrg() org: OrgAccess) {
    return this.finance.checkBudgetRisks(org.organizationId, q.asOf);
  }

  @Get('budgets')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Budgets per project, category and period' })
  @ApiOk(z.array(ZBudgetView))
  budgets(@CurrentOrg() org: OrgAccess) {
    return this.finance.listBudgets(org);
  }

  @Post('budgets')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Create a budget (amount in minor units; the books have one currency)' })
  @ApiOk(ZBudgetView, 201, 'Created')
  createBudget(@ZBody(ZCreateBudgetSchema) body: CreateBudgetInput, @CurrentOrg() org: OrgAccess) {
    return this.finance.createBudget(org, body);
  }

  @Delete('budgets/:budgetId')
  @OrgRole('MEMBER')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a budget' })
  async deleteBudget(@IdParam('budgetId') id: string, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.finance.deleteBudget(org, id);
  }

  @Get('costs')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Cost entries, newest first' })
  @ApiOk(z.array(ZCostView))
  costs(@ZQuery(ZCostListQuery) q: CostListQuery, @CurrentOrg() org: OrgAccess) {
    return this.finance.listCosts(org, q);
  }

  @Post('costs')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Record a cost entry' })
  @ApiOk(ZCostView, 201, 'Created')
  createCost(@ZBody(ZCreateCostEntrySchema) body: CreateCostEntryInput, @CurrentOrg() org: OrgAccess) {
    return this.finance.createCost(org, body);
  }

  @Post('costs/import')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Import cost entries from CSV (date,category,amount,currency[,description]): all or nothing; 400 lists every bad line as line.N.column' })
  @ApiOk(z.object({ imported: z.number().int(), total: ZMoneyView.nullable() }), 201, 'Imported')
  importCsv(@ZBody(ZCsvImportSchema) body: CsvImportInput, @CurrentOrg() org: OrgAccess) {
    return this.finance.importCsv(org, body);
  }

  @Delete('costs/:costId')
  @OrgRole('MEMBER')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a cost entry' })
  async deleteCost(@IdParam('costId') id: string, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.finance.deleteCost(org, id);
  }

  @Get('funding-rounds')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Funding rounds (angel, seed, venture, grant, revenue-based)' })
  @ApiOk(z.array(ZFundingView))
  funding(@CurrentOrg() org: OrgAccess) {
    return this.finance.listFunding(org);
  }

  @Post('funding-rounds')
  @OrgRole('ADMIN')
  @ApiOperation({ summary: 'Record a funding round' })
  @ApiOk(ZFundingView, 201, 'Created')
  createFunding(@ZBody(ZCreateFundingRoundSchema) body: CreateFundingRoundInput, @CurrentOrg() org: OrgAccess) {
    return this.finance.createFunding(org, body);
  }

  @Delete('funding-rounds/:roundId')
  @OrgRole('ADMIN')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a funding round' })
  async deleteFunding(@IdParam('roundId') id: string, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.finance.deleteFunding(org, id);
  }

  @Get('revenue-streams')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Revenue streams by business model' })
  @ApiOk(z.array(ZRevenueView))
  revenue(@CurrentOrg() org: OrgAccess) {
    return this.finance.listRevenue(org);
  }

  @Post('revenue-streams')
  @OrgRole('ADMIN')
  @ApiOperation({ summary: 'Add a revenue stream (monthly amount, growth in basis points)' })
  @ApiOk(ZRevenueView, 201, 'Created')
  createRevenue(@ZBody(ZCreateRevenueStreamSchema) body: CreateRevenueStreamInput, @CurrentOrg() org: OrgAccess) {
    return this.finance.createRevenue(org, body);
  }

  @Delete('revenue-streams/:streamId')
  @OrgRole('ADMIN')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a revenue stream' })
  async deleteRevenue(@IdParam('streamId') id: string, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.finance.deleteRevenue(org, id);
  }
}
