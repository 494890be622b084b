export { FinanceError } from './errors';
export {
  CURRENCIES,
  currencyExponent,
  money,
  zero,
  assertMoney,
  parseMoney,
  toDecimalString,
  formatMoney,
  addMoney,
  subtractMoney,
  negate,
  compareMoney,
  sumMoney,
  multiplyMoney,
  percentOf,
  allocateMoney,
  convertMoney,
  inCurrency,
  type ExchangeRates,
} from './money';
export { roundRatio, parseRatio, type Ratio } from './rational';
export { budgetStatus, budgetReport, type Budget, type CostEntry, type BudgetStatus, type BudgetStatusOptions, type BudgetAlert, type AlertSeverity } from './budgets';
export { monthlySpend, averageMonthlyCost, type MonthSpend, type SpendOptions } from './spend';
export {
  cashOnHand,
  runwayFrom,
  projectCash,
  runScenario,
  streamRevenueForMonth,
  revenueForMonth,
  type FundingRound,
  type RevenueStream,
  type Runway,
  type CashOnHandInput,
  type ProjectionInput,
  type ProjectionMonth,
  type Projection,
  type ScenarioResult,
} from './runway';
export { computeCost, DEFAULT_COMPUTE_RATES, type ComputeRate, type ComputeRateTable, type ComputeUsage } from './compute';
export { parseCostCsv, parseCsvRecords, type ParsedCostEntry, type CsvLineError, type CostCsvResult } from './csv';
