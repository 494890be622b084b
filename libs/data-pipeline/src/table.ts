// An in-memory, column-oriented table for data that fits in memory (training sets, uploads):
// numbers live in Float64Arrays (NaN = missing), everything else as strings (null = missing).
import type { BadRowReport, ColumnKind, DatasetProfile, DatasetSchema } from '@meridian/domain';
import { scanCsv, type CsvOptions, type CsvRow } from './csv';
import { DataError, where } from './errors';
import { isBooleanToken, parseDate, unknownColumn } from './profile';
import { chunksOf, Fingerprinter, type DataSource } from './source';

export interface NumericColumn {
  name: string;
  kind: 'numeric';
  values: Float64Array;
}
export interface TextColumn {
  name: string;
  kind: Exclude<ColumnKind, 'numeric'>;
  values: Array<string | null>;
}
export type Column = NumericColumn | TextColumn;

export interface Table {
  columns: Column[];
  rowCount: number;
  skippedRows?: number;
  badRows?: BadRowReport[];
  fingerprint?: string | null;
  bytes?: number;
}

export function column(table: Table, name: string): Column {
  const c = table.columns.find((col) => col.name === name);
  if (!c) throw unknownColumn(name, table.columns.map((col) => col.name));
  return c;
}

/** Kind of a column of strings: boolean, date, categorical (few distinct, short) or free text. */
export function inferTextKind(values: ReadonlyArray<string | null>): Exclude<ColumnKind, 'numeric'> {
  let present = 0;
  let bools = 0;
  let dates = 0;
  let len = 0;
  const distinct = new Set<string>();
  for (const v of values) {
    if (v === null) continue;
    present++;
    len += v.length;
    if (isBooleanToken(v)) bools++;
    if (!Number.isNaN(parseDate(v))) dates++;
    if (distinct.size <= 100_000) distinct.add(v);
  }
  if (present === 0) return 'text';
  if (bools === present) return 'boolean';
  if (dates >= 0.95 * present) return 'date';
  if (len / present > 40 || (distinct.size > 50 && distinct.size > 0.5 * present)) return 'text';
  return 'categorical';
}

class Builder {
  nums: Float64Array | null = new Float64Array(1024);
  strs: Array<string | null> | null = null;
  n = 0;
  constructor(
    readonly name: string,
    readonly declared: ColumnKind | undefined,
  ) {
    if (declared !== undefined && declared !== 'numeric') this.toStrings();
  }
  pushNumber(v: number): void {
    if (this.n === this.nums!.length) {
      const g = new Float64Array(this.n * 2);
      g.set(this.nums!);
      this.nums = g;
    }
    this.nums![this.n++] = v;
  }
  pushString(s: string | null): void {
    this.strs!.push(s);
    this.n++;
  }
  toStrings(): void {
    const nums = this.nums;
    this.strs = [];
    if (nums) for (let i = 0; i < this.n; i++) this.strs.push(nums[i] === nums[i] ? String(nums[i]) : null);
    this.nums = null;
  }
  finish(): Column {
    if (this.nums) return { name: this.name, kind: 'numeric', values: this.nums.slice(0, this.n) };
    const values = this.strs!;
    return { name: this.name, kind: this.declared && this.declared !== 'numeric' ? this.declared : inferTextKind(values), values };
  }
}

export interface ReadTableOptions extends CsvOptions {
  /** Declared kinds: a value that does not fit is a bad row (error or skipped, per onBadRow). */
  types?: Record<string, ColumnKind>;
}

function checkDeclared(kind: ColumnKind, s: string): boolean {
  if (kind === 'boolean') return isBooleanToken(s);
  if (kind === 'date') return !Number.isNaN(parseDate(s));
  return true;
}

/** Reads a whole CSV into a typed, column-oriented table (values parsed from bytes). */
export async function readCsvTable(source: DataSource, options: ReadTableOptions = {}): Promise<Table> {
  let builders: Builder[] = [];
  let tmp = new Float64Array(0);
  let switchFlags = new Uint8Array(0);
  const result = await scanCsv(
    source,
    options,
    (row: CsvRow) => {
      const w = builders.length;
      for (let i = 0; i < w; i++) {
        const b = builders[i];
        switchFlags[i] = 0;
        if (b.nums === null) {
          if (b.declared && b.declared !== 'numeric' && !row.isMissing(i)) {
            const s = row.string(i).trim();
            if (!checkDeclared(b.declared, s)) return `column "${b.name}": "${s}" is not a ${b.declared} value`;
          }
          continue;
        }
        const v = row.number(i);
        tmp[i] = v;
        if (v !== v && !row.isMissing(i)) {
          if (b.declared === 'numeric') return `column "${b.name}": "${row.string(i).trim()}" is not a number`;
          switchFlags[i] = 1;
        }
      }
      for (let i = 0; i < w; i++) {
        const b = builders[i];
        if (switchFlags[i]) b.toStrings();
        if (b.nums !== null) b.pushNumber(tmp[i]);
        else b.pushString(row.isMissing(i) ? null : row.string(i).trim());
      }
    },
    (columns) => {
      if (options.types) {
        for (const name of Object.keys(options.types)) if (!columns.includes(name)) throw unknownColumn(name, columns);
      }
      builders = columns.map((c) => new Builder(c, options.types?.[c]));
      tmp = new Float64Array(columns.length);
      switchFlags = new Uint8Array(columns.length);
    },
  );
  return {
    columns: builders.map((b) => b.finish()),
    rowCount: result.rows,
    skippedRows: result.skippedRows,
    badRows: result.badRows,
    fingerprint: result.fingerprint,
    bytes: result.bytes,
  };
}

export interface JsonlOptions {
  onBadRow?: 'error' | 'skip';
  maxBadRowReports?: number;
}

/** Reads JSON Lines: one JSON object per line; keys become columns (in order of first appearance). */
export async function readJsonlTable(source: DataSource, options: JsonlOptions = {}): Promise<Table> {
  const policy = options.onBadRow ?? 'error';
  const maxReports = options.maxBadRowReports ?? 20;
  const fp = new Fingerprinter();
  const cols = new Map<string, Array<unknown>>();
  let rows = 0;
  let skipped = 0;
  const badRows: BadRowReport[] = [];
  let line = 1;
  let offset = 0;
  let pending: Buffer | null = null;
  let first = true;

  const handle = (buf: Buffer, start: number, end: number) => {
    const lineNo = line;
    const at = offset + start;
    line++;
    let text = buf.toString('utf8', start, end);
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    if (text.trim() === '') return;
    let obj: unknown;
    let reason: string | null = null;
    try {
      obj = JSON.parse(text);
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) reason = 'expected a JSON object on each line';
    } catch (e) {
      reason = `invalid JSON (${(e as Error).message})`;
    }
    if (reason !== null) {
      if (policy === 'error') {
        throw new DataError('BAD_JSON', `JSON Lines: ${reason} (${where({ line: lineNo, byteOffset: at })}); fix the line or skip bad rows`, { line: lineNo, byteOffset: at });
      }
      skipped++;
      if (badRows.length < maxReports) badRows.push({ line: lineNo, byteOffset: at, reason });
      return;
    }
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
      let col = cols.get(k);
      if (!col) {
        col = new Array(rows).fill(null);
        cols.set(k, col);
      }
      col.push(v);
    }
    rows++;
    for (const col of cols.values()) if (col.length < rows) col.push(null);
  };

  for await (const chunk of chunksOf(source)) {
    fp.update(chunk);
    const buf: Buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl === -1) break;
      handle(buf, start, nl > start && buf[nl - 1] === 13 ? nl - 1 : nl);
      start = nl + 1;
    }
    offset += start;
    pending = start < buf.length ? buf.subarray(start) : null;
  }
  if (pending) handle(pending, 0, pending.length);
  if (rows === 0 && skipped === 0) throw new DataError('EMPTY_INPUT', 'JSON Lines: the input has no records; expected one JSON object per line', { line: 1, byteOffset: 0 });

  const columns: Column[] = [];
  for (const [name, values] of cols) {
    if (values.every((v) => v === null || typeof v === 'number')) {
      columns.push({ name, kind: 'numeric', values: Float64Array.from(values, (v) => (v === null ? NaN : (v as number))) });
    } else {
      const strs = values.map((v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)));
      columns.push({ name, kind: inferTextKind(strs), values: strs });
    }
  }
  return { columns, rowCount: rows, skippedRows: skipped, badRows, fingerprint: fp.digest(), bytes: fp.bytes };
}

/** The rows at `indices`, in that order. */
export function takeRows(table: Table, indices: ArrayLike<number>): Table {
  const n = indices.length;
  const columns: Column[] = table.columns.map((c) => {
    if (c.kind === 'numeric') {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = c.values[indices[i]];
      return { ...c, values: out };
    }
    const out: Array<string | null> = new Array(n);
    for (let i = 0; i < n; i++) out[i] = c.values[indices[i]];
    return { ...c, values: out };
  });
  return { columns, rowCount: n };
}

export function selectColumns(table: Table, names: string[]): Table {
  return { ...table, columns: names.map((n) => column(table, n)) };
}

/** A column's values as strings (numbers in their shortest spelling); null stays null. */
export function columnStrings(c: Column): Array<string | null> {
  if (c.kind === 'numeric') return Array.from(c.values, (v) => (v === v ? String(v) : null));
  return c.values;
}

/** The inferred schema of a table (kind and nullability per column). */
export function schemaOf(table: Table): DatasetSchema {
  return {
    columns: table.columns.map((c) => ({
      name: c.name,
      kind: c.kind,
      nullable: c.kind === 'numeric' ? c.values.some((v) => v !== v) : c.values.some((v) => v === null),
    })),
  };
}

/** The schema a streaming profile inferred, without reading the data again. */
export function schemaFromProfile(profile: DatasetProfile): DatasetSchema {
  return { columns: profile.columns.map((c) => ({ name: c.name, kind: c.kind, nullable: c.missing > 0 })) };
}
