// Reading a metric out of an evaluation report, and which way is better: the gate and the
// challenger comparison use the same rules.

/** Metrics where lower is better: a goal threshold is a maximum, a comparison margin a reduction. */
const LOWER_IS_BETTER = new Set(['loss', 'logloss', 'mse', 'rmse', 'mae', 'error', 'errorrate']);

/**
 * Names people write in a project goal for what the engine's report calls otherwise: a goal of
 * "auc" or "roc_auc" must find the binary report's `rocAuc` (else the gate refuses every model).
 */
const SYNONYMS: Record<string, string> = { auc: 'rocauc', aucroc: 'rocauc', rmse: 'rmse', r2score: 'r2', acc: 'accuracy' };

const normalise = (name: string) => {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SYNONYMS[n] ?? n;
};

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
