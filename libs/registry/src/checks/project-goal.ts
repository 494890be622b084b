// The project goal's metric threshold (issue 4): a model below the goal does not reach production.
import type { GateCheck, GateContext, GateResult } from '../gate';
import { lowerIsBetter, metricValue, roundMetric } from '../metrics';

/** The goal check as a pure function (tested on its own). */
export function goalGate(ctx: GateContext): GateResult {
  const { metric, threshold } = ctx.goal;
  if (!metric || threshold === null) return { ok: true, reasons: ['the project goal sets no metric threshold'] };
  const value = metricValue(ctx.testMetrics, metric);
  if (value === null) return { ok: false, reasons: [`the model has no test metric "${metric}" to compare with the project goal's threshold ${threshold}`] };
  const lower = lowerIsBetter(metric);
  const ok = lower ? value <= threshold : value >= threshold;
  const cmp = lower ? '<=' : '>=';
  return ok
    ? { ok: true, reasons: [`test ${metric} ${roundMetric(value)} ${cmp} goal ${threshold}`] }
    : { ok: false, reasons: [`test ${metric} is ${roundMetric(value)}, the project goal needs ${cmp} ${threshold}`] };
}

export const projectGoalCheck: GateCheck = { name: 'project-goal', run: (_db, ctx) => goalGate(ctx) };
