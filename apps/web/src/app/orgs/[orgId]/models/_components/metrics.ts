// Which numbers of an evaluation report the comparison table shows, and how to read them.
export interface MetricRow {
  key: string;
  label: string;
  lowerIsBetter: boolean;
  pick: (report: Record<string, unknown>) => number | null;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const at = (obj: unknown, ...path: string[]): number | null => {
  let cur: unknown = obj;
  for (const p of path) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  return num(cur);
};

export const CLASSIFICATION_ROWS: MetricRow[] = [
  { key: 'accuracy', label: 'Accuracy', lowerIsBetter: false, pick: (r) => at(r, 'accuracy') },
  { key: 'macro.f1', label: 'F1 (macro)', lowerIsBetter: false, pick: (r) => at(r, 'macro', 'f1') },
  { key: 'macro.precision', label: 'Precision (macro)', lowerIsBetter: false, pick: (r) => at(r, 'macro', 'precision') },
  { key: 'macro.recall', label: 'Recall (macro)', lowerIsBetter: false, pick: (r) => at(r, 'macro', 'recall') },
  { key: 'weighted.f1', label: 'F1 (weighted)', lowerIsBetter: false, pick: (r) => at(r, 'weighted', 'f1') },
  { key: 'rocAuc', label: 'ROC AUC', lowerIsBetter: false, pick: (r) => at(r, 'rocAuc') },
  { key: 'logLoss', label: 'Log loss', lowerIsBetter: true, pick: (r) => at(r, 'logLoss') },
];

export const REGRESSION_ROWS: MetricRow[] = [
  { key: 'labelUnits.rmse', label: 'RMSE (label units)', lowerIsBetter: true, pick: (r) => at(r, 'labelUnits', 'rmse') },
  { key: 'labelUnits.mae', label: 'MAE (label units)', lowerIsBetter: true, pick: (r) => at(r, 'labelUnits', 'mae') },
  { key: 'r2', label: 'R²', lowerIsBetter: false, pick: (r) => at(r, 'r2') },
];

export function rowsFor(report: Record<string, unknown> | null): MetricRow[] {
  return report?.task === 'regression' ? REGRESSION_ROWS : CLASSIFICATION_ROWS;
}

export const fmt = (v: number | null, digits = 4) => (v === null ? '—' : v.toFixed(digits));
