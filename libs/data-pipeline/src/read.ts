// One entry point that picks the reader from the file name, for callers (CLI, API) that accept
// "a dataset file".
import { DataError } from './errors';
import { readJsonlTable, readCsvTable, type ReadTableOptions, type Table } from './table';

export async function readTable(path: string, options: ReadTableOptions = {}): Promise<Table> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return readJsonlTable(path, options);
  if (lower.endsWith('.idx') || /-idx\d-ubyte(\.gz)?$/.test(lower) || lower.endsWith('-ubyte')) {
    throw new DataError('INVALID_ARGUMENT', `${path} is an IDX (MNIST) file: read it with readMnist(images, labels), it has no columns`);
  }
  return readCsvTable(path, options);
}
