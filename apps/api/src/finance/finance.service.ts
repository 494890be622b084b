import { Injectable, Logger } from '@nestjs/common';
import {
  type CostCategory,
  type CreateBudgetInput,
  type CreateCostEntryInput,
  type CreateFundingRoundInput,
  type CreateRevenueStreamInput,
  type ErrorIssue,
  type Money,
} from '@meridian/domain';
import {
  FinanceError,
  averageMonthlyCost,
  budgetReport,
  cashOnHand,
  computeCost,
  currencyExponent,
  monthlySpend,
  parseCostCsv,
  projectCash,
  revenueForMonth,
  runScenario,
  runwayFrom,
  DEFAULT_COMPUTE_RATES,
  type Budget,
  type BudgetStatus,
  type ComputeRateTable,
  type CostEntry,
  type FundingRound,
  type Projection,
  type RevenueStream,
  type Runway,
  type ScenarioResult,
} from '@meridian/finance';
import { AppError } from '../common/app-error';
import type { OrgAccess } from '../common/context';
import { Transactions } from '../common/prisma';
import { FeedbackService } from '../feedback/feedback.service';
import { PlatformRisks, type RaisedRisk } from '../platform-risks/platform-risks';
import { FinanceRepository, type BudgetRow, type CostEntryRow, type FundingRoundRow, type RevenueStreamRow } from './finance.repository';
import { ZComputeCostInput, type ComputeCostInput, type CostListQuery, type CsvImportInput, type ScenarioRequest } from './finance.schemas';

const day = (d: Date) => d.toISOString().slice(0, 10);
const toDate = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const mny = (minor: bigint, currency: string): Money => ({ minor: Number(minor), currency });
function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const idx = y * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

export const budgetView = (b: BudgetRow) => ({
  id: b.id,
  projectId: b.projectId,
  category: b.category as CostCategory,
  amount: mny(b.amountMinor, b.currency),
  periodStart: day(b.periodStart),
  periodEnd: day(b.periodEnd),
});
export const costView = (c: CostEntryRow) => ({
  id: c.id,
  projectId: c.projectId,
  date: day(c.date),
  category: c.category as CostCategory,
  amount: mny(c.amountMinor, c.currency),
  description: c.description,
  source: c.source,
  externalRef: c.externalRef,
  createdAt: c.createdAt.toISOString(),
});
export const fundingView = (f: FundingRoundRow) => ({ id: f.id, type: f.type, amount: mny(f.amountMinor, f.currency), date: day(f.date), investor: f.investor });
export const revenueView = (r: RevenueStreamRow) => ({
  id: r.id,
  name: r.name,
  model: r.model,
  monthlyAmount: mny(r.monthlyAmountMinor, r.currency),
  startMonth: r.startMonth,
  endMonth: r.endMonth,
  monthlyGrowthBps: r.monthlyGrowthBps,
});

export interface FinanceSummary {
  asOf: string;
  currency: string;
  cash: { cash: Money; opening: Money; funding: Money; revenue: Money; costs: Money };
  /** Average monthly cost of the last 3 full months, by category. */
  monthlyCost: { total: Money; byCategory: Record<CostCategory, Money> };
  monthlyRevenue: Money;
  runway: Runway;
  /** Spend (and revenue) per month, the last 12 months up to asOf. */
  history: { month: string; costs: Money; revenue: Money; byCategory: Record<CostCategory, Money> }[];
  /** Cash month by month at the current burn. */
  forecast: Projection;
  budgets: (BudgetStatus & { periodStart: string; periodEnd: string })[];
  alerts: BudgetStatus['alerts'];
  /** Rows in a currency other than the books', left out of every figure above. */
  excluded: { count: number; currencies: string[] };
}

/** Turns a finance rule failure into the API's 400 with the offending paths. */
export function financeError(e: unknown, prefix = ''): never {
  if (e instanceof FinanceError) {
    const issues: ErrorIssue[] = e.issues.length ? e.issues.map((i) => ({ ...i, path: prefix ? `${prefix}.${i.path}` : i.path })) : [{ path: prefix, message: e.message }];
    throw new AppError('VALIDATION_FAILED', `Invalid input: ${e.message}`, issues);
  }
  throw e;
}

@Injectable()
export class FinanceService {
  private readonly logger = new Logger('Finance');
  constructor(
    private readonly repo: FinanceRepository,
    private readonly tx: Transactions,
    private readonly risks: PlatformRisks,
    private readonly feedback: FeedbackService,
  ) {}

  /**
   * Forecast overruns and exceeded budgets → FINANCIAL risks in the register (libs/risk drafts,
   * deduplicated per budget and period). The rule is libs/jobs' budgetRiskDrafts, the one the daily
   * `risks.check` job runs too. Runs after every cost write, daily, and on demand.
   */
  async checkBudgetRisks(organizationId: string, asOf = day(new Date())): Promise<RaisedRisk[]> {
    let drafts: Awaited<ReturnType<FinanceRepository['budgetRiskDrafts']>>;
    try {
      drafts = await this.repo.budgetRiskDrafts(organizationId, asOf);
    } catch (e) {
      financeError(e);
    }
    return this.risks.raise(organizationId, drafts);
  }

  /**
   * "Check now": both checks of the risk loop over every project of the organisation, as the daily
   * `risks.check` job does — budgets here, satisfaction through the feedback service so that its
   * listeners (SATISFACTION retraining triggers) hear the signals too. Raises nothing twice.
   */
  async checkAllRisks(org: OrgAccess, asOf = day(new Date())): Promise<{ asOf: string; projects: number; budgetRisks: RaisedRisk[]; satisfactionRisks: RaisedRisk[] }> {
    const budgetRisks = await this.checkBudgetRisks(org.organizationId, asOf);
    const projects = await this.repo.projectIds(org.organizationId);
    const satisfactionRisks: RaisedRisk[] = [];
    for (const id of projects) satisfactionRisks.push(...(await this.feedback.checkRisks(org.organizationId, id, asOf)));
    return { asOf, projects: projects.length, budgetRisks, satisfactionRisks };
  }

  /** Best effort after a write: a failing risk check never fails the cost entry itself. */
  private afterCostWrite(organizationId: string): void {
    this.checkBudgetRisks(organizationId).catch((e: unknown) => this.logger.warn(`budget risk check failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** Unknown currency or one different from the organisation's books → 400, before anything is written. */
  private async checkCurrency(organizationId: string, currency: string, path: string): Promise<void> {
    try {
      currencyExponent(currency, path);
    } catch (e) {
      financeError(e);
    }
    const book = await this.repo.bookCurrency(organizationId);
    if (book && book !== currency) {
      throw AppError.validation(
        [{ path, message: `is ${currency}, but this organisation keeps its books in ${book}`, expected: book }],
        `${path}: mixed currencies — this organisation keeps its books in ${book}; convert the amount to ${book} first`,
      );
    }
  }

  private async checkProject(organizationId: string, projectId: string | null, path = 'projectId'): Promise<void> {
    if (projectId && !(await this.repo.projectExists(organizationId, projectId))) {
      throw AppError.validation([{ path, message: `no project ${projectId} in this organisation` }]);
    }
  }

  // ---- budgets
  async listBudgets(org: OrgAccess, projectId?: string) {
    return (await this.repo.budgets(org.organizationId, projectId)).map(budgetView);
  }
  async createBudget(org: OrgAccess, input: CreateBudgetInput) {
    await this.checkProject(org.organizationId, input.projectId);
    await this.checkCurrency(org.organizationId, input.amount.currency, 'amount.currency');
    const b = await this.repo.createBudget(org.organizationId, {
      projectId: input.projectId,
      category: input.category,
      amountMinor: BigInt(input.amount.minor),
      currency: input.amount.currency,
      periodStart: toDate(input.periodStart),
      periodEnd: toDate(input.periodEnd),
    });
    return budgetView(b);
  }
  async deleteBudget(org: OrgAccess, id: string): Promise<void> {
    if (!(await this.repo.deleteBudget(org.organizationId, id))) throw AppError.notFound('budget');
  }

  // ---- cost entries
  async listCosts(org: OrgAccess, q: CostListQuery) {
    const rows = await this.repo.costEntries(org.organizationId, { projectId: q.projectId, from: q.from ? toDate(q.from) : undefined, to: q.to ? toDate(q.to) : undefined, take: q.limit });
    return rows.map(costView);
  }
  async createCost(org: OrgAccess, input: CreateCostEntryInput) {
    await this.checkProject(org.organizationId, input.projectId);
    await this.checkCurrency(org.organizationId, input.amount.currency, 'amount.currency');
    const c = await this.repo.createCostEntry(org.organizationId, {
      projectId: input.projectId,
      date: toDate(input.date),
      category: input.category,
      amountMinor: BigInt(input.amount.minor),
      currency: input.amount.currency,
      description: input.description,
      source: input.source === 'COMPUTE' ? 'MANUAL' : input.source,
    });
    this.afterCostWrite(org.organizationId);
    return costView(c);
  }
  async deleteCost(org: OrgAccess, id: string): Promise<void> {
    if (!(await this.repo.deleteCostEntry(org.organizationId, id))) throw AppError.notFound('cost entry');
  }

  /**
   * All or nothing: any bad line (or a currency other than the books') answers 400 listing every
   * line's error as `line.N.column`, and nothing is written.
   */
  async importCsv(org: OrgAccess, input: CsvImportInput): Promise<{ imported: number; total: Money | null }> {
    await this.checkProject(org.organizationId, input.projectId);
    let parsed;
    try {
      parsed = parseCostCsv(input.csv, { maxRows: 20_000 });
    } catch (e) {
      financeError(e, 'csv');
    }
    const issues: ErrorIssue[] = parsed.errors.map((e) => ({ path: `line.${e.line}${e.column ? `.${e.column}` : ''}`, message: e.message }));
    const book = (await this.repo.bookCurrency(org.organizationId)) ?? parsed.entries[0]?.amount.currency ?? null;
    for (const e of parsed.entries) {
      if (book && e.amount.currency !== book) issues.push({ path: `line.${e.line}.currency`, message: `is ${e.amount.currency}, but this organisation keeps its books in ${book}` });
    }
    if (!parsed.ok || issues.length) {
      throw AppError.validation(issues, `the CSV has ${issues.length} problem(s); nothing was imported. First: line ${issues[0]?.path.split('.')[1]}: ${issues[0]?.message}`);
    }
    if (parsed.entries.length === 0) throw AppError.validation([{ path: 'csv', message: 'has a header but no data lines' }]);
    const imported = await this.tx.run((tx) =>
      this.repo.createCostEntries(
        org.organizationId,
        parsed.entries.map((e) => ({
          projectId: input.projectId,
          date: toDate(e.date),
          category: e.category,
          amountMinor: BigInt(e.amount.minor),
          currency: e.amount.currency,
          description: e.description,
          source: 'CSV' as const,
        })),
        tx,
      ),
    );
    this.afterCostWrite(org.organizationId);
    const total = parsed.entries.reduce((a, e) => a + BigInt(e.amount.minor), 0n);
    return { imported, total: book ? mny(total, book) : null };
  }

  /**
   * For the runs engineer: books the compute cost of a finished training run as a COMPUTE cost
   * entry. Idempotent per run (externalRef `run:<runId>`): calling twice returns the first entry.
   * The price comes from `rates` (default: DEFAULT_COMPUTE_RATES, USD); it must be in the
   * organisation's book currency when the books already have one.
   */
  async recordComputeCost(input: ComputeCostInput, rates: ComputeRateTable = DEFAULT_COMPUTE_RATES) {
    const parsed = ZComputeCostInput.safeParse(input);
    if (!parsed.success) throw AppError.validation(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const v = parsed.data;
    const ref = `run:${v.runId}`;
    const existing = await this.repo.costByRef(v.organizationId, ref);
    if (existing) return costView(existing);
    let cost: Money;
    try {
      cost = computeCost({ backend: v.backend, seconds: v.seconds }, rates);
    } catch (e) {
      financeError(e);
    }
    await this.checkCurrency(v.organizationId, cost.currency, 'rates.currency');
    const row = await this.repo.createCostEntry(v.organizationId, {
      projectId: v.projectId,
      date: toDate(v.date ?? day(new Date())),
      category: 'COMPUTE',
      amountMinor: BigInt(cost.minor),
      currency: cost.currency,
      description: v.description ?? `Training run ${v.runId}: ${(v.seconds / 3600).toFixed(2)} h on ${v.backend}`,
      source: 'COMPUTE',
      externalRef: ref,
    });
    this.afterCostWrite(v.organizationId);
    return costView(row);
  }

  // ---- funding and revenue
  async listFunding(org: OrgAccess) {
    return (await this.repo.fundingRounds(org.organizationId)).map(fundingView);
  }
  async createFunding(org: OrgAccess, input: CreateFundingRoundInput) {
    await this.checkCurrency(org.organizationId, input.amount.currency, 'amount.currency');
    return fundingView(
      await this.repo.createFundingRound(org.organizationId, { type: input.type, amountMinor: BigInt(input.amount.minor), currency: input.amount.currency, date: toDate(input.date), investor: input.investor }),
    );
  }
  async deleteFunding(org: OrgAccess, id: string): Promise<void> {
    if (!(await this.repo.deleteFundingRound(org.organizationId, id))) throw AppError.notFound('funding round');
  }
  async listRevenue(org: OrgAccess) {
    return (await this.repo.revenueStreams(org.organizationId)).map(revenueView);
  }
  async createRevenue(org: OrgAccess, input: CreateRevenueStreamInput) {
    await this.checkCurrency(org.organizationId, input.monthlyAmount.currency, 'monthlyAmount.currency');
    return revenueView(
      await this.repo.createRevenueStream(org.organizationId, {
        name: input.name,
        model: input.model,
        monthlyAmountMinor: BigInt(input.monthlyAmount.minor),
        currency: input.monthlyAmount.currency,
        startMonth: input.startMonth,
        endMonth: input.endMonth,
        monthlyGrowthBps: input.monthlyGrowthBps,
      }),
    );
  }
  async deleteRevenue(org: OrgAccess, id: string): Promise<void> {
    if (!(await this.repo.deleteRevenueStream(org.organizationId, id))) throw AppError.notFound('revenue stream');
  }

  // ---- reports
  private async load(organizationId: string) {
    const [budgets, costs, funding, revenue, book] = await Promise.all([
      this.repo.budgets(organizationId),
      this.repo.costEntries(organizationId),
      this.repo.fundingRounds(organizationId),
      this.repo.revenueStreams(organizationId),
      this.repo.bookCurrency(organizationId),
    ]);
    const entries: CostEntry[] = costs.map((c) => ({ id: c.id, projectId: c.projectId, date: day(c.date), category: c.category as CostCategory, amount: mny(c.amountMinor, c.currency), description: c.description }));
    const rounds: FundingRound[] = funding.map((f) => ({ id: f.id, type: f.type, amount: mny(f.amountMinor, f.currency), date: day(f.date), investor: f.investor }));
    const streams: RevenueStream[] = revenue.map((r) => ({
      id: r.id,
      name: r.name,
      model: r.model,
      monthlyAmount: mny(r.monthlyAmountMinor, r.currency),
      startMonth: r.startMonth,
      endMonth: r.endMonth,
      monthlyGrowthBps: r.monthlyGrowthBps,
    }));
    const projectNames = await this.repo.projectNames(organizationId);
    const budgetList: Budget[] = budgets.map((b) => ({ ...budgetView(b), projectName: projectNames.get(b.projectId) }));
    const currency = book ?? 'USD';
    // Rows written outside this API (e.g. a training run's cost in RUN_COST_CURRENCY) may be in
    // another currency; without exchange rates they are left out of the figures and reported.
    const other = (m: Money) => m.currency !== currency;
    const excluded = [...entries.filter((e) => other(e.amount)).map((e) => e.amount), ...rounds.filter((r) => other(r.amount)).map((r) => r.amount), ...streams.filter((r) => other(r.monthlyAmount)).map((r) => r.monthlyAmount)];
    return {
      entries: entries.filter((e) => !other(e.amount)),
      rounds: rounds.filter((r) => !other(r.amount)),
      streams: streams.filter((r) => !other(r.monthlyAmount)),
      budgetList: budgetList.filter((b) => !other(b.amount)),
      currency,
      excluded: { count: excluded.length, currencies: [...new Set(excluded.map((m) => m.currency))].sort() },
    };
  }

  private baseline(asOf: string, d: Awaited<ReturnType<FinanceService['load']>>) {
    const month = asOf.slice(0, 7);
    const lastFull = addMonths(month, -1);
    const cash = cashOnHand({ asOf, currency: d.currency, fundingRounds: d.rounds, revenueStreams: d.streams, costs: d.entries });
    const monthlyCost = averageMonthlyCost(d.entries, { endMonth: lastFull, months: 3, currency: d.currency });
    const nextMonth = addMonths(month, 1);
    const monthlyRevenue = revenueForMonth(d.streams, month, d.currency);
    const runway = runwayFrom(cash.cash, monthlyCost.total, monthlyRevenue, nextMonth);
    const future = d.rounds.filter((r) => r.date > asOf);
    return { month, nextMonth, cash, monthlyCost, monthlyRevenue, runway, future };
  }

  async summary(org: OrgAccess, asOf = day(new Date())): Promise<FinanceSummary> {
    const d = await this.load(org.organizationId);
    try {
      const b = this.baseline(asOf, d);
      const spend = monthlySpend(d.entries, { from: addMonths(b.month, -11), to: b.month, currency: d.currency });
      const history = spend.map((s) => ({ month: s.month, costs: s.total, byCategory: s.byCategory, revenue: revenueForMonth(d.streams, s.month, d.currency) }));
      const forecast = projectCash({ startMonth: b.nextMonth, months: 18, openingCash: b.cash.cash, monthlyCosts: b.monthlyCost.byCategory, revenueStreams: d.streams, fundingRounds: b.future });
      const report = budgetReport(d.budgetList, d.entries, { asOf });
      const budgets = report.map((s) => {
        const src = d.budgetList.find((x) => x.id === s.budgetId);
        return { ...s, periodStart: src?.periodStart ?? '', periodEnd: src?.periodEnd ?? '' };
      });
      return { asOf, currency: d.currency, cash: b.cash, monthlyCost: b.monthlyCost, monthlyRevenue: b.monthlyRevenue, runway: b.runway, history, forecast, budgets, alerts: report.flatMap((s) => s.alerts), excluded: d.excluded };
    } catch (e) {
      financeError(e);
    }
  }

  async scenario(org: OrgAccess, req: ScenarioRequest): Promise<ScenarioResult & { asOf: string; currency: string }> {
    const asOf = req.asOf ?? day(new Date());
    const d = await this.load(org.organizationId);
    req.changes.forEach((c, i) => {
      const m = c.kind === 'RAISE' ? c.amount : c.kind === 'HIRE' ? c.annualSalary : null;
      if (m && m.currency !== d.currency) {
        throw AppError.validation([{ path: `changes.${i}.${c.kind === 'RAISE' ? 'amount' : 'annualSalary'}.currency`, message: `is ${m.currency}, but this organisation keeps its books in ${d.currency}`, expected: d.currency }]);
      }
    });
    try {
      const b = this.baseline(asOf, d);
      const result = runScenario({ startMonth: b.nextMonth, months: req.months, openingCash: b.cash.cash, monthlyCosts: b.monthlyCost.byCategory, revenueStreams: d.streams, fundingRounds: b.future }, req.changes, req.name);
      return { ...result, asOf, currency: d.currency };
    } catch (e) {
      financeError(e);
    }
  }
}

