// Runs inside a worker thread (runInWorkerThread): CSV bytes -> the shared fairness report, the
// same `fairnessReport` that `meridian audit` prints.
import { readCsvTable } from '@meridian/data-pipeline';
import type { FairnessReportJson, FairnessReportOptions } from '@meridian/domain';
import { columnsOfTable, fairnessReport, FairnessInputError } from '@meridian/fairness';

export interface FairnessThreadInput {
  csv: Uint8Array;
  options: FairnessReportOptions;
}

export type FairnessThreadResult = { ok: true; rows: number; report: FairnessReportJson } | { ok: false; code: string; message: string };

export async function runFairnessReport(input: FairnessThreadInput): Promise<FairnessThreadResult> {
  try {
    const table = await readCsvTable(input.csv);
    return { ok: true, rows: table.rowCount, report: fairnessReport(columnsOfTable(table), input.options) };
  } catch (e) {
    // Bad input is a result, not a crash: the audit records it and the job does not retry.
    if (e instanceof FairnessInputError) return { ok: false, code: e.code, message: e.message };
    if (e instanceof Error && e.name === 'DataError') return { ok: false, code: 'BAD_CSV', message: e.message };
    throw e;
  }
}

export default runFairnessReport;
