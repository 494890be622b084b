// Runs inside a worker thread (runInWorkerThread): profiles one dataset file already copied to
// local disk (and hash-verified) by the processor, and captures its first rows for the preview.
import { DataError, parseIdx, profileCsv, profileTable, readJsonlTable, scanCsv, type Column, type Table } from '@meridian/data-pipeline';
import type { DatasetFormat, DatasetPreview, DatasetProfile } from '@meridian/domain';
import { readFile } from 'node:fs/promises';

export interface ProfileThreadInput {
  path: string;
  format: DatasetFormat;
  targetColumn: string | null;
  previewRows: number;
}

export interface ProfileThreadResult {
  profile: DatasetProfile;
  preview: DatasetPreview;
}

type Cell = string | number | boolean | null;

class EnoughRows extends Error {}

async function csvPreview(path: string, limit: number): Promise<DatasetPreview> {
  let columns: string[] = [];
  const rows: Array<Record<string, Cell>> = [];
  let truncated = false;
  try {
    await scanCsv(
      path,
      { onBadRow: 'skip' },
      (row) => {
        if (rows.length >= limit) {
          truncated = true;
          throw new EnoughRows();
        }
        const rec: Record<string, Cell> = {};
        columns.forEach((c, i) => {
          const n = row.number(i);
          rec[c] = row.isMissing(i) ? null : n === n ? n : row.string(i);
        });
        rows.push(rec);
      },
      (cols) => {
        columns = cols;
      },
    );
  } catch (e) {
    if (!(e instanceof EnoughRows)) throw e;
  }
  return { columns, rows, truncated };
}

function tablePreview(table: Table, limit: number): DatasetPreview {
  const n = Math.min(limit, table.rowCount);
  const rows: Array<Record<string, Cell>> = [];
  for (let r = 0; r < n; r++) {
    const rec: Record<string, Cell> = {};
    for (const c of table.columns) {
      const v = c.values[r];
      rec[c.name] = typeof v === 'number' ? (Number.isNaN(v) ? null : v) : (v ?? null);
    }
    rows.push(rec);
  }
  return { columns: table.columns.map((c) => c.name), rows, truncated: table.rowCount > n };
}

/** IDX: a 1-d file is a label column; an n-d file (images) becomes one numeric column per value. */
function idxTable(bytes: Uint8Array): Table {
  const idx = parseIdx(bytes, 'the uploaded IDX file');
  const count = idx.shape[0] ?? 0;
  const width = idx.shape.slice(1).reduce((a, b) => a * b, 1);
  if (width > 4096) {
    throw new DataError('INVALID_ARGUMENT', `IDX: each item has ${width} values; profiling supports up to 4096 per item (e.g. 64x64 images)`);
  }
  const columns: Column[] = [];
  for (let j = 0; j < width; j++) {
    const values = new Float64Array(count);
    for (let i = 0; i < count; i++) values[i] = Number(idx.data[i * width + j]);
    columns.push({ name: idx.shape.length === 1 ? 'label' : `px${j}`, kind: 'numeric', values });
  }
  return { columns, rowCount: count };
}

export default async function profileThread(input: ProfileThreadInput): Promise<ProfileThreadResult> {
  const label = input.targetColumn ?? undefined;
  if (input.format === 'CSV') {
    const profile = await profileCsv(input.path, { label });
    return { profile, preview: await csvPreview(input.path, input.previewRows) };
  }
  if (input.format === 'JSONL') {
    const table = await readJsonlTable(input.path);
    return { profile: profileTable(table, { label, format: 'jsonl', fingerprint: table.fingerprint ?? null, bytes: table.bytes }), preview: tablePreview(table, input.previewRows) };
  }
  // IDX files are read whole (MNIST's largest is 47 MB); parseIdx checks the magic number first.
  const table = idxTable(await readFile(input.path));
  return { profile: profileTable(table, { label, format: 'idx' }), preview: tablePreview(table, input.previewRows) };
}
