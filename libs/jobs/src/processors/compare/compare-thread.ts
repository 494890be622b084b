// Runs inside a worker thread (runInWorkerThread): reads the challenger run's dataset file, takes
// the SAME test rows that run was evaluated on (the seeded split of train-thread.ts, repeated with
// the run's seed, fractions and stratification), and evaluates every model on them, each through
// its own stored preprocessing. This thread touches no database.
import { createHash } from 'node:crypto';
import { applyPreprocessing, column, columnStrings, decodeTargets, parsePreprocessing, readTable, takeRows, trainValTestSplit, type Table } from '@meridian/data-pipeline';
import { evaluate, loadModel, predict, regressionMetrics, type EvaluationReport, type ModelFiles } from '@meridian/training-engine';
import { unpackFiles } from '../training/pack';

export interface CompareThreadModel {
  modelVersionId: string;
  /** The packed model artifact (model.json, weights.bin, meridian.json). */
  pack: Uint8Array;
  /** ModelVersion.preprocessing as stored at registration. */
  preprocessing: unknown;
}

export interface CompareThreadInput {
  datasetPath: string;
  labelColumn: string;
  seed: number;
  fractions: [number, number, number];
  stratify: boolean;
  models: CompareThreadModel[];
}

/** An evaluation report; regression reports also carry the errors in the label's own units. */
export type ComparisonReport = EvaluationReport & { labelUnits?: { mse: number; rmse: number; mae: number; r2: number } };

export type CompareThreadModelResult = { modelVersionId: string; ok: true; report: ComparisonReport } | { modelVersionId: string; ok: false; error: string };

export interface CompareThreadResult {
  rows: number;
  /** SHA-256 of the test row indices (little-endian int32). */
  rowsSha256: string;
  results: CompareThreadModelResult[];
}

/**
 * The test row indices of a training run: MUST stay the same computation as runTraining in
 * ../training/train-thread.ts (labels as strings for stratification, trainValTestSplit with the
 * run's seed and fractions). The comparison test checks that the challenger's value here equals
 * the test metrics its run stored, which fails if the two ever drift apart.
 */
export function testRowsOf(table: Table, o: { labelColumn: string; seed: number; fractions: [number, number, number]; stratify: boolean }): Int32Array {
  const labels = columnStrings(column(table, o.labelColumn)).map((v) => String(v));
  return trainValTestSplit(table.rowCount, { seed: o.seed, fractions: o.fractions, stratify: o.stratify ? labels : undefined }).test;
}

export default async function runComparison(input: CompareThreadInput): Promise<CompareThreadResult> {
  const table = await readTable(input.datasetPath);
  const test = testRowsOf(table, input);
  const testTable = takeRows(table, test);
  const rowsSha256 = createHash('sha256').update(new Uint8Array(test.buffer, test.byteOffset, test.byteLength)).digest('hex');
  const results: CompareThreadModelResult[] = [];
  for (const m of input.models) {
    // A model that cannot read these rows (a column it needs is gone, a class it never saw) is a
    // result for that model, not a crash of the comparison: the other side is still evaluated.
    try {
      const prep = parsePreprocessing(m.preprocessing);
      const loaded = await loadModel(unpackFiles(m.pack) as ModelFiles);
      try {
        const data = applyPreprocessing(testTable, prep);
        let report: ComparisonReport = evaluate(loaded.model, data);
        if (report.task === 'regression' && prep.target?.task === 'regression') {
          const pred = predict(loaded.model, data.x, data.shape);
          const truth = decodeTargets(prep, data.y);
          const guess = decodeTargets(prep, Array.from({ length: data.shape[0] }, (_, i) => pred.values[i * pred.shape[1]]));
          report = { ...report, labelUnits: regressionMetrics(truth, guess) };
        }
        results.push({ modelVersionId: m.modelVersionId, ok: true, report: JSON.parse(JSON.stringify(report)) as ComparisonReport });
      } finally {
        loaded.model.dispose();
      }
    } catch (e) {
      if (e instanceof Error && (e.name === 'DataError' || e.name === 'EngineError')) {
        results.push({ modelVersionId: m.modelVersionId, ok: false, error: e.message });
        continue;
      }
      throw e;
    }
  }
  return { rows: test.length, rowsSha256, results };
}
