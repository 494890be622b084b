// Reading a metric out of an evaluation report, and which way is better: the gate and the
// challenger comparison use the same rules.

/** Metrics where lower is better: a goal threshold is a maximum, a comparison margin a reduction. */
const LOWER_IS_BETTER = new Set(['loss', 'logloss', 'mse', 'rmse', 'mae', 'error', 'errorrate']);

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

export function lowerIsBetter(metric: string): boolean {
  return LOWER_IS_BETTER.has(normalise(metric));
}

/** Finds `name` in an evaluation report: top level (any case), or macro averages (f1, precision, recall). */
export function metricValue(testMetrics: unknown, name: string): number | null {
  if (!testMetrics || typeof testMetrics !== 'object') return null;
  const m = testMetrics as Record<string, unknown>;
  const want = normalise(name);
  for (const [k, v] of Object.entries(m)) if (normalise(k) === want && typeof v === 'number') return v;
  const macro = m.macro as Record<string, unknown> | undefined;
  const short = want.replace(/^macro/, '');
  if (macro && typeof macro[short] === 'number') return macro[short] as number;
  return null;
}

export const roundMetric = (v: number) => Math.round(v * 10_000) / 10_000;
