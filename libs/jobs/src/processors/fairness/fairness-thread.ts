// Runs inside a worker thread (runInWorkerThread): CSV bytes -> the shared fairness report, the
// same `fairnessReport` that `meridian audit` prints. For an audit of a model version, the thread
// first predicts with the model on the dataset version's rows (the API's predict path: the stored
// preprocessing, then the network) and adds the predicted class and P(positive) as two columns.
import { applyPreprocessing, decodeClasses, parsePreprocessing, readCsvTable, readTable, type Table } from '@meridian/data-pipeline';
import type { FairnessReportJson, FairnessReportOptions } from '@meridian/domain';
import { columnsOfTable, fairnessReport, FairnessInputError, type Columns } from '@meridian/fairness';
import { loadModel, predict, type ModelFiles } from '@meridian/training-engine';
import { unpackFiles } from '../training/pack';

export interface FairnessThreadInput {
  csv: Uint8Array;
  options: FairnessReportOptions;
}

export type FairnessThreadResult = { ok: true; rows: number; report: FairnessReportJson } | { ok: false; code: string; message: string };

function failure(e: unknown): FairnessThreadResult {
  // Bad input is a result, not a crash: the audit records it and the job does not retry.
  if (e instanceof FairnessInputError) return { ok: false, code: e.code, message: e.message };
  if (e instanceof Error && e.name === 'DataError') return { ok: false, code: 'BAD_CSV', message: e.message };
  throw e;
}

export async function runFairnessReport(input: FairnessThreadInput): Promise<FairnessThreadResult> {
  try {
    const table = await readCsvTable(input.csv);
    return { ok: true, rows: table.rowCount, report: fairnessReport(columnsOfTable(table), input.options) };
  } catch (e) {
    return failure(e);
  }
}

export interface ModelAuditThreadInput {
  /** The dataset version's file, already downloaded and hash-verified by the job. */
  datasetPath: string;
  /** The packed model artifact (model.json, weights.bin, meridian.json). */
  modelPack: Uint8Array;
  preprocessing: unknown;
  options: FairnessReportOptions;
  version: number;
}

/** Positive class of the model: the audit's positive label, else the class spelled 1/true. */
export function positiveClassIndex(classes: string[], positiveLabel: unknown): number {
  if (positiveLabel !== undefined && positiveLabel !== null) return classes.indexOf(String(positiveLabel));
  return classes.findIndex((c) => ['1', 'true', 'True', 'TRUE', '1.0'].includes(c));
}

export async function runModelAudit(input: ModelAuditThreadInput): Promise<FairnessThreadResult> {
  let table: Table;
  try {
    table = await readTable(input.datasetPath);
  } catch (e) {
    return failure(e);
  }
  const prep = parsePreprocessing(input.preprocessing);
  const classes = prep.target?.task === 'classification' ? prep.target.classes : [];
  if (classes.length !== 2) return { ok: false, code: 'NOT_BINARY_MODEL', message: `model version v${input.version} is not a binary classifier (${classes.length} classes); a fairness audit needs two classes` };
  const audit = input.options.audit;
  const pos = positiveClassIndex(classes, audit.positiveLabel);
  if (pos < 0) {
    return {
      ok: false,
      code: 'NO_POSITIVE_CLASS',
      message: `model version v${input.version} predicts ${classes.map((c) => `'${c}'`).join(' / ')}: say which one is favourable (positiveLabel), since neither is 1 or true`,
    };
  }
  const names = new Set(table.columns.map((c) => c.name));
  const missing = prep.features.map((f) => f.column).filter((c) => !names.has(c));
  if (missing.length) {
    return {
      ok: false,
      code: 'UNKNOWN_COLUMN',
      message: `the dataset version lacks column${missing.length > 1 ? 's' : ''} ${missing.slice(0, 10).map((c) => `'${c}'`).join(', ')} that model version v${input.version} takes as input; audit it on data with the training columns`,
    };
  }
  for (const reserved of [audit.prediction, audit.score]) {
    if (reserved && names.has(reserved)) return { ok: false, code: 'COLUMN_CLASH', message: `the dataset version already has a column named '${reserved}', which the audit adds for the model's output; rename it` };
  }
  const loaded = await loadModel(unpackFiles(Buffer.from(input.modelPack)) as ModelFiles);
  try {
    const data = applyPreprocessing(table, prep);
    const out = predict(loaded.model, data.x, data.shape);
    const width = out.shape[1];
    const n = table.rowCount;
    const score = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // One sigmoid unit is P(classes[1]); a softmax has one column per class.
      const p = width === 1 ? out.values[i] : out.values[i * width + pos];
      score[i] = width === 1 && pos === 0 ? 1 - p : p;
    }
    const predicted = decodeClasses(prep, Array.from(out.labels ?? Int32Array.from(score, (p) => (p >= 0.5 ? pos : 1 - pos))));
    const columns: Columns = { ...columnsOfTable(table), [audit.prediction!]: predicted, [audit.score!]: score };
    return { ok: true, rows: n, report: fairnessReport(columns, input.options) };
  } catch (e) {
    return failure(e);
  } finally {
    loaded.model.dispose();
  }
}

export default runFairnessReport;
