// Promotion to `production` passes every registered gate check. Here: the project goal's metric
// threshold. Other modules (fairness audits, risks) add checks with PromotionGate.register().
import { Injectable } from '@nestjs/common';

export interface GateContext {
  organizationId: string;
  projectId: string;
  modelVersionId: string;
  testMetrics: unknown;
  goal: { metric: string | null; threshold: number | null };
}

export interface GateResult {
  ok: boolean;
  /** Why it failed (or, when ok, what was checked). */
  reasons: string[];
}

export type GateCheck = (ctx: GateContext) => Promise<GateResult> | GateResult;

/** Metrics where lower is better: the threshold is a maximum. */
const LOWER_IS_BETTER = new Set(['loss', 'logloss', 'mse', 'rmse', 'mae', 'error', 'errorrate']);

/** Finds `name` in an evaluation report: top level (any case), or macro averages (f1, precision, recall). */
export function metricValue(testMetrics: unknown, name: string): number | null {
  if (!testMetrics || typeof testMetrics !== 'object') return null;
  const m = testMetrics as Record<string, unknown>;
  const want = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  for (const [k, v] of Object.entries(m)) if (k.toLowerCase().replace(/[^a-z0-9]/g, '') === want && typeof v === 'number') return v;
  const macro = m.macro as Record<string, unknown> | undefined;
  const short = want.replace(/^macro/, '');
  if (macro && typeof macro[short] === 'number') return macro[short] as number;
  return null;
}

/** The goal check as a pure function (tested on its own). */
export function goalGate(ctx: GateContext): GateResult {
  const { metric, threshold } = ctx.goal;
  if (!metric || threshold === null) return { ok: true, reasons: ['the project goal sets no metric threshold'] };
  const value = metricValue(ctx.testMetrics, metric);
  if (value === null) return { ok: false, reasons: [`the model has no test metric "${metric}" to compare with the project goal's threshold ${threshold}`] };
  const lower = LOWER_IS_BETTER.has(metric.toLowerCase().replace(/[^a-z0-9]/g, ''));
  const ok = lower ? value <= threshold : value >= threshold;
  const cmp = lower ? '<=' : '>=';
  return ok
    ? { ok: true, reasons: [`test ${metric} ${round(value)} ${cmp} goal ${threshold}`] }
    : { ok: false, reasons: [`test ${metric} is ${round(value)}, the project goal needs ${cmp} ${threshold}`] };
}

const round = (v: number) => Math.round(v * 10_000) / 10_000;

@Injectable()
export class PromotionGate {
  private readonly checks: Array<{ name: string; check: GateCheck }> = [{ name: 'project-goal', check: goalGate }];

  register(name: string, check: GateCheck): void {
    this.checks.push({ name, check });
  }

  async evaluate(ctx: GateContext): Promise<GateResult> {
    const reasons: string[] = [];
    let ok = true;
    for (const c of this.checks) {
      const r = await c.check(ctx);
      if (!r.ok) ok = false;
      reasons.push(...r.reasons.map((x) => `${c.name}: ${x}`));
    }
    return { ok, reasons };
  }
}
