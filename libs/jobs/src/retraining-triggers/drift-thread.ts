// Runs inside a worker thread (runInWorkerThread): reads the training dataset version and the new
// one (already copied out of the artifact store and hash-verified) and compares them column by
// column with the data pipeline's detectDrift, the same report `meridian drift` prints.
import { detectDrift, readTable } from '@meridian/data-pipeline';
import type { DriftReport } from '@meridian/domain';

export interface DriftThreadInput {
  referencePath: string;
  currentPath: string;
  /** Empty: every column of the reference. */
  columns: string[];
  statistic: 'PSI' | 'KS';
}

export interface DriftThreadResult {
  report: DriftReport;
  /** The largest statistic over the compared columns (null when no column could be scored). */
  score: number | null;
  /** The column that gave the score. */
  worstColumn: string | null;
  /** Columns above the trigger's own threshold are decided by the caller; these are the ones scored. */
  scoredColumns: string[];
  /** Requested columns absent from one of the versions. */
  missingColumns: string[];
  rows: { reference: number; current: number };
}

export function scoreDrift(report: DriftReport, statistic: 'PSI' | 'KS'): { score: number | null; worstColumn: string | null; scoredColumns: string[] } {
  let score: number | null = null;
  let worstColumn: string | null = null;
  const scoredColumns: string[] = [];
  for (const c of report.columns) {
    const v = statistic === 'PSI' ? c.psi : (c.ks?.statistic ?? null);
    if (v === null || !Number.isFinite(v)) continue;
    scoredColumns.push(c.column);
    if (score === null || v > score) {
      score = v;
      worstColumn = c.column;
    }
  }
  return { score, worstColumn, scoredColumns };
}

export default async function driftThread(input: DriftThreadInput): Promise<DriftThreadResult> {
  const [reference, current] = await Promise.all([readTable(input.referencePath), readTable(input.currentPath)]);
  const refNames = new Set(reference.columns.map((c) => c.name));
  const curNames = new Set(current.columns.map((c) => c.name));
  const missingColumns = input.columns.filter((c) => !refNames.has(c) || !curNames.has(c));
  const report = detectDrift(reference, current, input.columns.length ? { columns: input.columns } : {});
  return { report, ...scoreDrift(report, input.statistic), missingColumns, rows: { reference: reference.rowCount, current: current.rowCount } };
}
