// Streaming CSV over raw bytes. The tokenizer records where each field starts and ends inside the
// current chunk; a consumer asks for a field as a number (parsed straight from the bytes) or as a
// string (decoded only then). A million-row numeric file therefore never exists as JS strings.
import { DataError, where } from './errors';
import { chunksOf, Fingerprinter, type DataSource } from './source';
import type { BadRowReport } from '@meridian/domain';

const QUOTE = 34;
const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Tokens read as a missing value (compared after trimming, case-sensitive like pandas' defaults). */
export const MISSING_TOKENS = new Set(['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', 'None', '?']);

/**
 * Parses a decimal number from bytes; NaN when the field is not a plain decimal number.
 * Fast path: at most 15 significant digits and a power of ten up to 22 are exact doubles, so one
 * multiplication or division is correctly rounded and equals Number(text). Others use Number().
 */
export function parseNumberBytes(b: Uint8Array, start: number, end: number): number {
  let i = start;
  let e = end;
  while (i < e && (b[i] === SPACE || b[i] === TAB)) i++;
  while (e > i && (b[e - 1] === SPACE || b[e - 1] === TAB)) e--;
  if (i === e) return NaN;
  const s0 = i;
  let neg = false;
  if (b[i] === 45) {
    neg = true;
    i++;
  } else if (b[i] === 43) i++;
  let mant = 0;
  let sig = 0;
  let exp10 = 0;
  let digits = 0;
  let c = 0;
  while (i < e) {
    c = b[i] - 48;
    if (c < 0 || c > 9) break;
    digits++;
    if (sig < 15) {
      mant = mant * 10 + c;
      if (mant !== 0) sig++;
    } else {
      sig++;
      exp10++;
    }
    i++;
  }
  if (i < e && b[i] === 46) {
    i++;
    while (i < e) {
      c = b[i] - 48;
      if (c < 0 || c > 9) break;
      digits++;
      if (sig < 15) {
        mant = mant * 10 + c;
        if (mant !== 0) sig++;
        exp10--;
      } else sig++;
      i++;
    }
  }
  if (digits === 0) return NaN;
  if (i < e && (b[i] | 32) === 101) {
    i++;
    let eneg = false;
    if (b[i] === 45) {
      eneg = true;
      i++;
    } else if (b[i] === 43) i++;
    let ev = 0;
    let ed = 0;
    while (i < e) {
      c = b[i] - 48;
      if (c < 0 || c > 9) break;
      ev = ev * 10 + c;
      ed++;
      i++;
    }
    if (ed === 0) return NaN;
    exp10 += eneg ? -ev : ev;
  }
  if (i !== e) return NaN;
  if (sig > 15 || exp10 > 22 || exp10 < -22) {
    // Overflow to Infinity is not a usable number: the value is treated as text.
    const v = Number(Buffer.from(b.buffer, b.byteOffset + s0, e - s0).toString('latin1'));
    return Number.isFinite(v) ? v : NaN;
  }
  const v = exp10 < 0 ? mant / POW10[-exp10] : mant * POW10[exp10];
  return neg ? -v : v;
}

/** A row inside the current chunk; valid only during the callback that receives it. */
export class CsvRow {
  buf: Buffer = Buffer.alloc(0);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  flags = new Uint8Array(64);
  length = 0;
  /** 1-based line where the row starts. */
  line = 0;
  /** Byte offset of the row's first byte in the whole input. */
  byteOffset = 0;
  rowStart = 0;
  rowEnd = 0;

  /** NaN when missing or not a number; tell them apart with isMissing(). */
  number(i: number): number {
    return parseNumberBytes(this.buf, this.starts[i], this.ends[i]);
  }

  string(i: number): string {
    const s = this.buf.toString('utf8', this.starts[i], this.ends[i]);
    return this.flags[i] & 2 ? s.replace(/""/g, '"') : s;
  }

  isMissing(i: number): boolean {
    const s = this.starts[i];
    const e = this.ends[i];
    if (e - s > 4) return false;
    if (e === s) return true;
    return MISSING_TOKENS.has(this.buf.toString('latin1', s, e).trim());
  }

  strings(): string[] {
    const out: string[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.string(i);
    return out;
  }

  /** 64-bit hash of the row's bytes (line ending excluded) into out[0], out[1]. */
  hashInto(out: Uint32Array): void {
    hashBytes(this.buf, this.rowStart, this.rowEnd, out);
  }

  grow(): void {
    const n = this.starts.length * 2;
    const s = new Int32Array(n);
    s.set(this.starts);
    const e = new Int32Array(n);
    e.set(this.ends);
    const f = new Uint8Array(n);
    f.set(this.flags);
    this.starts = s;
    this.ends = e;
    this.flags = f;
  }
}

export function hashBytes(b: Uint8Array, start: number, end: number, out: Uint32Array): void {
  let h1 = 0x811c9dc5 ^ (end - start);
  let h2 = 0x6a09e667;
  let i = start;
  // Four bytes per step (murmur3-style mixing), then the tail byte by byte.
  for (; i + 4 <= end; i += 4) {
    let k = b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 = Math.imul(h2 ^ k, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  for (; i < end; i++) {
    h1 = Math.imul(h1 ^ b[i], 0x01000193);
    h2 = Math.imul(h2 ^ b[i], 0x5bd1e995);
  }
  out[0] = fmix32(h1);
  out[1] = fmix32(h2 ^ h1);
}

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Splits bytes into rows and fields (RFC 4180: quoted fields may hold delimiters, newlines and
 * doubled quotes). Blank lines are skipped. Incomplete trailing rows wait for the next chunk.
 */
export class CsvTokenizer {
  private pending: Buffer | null = null;
  /** Absolute byte offset of `pending[0]` (or of the next chunk). */
  private base = 0;
  private line = 1;
  private readonly row = new CsvRow();

  constructor(
    private readonly delimiter: number,
    private readonly onRow: (row: CsvRow) => void,
    startOffset = 0,
  ) {
    this.base = startOffset;
  }

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.pending) {
      // Finish the row cut at the chunk boundary on a small buffer rather than copying the whole
      // chunk behind the leftover bytes.
      const nl = chunk.indexOf(LF);
      if (nl === -1) buf = Buffer.concat([this.pending, chunk]);
      else {
        const head = Buffer.concat([this.pending, chunk.subarray(0, nl + 1)]);
        const used = this.scan(head, false);
        this.base += used;
        const rest = chunk.subarray(nl + 1);
        buf = used === head.length ? rest : Buffer.concat([head.subarray(used), rest]);
      }
      this.pending = null;
    }
    const used = this.scan(buf, false);
    this.pending = used < buf.length ? buf.subarray(used) : null;
    this.base += used;
  }

  end(): void {
    if (!this.pending) return;
    const buf = this.pending;
    this.pending = null;
    this.scan(buf, true);
  }

  private scan(buf: Buffer, final: boolean): number {
    const n = buf.length;
    const delim = this.delimiter;
    const row = this.row;
    row.buf = buf;
    let pos = 0;
    while (pos < n) {
      const rowStart = pos;
      let count = 0;
      let innerLines = 0;
      let incomplete = false;
      for (;;) {
        if (count === row.starts.length) row.grow();
        if (pos < n && buf[pos] === QUOTE) {
          const fs = pos + 1;
          let p = fs;
          let esc = false;
          let q = -1;
          for (;;) {
            q = buf.indexOf(QUOTE, p);
            if (q === -1) break;
            if (q + 1 < n && buf[q + 1] === QUOTE) {
              esc = true;
              p = q + 2;
              continue;
            }
            if (q + 1 === n && !final) q = -1;
            break;
          }
          if (q === -1) {
            if (final) {
              throw new DataError(
                'UNTERMINATED_QUOTE',
                `CSV: quoted field never closed (${where({ line: this.line, byteOffset: this.base + rowStart })}); add the closing " or escape inner quotes as ""`,
                { line: this.line, byteOffset: this.base + rowStart },
              );
            }
            incomplete = true;
            break;
          }
          for (let k = fs; k < q; k++) if (buf[k] === LF) innerLines++;
          row.starts[count] = fs;
          row.ends[count] = q;
          row.flags[count] = esc ? 3 : 1;
          count++;
          pos = q + 1;
          if (pos === n) break;
          const c = buf[pos];
          if (c === delim) {
            pos++;
            if (pos === n && !final) {
              incomplete = true;
              break;
            }
            if (pos === n) {
              row.starts[count] = pos;
              row.ends[count] = pos;
              row.flags[count] = 0;
              count++;
              break;
            }
            continue;
          }
          if (c === LF || c === CR) break;
          const line = this.line + innerLines;
          throw new DataError(
            'MALFORMED_ROW',
            `CSV: unexpected character after a closing quote (${where({ line, byteOffset: this.base + pos })}); a quote inside a quoted field must be doubled ("")`,
            { line, byteOffset: this.base + pos },
          );
        } else {
          const fs = pos;
          while (pos < n) {
            const c = buf[pos];
            if (c === delim || c === LF || c === CR) break;
            pos++;
          }
          if (pos === n && !final) {
            incomplete = true;
            break;
          }
          row.starts[count] = fs;
          row.ends[count] = pos;
          row.flags[count] = 0;
          count++;
          if (pos === n) break;
          if (buf[pos] === delim) {
            pos++;
            if (pos === n && !final) {
              incomplete = true;
              break;
            }
            if (pos === n) {
              if (count === row.starts.length) row.grow();
              row.starts[count] = pos;
              row.ends[count] = pos;
              row.flags[count] = 0;
              count++;
              break;
            }
            continue;
          }
          break;
        }
      }
      if (incomplete) return rowStart;
      const rowEnd = pos;
      if (pos < n) {
        if (buf[pos] === CR) {
          if (pos + 1 === n && !final) return rowStart;
          pos++;
          if (pos < n && buf[pos] === LF) pos++;
        } else if (buf[pos] === LF) pos++;
      }
      const blank = count === 1 && row.flags[0] === 0 && row.ends[0] === row.starts[0];
      if (!blank) {
        row.length = count;
        row.line = this.line;
        row.byteOffset = this.base + rowStart;
        row.rowStart = rowStart;
        row.rowEnd = rowEnd;
        this.onRow(row);
      }
      this.line += 1 + innerLines;
    }
    return pos;
  }
}

export interface CsvOptions {
  /** One character; detected from the first 64 KiB among , ; tab | when absent. */
  delimiter?: string;
  /** `auto` (default) guesses from the first rows: a header row has no numbers where data rows do. */
  header?: boolean | 'auto';
  /** Column names when the file has no header (default col0, col1, ...). */
  columns?: string[];
  /** `error` (default) stops at the first bad row; `skip` counts bad rows and goes on. */
  onBadRow?: 'error' | 'skip';
  /** How many skipped rows to describe in the result (default 20). */
  maxBadRowReports?: number;
  chunkSize?: number;
}

export interface CsvScanResult {
  delimiter: string;
  hasHeader: boolean;
  columns: string[];
  rows: number;
  skippedRows: number;
  badRows: BadRowReport[];
  bytes: number;
  fingerprint: string;
}

/** Return a reason string to reject the row (the bad-row policy decides what happens). */
export type CsvRowHandler = (row: CsvRow) => string | void;

const SNIFF_BYTES = 64 * 1024;
const CANDIDATES = [',', ';', '\t', '|'];

function sniffRows(sample: Buffer, delimiter: string, max: number): string[][] {
  const rows: string[][] = [];
  const tok = new CsvTokenizer(delimiter.charCodeAt(0), (r) => {
    if (rows.length < max) rows.push(r.strings());
  });
  try {
    tok.push(sample);
  } catch {
    // A sample may cut a row anywhere; the real pass reports real errors.
  }
  return rows;
}

export function detectDelimiter(sample: Buffer): string {
  let best = ',';
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const rows = sniffRows(sample, d, 30);
    if (rows.length === 0) continue;
    const first = rows[0].length;
    if (first < 2) continue;
    const consistent = rows.filter((r) => r.length === first).length / rows.length;
    const score = consistent * 1000 + first;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

function looksNumeric(s: string): boolean {
  const b = Buffer.from(s, 'utf8');
  return !Number.isNaN(parseNumberBytes(b, 0, b.length));
}

/** A header row has no numbers; data rows below have numbers, or values unlike the header's. */
export function detectHeader(rows: string[][]): boolean {
  if (rows.length === 0) return false;
  const head = rows[0];
  if (head.some((v) => looksNumeric(v) || v.trim() === '')) return false;
  const body = rows.slice(1);
  if (body.length === 0) return true;
  for (let c = 0; c < head.length; c++) {
    if (body.some((r) => r[c] !== undefined && looksNumeric(r[c]))) return true;
  }
  if (new Set(head).size !== head.length) return false;
  for (let c = 0; c < head.length; c++) {
    if (body.some((r) => r[c] === head[c])) return false;
  }
  return true;
}

/**
 * Streams a CSV source row by row. The handler sees each data row once; the result says how the
 * file was read (delimiter, header, counts) and carries the bytes' fingerprint.
 */
export async function scanCsv(source: DataSource, options: CsvOptions, handler: CsvRowHandler, onHeader?: (columns: string[]) => void): Promise<CsvScanResult> {
  const policy = options.onBadRow ?? 'error';
  const maxReports = options.maxBadRowReports ?? 20;
  const fp = new Fingerprinter();
  const it = chunksOf(source, options.chunkSize)[Symbol.asyncIterator]();

  // Gather enough bytes to sniff the dialect.
  const head: Buffer[] = [];
  let headLen = 0;
  let done = false;
  while (headLen < SNIFF_BYTES) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    fp.update(r.value);
    head.push(r.value);
    headLen += r.value.length;
  }
  let first = Buffer.concat(head);
  let offset = 0;
  if (first.length >= 2 && ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff))) {
    throw new DataError('INVALID_ARGUMENT', 'CSV: the file is UTF-16 encoded; save it as UTF-8 and try again', { byteOffset: 0 });
  }
  if (first.length >= 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
    first = first.subarray(3);
    offset = 3;
  }
  if (first.toString('latin1', 0, Math.min(first.length, 4096)).trim() === '' && done) {
    throw new DataError('EMPTY_INPUT', 'CSV: the input is empty; expected a header line and data rows', { line: 1, byteOffset: 0 });
  }
  if (options.delimiter !== undefined && options.delimiter.length !== 1) {
    throw new DataError('INVALID_ARGUMENT', `CSV: delimiter must be one character, got "${options.delimiter}"`);
  }
  const delimiter = options.delimiter ?? detectDelimiter(first);
  const sample = sniffRows(done ? Buffer.concat([first, Buffer.from('\n')]) : first, delimiter, 20);
  const hasHeader = options.header === undefined || options.header === 'auto' ? detectHeader(sample) : options.header;

  let columns: string[] | null = null;
  let width = -1;
  let rows = 0;
  let skipped = 0;
  const badRows: BadRowReport[] = [];
  const bad = (row: CsvRow, reason: string, code: 'MALFORMED_ROW' | 'WRONG_TYPE') => {
    if (policy === 'error') {
      throw new DataError(code, `CSV: ${reason} (${where({ line: row.line, byteOffset: row.byteOffset })}); fix the row or pass onBadRow: 'skip' (--skip-bad-rows) to skip such rows`, {
        line: row.line,
        byteOffset: row.byteOffset,
      });
    }
    skipped++;
    if (badRows.length < maxReports) badRows.push({ line: row.line, byteOffset: row.byteOffset, reason });
  };
  const tok = new CsvTokenizer(
    delimiter.charCodeAt(0),
    (row) => {
      if (columns === null) {
        if (hasHeader) {
          columns = dedupeNames(row.strings().map((s) => s.trim()));
          width = columns.length;
          onHeader?.(columns);
          return;
        }
        width = row.length;
        columns = options.columns ? [...options.columns] : Array.from({ length: width }, (_, i) => `col${i}`);
        if (columns.length !== width) {
          throw new DataError('INVALID_ARGUMENT', `CSV: ${columns.length} column names given but the first row has ${width} fields`, { line: row.line });
        }
        onHeader?.(columns);
      }
      if (row.length !== width) {
        bad(row, `expected ${width} fields but found ${row.length}`, 'MALFORMED_ROW');
        return;
      }
      const reason = handler(row);
      if (reason) bad(row, reason, 'WRONG_TYPE');
      else rows++;
    },
    offset,
  );
  if (first.length) tok.push(first);
  while (!done) {
    const r = await it.next();
    if (r.done) break;
    fp.update(r.value);
    tok.push(r.value);
  }
  tok.end();
  if (columns === null) throw new DataError('EMPTY_INPUT', 'CSV: the input has no rows', { line: 1, byteOffset: 0 });
  return { delimiter, hasHeader, columns, rows, skippedRows: skipped, badRows, bytes: fp.bytes, fingerprint: fp.digest() };
}

function dedupeNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n, i) => {
    const base = n === '' ? `col${i}` : n;
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    return k === 0 ? base : `${base}_${k}`;
  });
}

/** Quotes a field when it holds the delimiter, a quote or a line break. */
export function csvField(value: string | number | null | undefined, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  if (s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r')) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

export function csvLine(values: ReadonlyArray<string | number | null | undefined>, delimiter = ','): string {
  return values.map((v) => csvField(v, delimiter)).join(delimiter) + '\n';
}
