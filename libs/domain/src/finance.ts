// Finance contracts shared by the API, the web app and libs/finance. Money is always an integer
// number of minor units (cents, pence, yen) plus an ISO 4217 code: floating-point money never exists.
import { z } from 'zod';
import { ZBusinessModel } from './enums';

const ZIsoDate = z.iso.date({ error: 'must be a date like 2027-05-31' });
export const ZMonthKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be a month like 2027-05' });

export const ZCurrencyCode = z.string().regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code in capitals, like EUR' });

export const ZMoney = z.object({
  // Zod's int() also enforces the safe-integer range; say which rule failed.
  minor: z.number().int({
    error: (iss) => (iss.code === 'too_big' || iss.code === 'too_small' ? 'amount is too large to represent exactly' : 'money is an integer number of minor units (cents), not a decimal'),
  }),
  currency: ZCurrencyCode,
});
export type Money = z.infer<typeof ZMoney>;

/** Money that may not be negative (budgets, costs, funding, revenue). */
export const ZNonNegativeMoney = ZMoney.refine((m) => m.minor >= 0, { message: 'amount cannot be negative', path: ['minor'] });

export const COST_CATEGORIES = ['PEOPLE', 'COMPUTE', 'DATA', 'TOOLS', 'MARKETING', 'OPERATIONS', 'LEGAL'] as const;
export const ZCostCategory = z.enum(COST_CATEGORIES);
export type CostCategory = z.infer<typeof ZCostCategory>;

export const FUNDING_ROUND_TYPES = ['ANGEL', 'SEED', 'VENTURE', 'GRANT', 'REVENUE_BASED'] as const;
export const ZFundingRoundType = z.enum(FUNDING_ROUND_TYPES);
export type FundingRoundType = z.infer<typeof ZFundingRoundType>;

/** Revenue streams use the project business models (API subscription, SaaS, ...): one enum, no drift. */
export const ZRevenueModel = ZBusinessModel;

export const COST_SOURCES = ['MANUAL', 'CSV', 'COMPUTE'] as const;
export const ZCostSource = z.enum(COST_SOURCES);
export type CostSource = z.infer<typeof ZCostSource>;

/** TF.js backend names exactly as the training engine reports them, so a run's backend keys its rate. */
export const COMPUTE_BACKENDS = ['cpu', 'wasm', 'tensorflow', 'tensorflow-gpu'] as const;
export const ZComputeBackend = z.enum(COMPUTE_BACKENDS);
export type ComputeBackend = z.infer<typeof ZComputeBackend>;

export const ROUNDING_MODES = ['HALF_EVEN', 'HALF_UP'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

export const ZCreateBudgetSchema = z
  .object({
    projectId: z.string().min(1).max(64),
    category: ZCostCategory,
    amount: ZNonNegativeMoney,
    periodStart: ZIsoDate,
    periodEnd: ZIsoDate,
  })
  .refine((b) => b.periodEnd >= b.periodStart, { message: 'periodEnd must be on or after periodStart', path: ['periodEnd'] });
export type CreateBudgetInput = z.infer<typeof ZCreateBudgetSchema>;

export const ZCreateCostEntrySchema = z.object({
  projectId: z.string().min(1).max(64).nullable().default(null),
  date: ZIsoDate,
  category: ZCostCategory,
  amount: ZNonNegativeMoney,
  description: z.string().trim().max(500).default(''),
  source: ZCostSource.default('MANUAL'),
});
export type CreateCostEntryInput = z.infer<typeof ZCreateCostEntrySchema>;

export const ZCreateFundingRoundSchema = z.object({
  type: ZFundingRoundType,
  amount: ZNonNegativeMoney,
  date: ZIsoDate,
  investor: z.string().trim().max(200).default(''),
});
export type CreateFundingRoundInput = z.infer<typeof ZCreateFundingRoundSchema>;

export const ZCreateRevenueStreamSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    model: ZRevenueModel,
    monthlyAmount: ZNonNegativeMoney,
    startMonth: ZMonthKey,
    endMonth: ZMonthKey.nullable().default(null),
    /** Month-on-month growth in basis points (150 = 1.5 %), compounded, rounded half-even each month. */
    monthlyGrowthBps: z.number().int().min(-10_000).max(100_000).default(0),
  })
  .refine((r) => r.endMonth === null || r.endMonth >= r.startMonth, { message: 'endMonth must not be before startMonth', path: ['endMonth'] });
export type CreateRevenueStreamInput = z.infer<typeof ZCreateRevenueStreamSchema>;

/** What-if changes for the runway scenario view. */
export const ZScenarioChange = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('HIRE'),
    count: z.number().int().min(1).max(1000),
    annualSalary: ZNonNegativeMoney,
    fromMonth: ZMonthKey,
    category: ZCostCategory.default('PEOPLE'),
  }),
  z.object({ kind: z.literal('RAISE'), amount: ZNonNegativeMoney, month: ZMonthKey }),
  z.object({
    kind: z.literal('CUT_COST'),
    category: ZCostCategory,
    percent: z.number().min(0).max(100),
    fromMonth: ZMonthKey,
  }),
]);
export type ScenarioChange = z.infer<typeof ZScenarioChange>;

export const ZScenarioSchema = z.object({
  name: z.string().trim().min(1).max(120).default('Scenario'),
  changes: z.array(ZScenarioChange).max(50),
});

/** Codes of FinanceError; the API maps every one of them to 400 VALIDATION_FAILED. */
export const FINANCE_ERROR_CODES = [
  'UNKNOWN_CURRENCY',
  'CURRENCY_MISMATCH',
  'MISSING_RATE',
  'INVALID_AMOUNT',
  'NEGATIVE_AMOUNT',
  'AMOUNT_OVERFLOW',
  'TOO_MANY_DECIMALS',
  'INVALID_DATE',
  'INVALID_CSV',
  'INVALID_INPUT',
] as const;
export type FinanceErrorCode = (typeof FINANCE_ERROR_CODES)[number];

/** Human labels for the dashboard, next to the enums so they never drift. */
export const FINANCE_LABELS = {
  costCategory: { PEOPLE: 'People', COMPUTE: 'Compute', DATA: 'Data', TOOLS: 'Tools', MARKETING: 'Marketing', OPERATIONS: 'Operations', LEGAL: 'Legal' },
  fundingRoundType: { ANGEL: 'Angel', SEED: 'Seed', VENTURE: 'Venture', GRANT: 'Grant', REVENUE_BASED: 'Revenue-based financing' },
  costSource: { MANUAL: 'Manual', CSV: 'CSV import', COMPUTE: 'Training compute' },
  computeBackend: { cpu: 'CPU (TF.js)', wasm: 'WebAssembly (TF.js)', tensorflow: 'TensorFlow native', 'tensorflow-gpu': 'TensorFlow GPU' },
} as const satisfies {
  costCategory: Record<CostCategory, string>;
  fundingRoundType: Record<FundingRoundType, string>;
  costSource: Record<CostSource, string>;
  computeBackend: Record<ComputeBackend, string>;
};
