// Costs, funding and runway + user satisfaction methods of the client (issue 6). Money is always
// { minor, currency }: integer minor units, never a float.
import type { BusinessModel, CostCategory, CostSource, CreateBudgetInput, CreateCostEntryInput, CreateFundingRoundInput, CreateRevenueStreamInput, FundingRoundType, Money, ScenarioChange } from '@meridian/domain';

export type Requester = <T>(method: string, path: string, body?: unknown) => Promise<T>;

const seg = encodeURIComponent;
const org = (orgId: string) => `/api/orgs/${seg(orgId)}`;
const qs = (params: Record<string, string | number | undefined>) => {
  const s = new URLSearchParams(Object.entries(params).flatMap(([k, v]): [string, string][] => (v === undefined || v === '' ? [] : [[k, String(v)]]))).toString();
  return s ? `?${s}` : '';
};

export type RunwayView =
  | { kind: 'FINITE'; months: number; runOutMonth: string; monthlyNetBurn: Money }
  | { kind: 'EXHAUSTED'; months: 0; runOutMonth: string; monthlyNetBurn: Money }
  | { kind: 'INFINITE'; months: null; runOutMonth: null; monthlyNetBurn: Money };

export interface BudgetView { id: string; projectId: string; category: CostCategory; amount: Money; periodStart: string; periodEnd: string }
export interface CostEntryView { id: string; projectId: string | null; date: string; category: CostCategory; amount: Money; description: string; source: CostSource; externalRef: string | null; createdAt: string }
export interface FundingRoundView { id: string; type: FundingRoundType; amount: Money; date: string; investor: string }
export interface RevenueStreamView { id: string; name: string; model: BusinessModel; monthlyAmount: Money; startMonth: string; endMonth: string | null; monthlyGrowthBps: number }
export interface BudgetAlertView { kind: 'THRESHOLD' | 'FORECAST_OVERRUN' | 'OVER_BUDGET'; severity: 'INFO' | 'WARNING' | 'CRITICAL'; budgetId: string; projectId: string; category: CostCategory; message: string; dedupeKey: string; overrunDate: string | null }
export interface BudgetStatusView {
  budgetId: string;
  projectId: string;
  category: CostCategory;
  budget: Money;
  actual: Money;
  remaining: Money;
  usedPct: number | null;
  burn: { monthly: Money; daily: Money };
  forecastAtPeriodEnd: Money;
  forecastOverrun: Money;
  overrunDate: string | null;
  overrunWithinPeriod: boolean;
  alerts: BudgetAlertView[];
  periodStart: string;
  periodEnd: string;
}
export interface ProjectionMonthView { month: string; openingCash: Money; revenue: Money; funding: Money; costs: Money; net: Money; closingCash: Money }
export interface ProjectionView { currency: string; months: ProjectionMonthView[]; runway: RunwayView; lowestCash: { month: string; amount: Money } }
export interface FinanceSummaryView {
  asOf: string;
  currency: string;
  cash: { cash: Money; opening: Money; funding: Money; revenue: Money; costs: Money };
  monthlyCost: { total: Money; byCategory: Record<CostCategory, Money> };
  monthlyRevenue: Money;
  runway: RunwayView;
  history: { month: string; costs: Money; revenue: Money; byCategory: Record<CostCategory, Money> }[];
  forecast: ProjectionView;
  budgets: BudgetStatusView[];
  alerts: BudgetAlertView[];
  /** Rows in a currency other than the books', left out of every figure. */
  excluded: { count: number; currencies: string[] };
}
export interface ScenarioView { name: string; asOf: string; currency: string; baseline: ProjectionView; scenario: ProjectionView; runwayChangeMonths: number | null }
/** A risk the platform raised in the register (deduplicated: raising again while it is open raises nothing). */
export interface RaisedRiskView { id: string; projectId: string; title: string; dedupeKey: string }

export function financeClient(request: Requester) {
  const f = (orgId: string) => `${org(orgId)}/finance`;
  return {
    summary: (orgId: string, asOf?: string) => request<FinanceSummaryView>('GET', `${f(orgId)}/summary${qs({ asOf })}`),
    scenario: (orgId: string, input: { name?: string; changes: ScenarioChange[]; asOf?: string; months?: number }) => request<ScenarioView>('POST', `${f(orgId)}/scenario`, input),
    /** "Check now": the daily risk loop at once (budget overruns and satisfaction drops of every project); raises nothing twice. */
    checkAllRisks: (orgId: string, asOf?: string) =>
      request<{ asOf: string; projects: number; budgetRisks: RaisedRiskView[]; satisfactionRisks: RaisedRiskView[] }>('POST', `${f(orgId)}/check-all-risks${qs({ asOf })}`),
    budgets: {
      list: (orgId: string) => request<BudgetView[]>('GET', `${f(orgId)}/budgets`),
      create: (orgId: string, input: CreateBudgetInput) => request<BudgetView>('POST', `${f(orgId)}/budgets`, input),
      delete: (orgId: string, id: string) => request<void>('DELETE', `${f(orgId)}/budgets/${seg(id)}`),
    },
    costs: {
      list: (orgId: string, q: { projectId?: string; from?: string; to?: string; limit?: number } = {}) => request<CostEntryView[]>('GET', `${f(orgId)}/costs${qs(q)}`),
      create: (orgId: string, input: Partial<CreateCostEntryInput> & Pick<CreateCostEntryInput, 'date' | 'category' | 'amount'>) => request<CostEntryView>('POST', `${f(orgId)}/costs`, input),
      importCsv: (orgId: string, csv: string, projectId: string | null = null) => request<{ imported: number; total: Money | null }>('POST', `${f(orgId)}/costs/import`, { csv, projectId }),
      delete: (orgId: string, id: string) => request<void>('DELETE', `${f(orgId)}/costs/${seg(id)}`),
    },
    fundingRounds: {
      list: (orgId: string) => request<FundingRoundView[]>('GET', `${f(orgId)}/funding-rounds`),
      create: (orgId: string, input: Partial<CreateFundingRoundInput> & Pick<CreateFundingRoundInput, 'type' | 'amount' | 'date'>) => request<FundingRoundView>('POST', `${f(orgId)}/funding-rounds`, input),
      delete: (orgId: string, id: string) => request<void>('DELETE', `${f(orgId)}/funding-rounds/${seg(id)}`),
    },
    revenueStreams: {
      list: (orgId: string) => request<RevenueStreamView[]>('GET', `${f(orgId)}/revenue-streams`),
      create: (orgId: string, input: Partial<CreateRevenueStreamInput> & Pick<CreateRevenueStreamInput, 'name' | 'model' | 'monthlyAmount' | 'startMonth'>) =>
        request<RevenueStreamView>('POST', `${f(orgId)}/revenue-streams`, input),
      delete: (orgId: string, id: string) => request<void>('DELETE', `${f(orgId)}/revenue-streams/${seg(id)}`),
    },
  };
}

export interface Interval { low: number; high: number; level: number }
export interface SatisfactionGroupView {
  key: string;
  responses: number;
  nps: { n: number; promoters: number; passives: number; detractors: number; nps: number | null; ci: Interval | null };
  csat: { n: number; satisfied: number; csat: number | null; ci: Interval | null; distribution: number[] };
  thumbsUp: number;
  thumbsDown: number;
  negativeShare: number;
}
export interface FeedbackAnalyticsView {
  projectId: string;
  overall: SatisfactionGroupView;
  weeks: SatisfactionGroupView[];
  modelVersions: SatisfactionGroupView[];
  themes: { keyword: string; count: number; sentiment: number; examples: string[] }[];
  comments: { id: string; createdAt: string; comment: string; nps: number | null; csat: number | null; thumbs: boolean | null; modelVersionId: string | null; predictionId: string | null; sentiment: { score: number; label: 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE' } }[];
  risks: { kind: 'NPS_DROP' | 'NEGATIVE_SHARE'; severity: 'MEDIUM' | 'HIGH'; message: string; dedupeKey: string }[];
}
export interface FeedbackKeyView { id: string; projectId: string; name: string; prefix: string; createdAt: string; revokedAt: string | null }
export interface SurveyView { id: string; projectId: string; name: string; kind: 'NPS' | 'CSAT' | 'THUMBS' | 'TEXT'; question: string; active: boolean; createdAt: string }
export interface PublicFeedbackInput { nps?: number; csat?: number; thumbs?: 'up' | 'down'; comment?: string; modelVersionId?: string; predictionId?: string; surveyId?: string }

export function feedbackClient(request: Requester) {
  const p = (orgId: string, projectId: string) => `${org(orgId)}/projects/${seg(projectId)}`;
  return {
    overview: (orgId: string) => request<{ overall: SatisfactionGroupView; weeks: SatisfactionGroupView[] }>('GET', `${org(orgId)}/feedback/overview`),
    analytics: (orgId: string, projectId: string, q: { q?: string; from?: string; to?: string } = {}) => request<FeedbackAnalyticsView>('GET', `${p(orgId, projectId)}/feedback${qs(q)}`),
    keys: {
      list: (orgId: string, projectId: string) => request<FeedbackKeyView[]>('GET', `${p(orgId, projectId)}/feedback-keys`),
      create: (orgId: string, projectId: string, name?: string) => request<FeedbackKeyView & { key: string }>('POST', `${p(orgId, projectId)}/feedback-keys`, name ? { name } : {}),
      rotate: (orgId: string, projectId: string, keyId: string) => request<FeedbackKeyView & { key: string }>('POST', `${p(orgId, projectId)}/feedback-keys/${seg(keyId)}/rotate`),
      revoke: (orgId: string, projectId: string, keyId: string) => request<void>('DELETE', `${p(orgId, projectId)}/feedback-keys/${seg(keyId)}`),
    },
    surveys: {
      list: (orgId: string, projectId: string) => request<SurveyView[]>('GET', `${p(orgId, projectId)}/surveys`),
      create: (orgId: string, projectId: string, input: { name: string; kind: SurveyView['kind']; question: string; active?: boolean }) => request<SurveyView>('POST', `${p(orgId, projectId)}/surveys`, input),
      delete: (orgId: string, projectId: string, id: string) => request<void>('DELETE', `${p(orgId, projectId)}/surveys/${seg(id)}`),
    },
  };
}
