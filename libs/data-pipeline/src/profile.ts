// Profiles in one pass and fixed memory per column, so the same code serves a 500-row upload and
// a million-row file. Exactness is reported per statistic (see sketches.ts for the bounds).
import type { ClassBalance, ColumnKind, ColumnProfile, DatasetProfile, SensitiveFlag, ValueCount } from '@meridian/domain';
import { scanCsv, type CsvOptions } from './csv';
import { HyperLogLog, Reservoir, RowHashSet, hashNumber, hashString, quantileSorted } from './sketches';
import type { DataSource } from './source';
import type { Table } from './table';
import { DataError } from './errors';

const NUM_COUNT_CAP = 1_000;
const SMALL_INT = 1_024;
const STR_COUNT_CAP = 10_000;
const STRING_SAMPLE = 1_000;
const TOP_K = 10;
const HIST_BINS = 20;
export const QUANTILES: ReadonlyArray<[string, number]> = [
  ['p1', 0.01],
  ['p5', 0.05],
  ['p25', 0.25],
  ['p50', 0.5],
  ['p75', 0.75],
  ['p95', 0.95],
  ['p99', 0.99],
];

const TRUE_TOKENS = new Set(['true', 'yes', 'y', 't']);
const FALSE_TOKENS = new Set(['false', 'no', 'n', 'f']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;
const PHONE = /^\+?[\d\s().-]{7,22}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASH_DATE = /^\d{1,2}[/.]\d{1,2}[/.]\d{4}$/;

export function isBooleanToken(s: string): boolean {
  const l = s.trim().toLowerCase();
  return TRUE_TOKENS.has(l) || FALSE_TOKENS.has(l);
}
export function booleanValue(s: string): number {
  return TRUE_TOKENS.has(s.trim().toLowerCase()) ? 1 : 0;
}
/** Milliseconds since the epoch for ISO dates and d/m/yyyy; NaN otherwise. */
export function parseDate(s: string): number {
  const t = s.trim();
  if (ISO_DATE.test(t)) return Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);
  if (SLASH_DATE.test(t)) {
    const [a, b, y] = t.split(/[/.]/).map(Number);
    // Day first unless that is impossible: ambiguous dates follow the ISO-8601-leaning convention.
    const [d, m] = a > 12 || b <= 12 ? [a, b] : [b, a];
    return Date.UTC(y, m - 1, d);
  }
  return NaN;
}
function looksLikePhone(s: string): boolean {
  if (!PHONE.test(s)) return false;
  const digits = s.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15 && (s.startsWith('+') || /[\s().-]/.test(s));
}

const SENSITIVE_NAMES: ReadonlyArray<[RegExp, string]> = [
  [/^(sex|gender)$/, 'sex/gender'],
  [/^(race|racial|ethnicity|ethnic|ancestry|nationality|citizenship)$/, 'race/ethnicity/nationality'],
  [/^(age|dob|birth|birthdate|birthday|birthyear|born)$/, 'age/date of birth'],
  [/^(religion|religious|faith)$/, 'religion'],
  [/^(email|e-mail|mail|emailaddress)$/, 'email'],
  [/^(phone|telephone|tel|mobile|cell|phonenumber)$/, 'phone'],
  [/^(name|firstname|lastname|surname|fullname|forename|username|givenname)$/, 'personal name'],
  [/^(address|street|zip|zipcode|postcode|postal|city)$/, 'address'],
  [/^(ssn|passport|nin|nationalid|taxid|iban|creditcard)$/, 'government or financial identifier'],
  [/^(disability|disabled|health|diagnosis|pregnant|pregnancy)$/, 'health'],
  [/^(marital|married|orientation|sexuality)$/, 'marital status/sexual orientation'],
  [/^(ip|ipaddress)$/, 'network identifier'],
];

function nameTokens(name: string): string[] {
  const spaced = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const parts = spaced.split(/[^a-z0-9]+/).filter(Boolean);
  const joined = parts.join('');
  return [...parts, joined];
}

export function sensitiveByName(name: string): SensitiveFlag | null {
  for (const t of nameTokens(name)) {
    for (const [re, category] of SENSITIVE_NAMES) {
      if (re.test(t)) return { category, reason: 'name', note: `column name "${name}" suggests ${category}; review before training or sharing` };
    }
  }
  return null;
}

/** One column's streaming statistics. Values arrive as numbers, strings or missing. */
export class ColumnAccumulator {
  count = 0;
  missing = 0;
  /** True until a value that is neither a number nor missing arrives. */
  numericOnly = true;
  private nNum = 0;
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;
  readonly reservoir: Reservoir;
  private readonly hll = new HyperLogLog();
  private numCounts: Map<number, number> | null = new Map();
  private readonly small = new Uint32Array(SMALL_INT);
  private smallDistinct = 0;
  private strCounts: Map<string, number> | null = null;
  private countsExact = true;
  private nStr = 0;
  private strSample: string[] = [];
  private boolLike = 0;
  private dateLike = 0;
  private emailLike = 0;
  private phoneLike = 0;
  private lengthSum = 0;
  private minDate = Infinity;
  private maxDate = -Infinity;

  constructor(
    readonly name: string,
    seed = 1,
    reservoirSize = 65_536,
  ) {
    this.reservoir = new Reservoir(reservoirSize, seed);
  }

  addMissing(): void {
    this.count++;
    this.missing++;
  }

  /** A value that parsed as a number. Once the column holds text, numbers count as their spelling. */
  addNumber(v: number): void {
    if (!this.numericOnly) {
      this.addString(String(v));
      return;
    }
    this.count++;
    this.nNum++;
    const d = v - this.mean;
    this.mean += d / this.nNum;
    this.m2 += d * (v - this.mean);
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    this.reservoir.add(v);
    if (!this.countsExact) {
      this.hll.addHash(hashNumber(v));
      return;
    }
    // Small non-negative integers (class labels, pixels, counts) are counted in an array.
    const small = this.small;
    if (v >= 0 && v < SMALL_INT && (v | 0) === v) {
      if (small[v]++ === 0) this.smallDistinct++;
    } else {
      const nc = this.numCounts!;
      const c = nc.get(v);
      if (c !== undefined) nc.set(v, c + 1);
      else nc.set(v, 1);
    }
    if (this.smallDistinct + this.numCounts!.size > NUM_COUNT_CAP) this.overflowNumbers();
  }

  /** Too many distinct numbers to count exactly: from now on a HyperLogLog sketch estimates them. */
  private overflowNumbers(): void {
    for (const v of this.exactNumberCounts().keys()) this.hll.addHash(hashNumber(v));
    this.countsExact = false;
    this.numCounts = null;
  }

  private exactNumberCounts(): Map<number, number> {
    const m = new Map<number, number>();
    for (let i = 0; i < SMALL_INT; i++) if (this.small[i] > 0) m.set(i, this.small[i]);
    for (const [v, c] of this.numCounts ?? []) m.set(v, c);
    return m;
  }

  addString(s: string): void {
    if (this.numericOnly) this.switchToStrings();
    this.count++;
    this.nStr++;
    this.hll.addHash(hashString(s));
    const sc = this.strCounts!;
    const c = sc.get(s);
    if (c !== undefined) sc.set(s, c + 1);
    else if (sc.size < STR_COUNT_CAP) sc.set(s, 1);
    else this.countsExact = false;
    this.lengthSum += s.length;
    if (isBooleanToken(s)) this.boolLike++;
    const t = parseDate(s);
    if (!Number.isNaN(t)) {
      this.dateLike++;
      if (t < this.minDate) this.minDate = t;
      if (t > this.maxDate) this.maxDate = t;
    }
    if (EMAIL.test(s)) this.emailLike++;
    else if (looksLikePhone(s)) this.phoneLike++;
    if (this.strSample.length < STRING_SAMPLE) this.strSample.push(s);
  }

  private switchToStrings(): void {
    this.numericOnly = false;
    this.strCounts = new Map();
    // Numbers seen so far become their shortest spelling; an exact count needs the capped map.
    if (this.countsExact) {
      for (const [v, c] of this.exactNumberCounts()) {
        this.strCounts.set(String(v), c);
        this.hll.addHash(hashString(String(v)));
      }
    }
    this.nStr = this.nNum;
    this.lengthSum = 0;
    this.numCounts = null;
  }

  kind(): ColumnKind {
    const present = this.count - this.missing;
    if (this.numericOnly) return present > 0 ? 'numeric' : 'text';
    if (present === 0) return 'text';
    if (this.boolLike === this.nStr && this.nStr === present) return 'boolean';
    if (this.dateLike >= 0.95 * this.nStr && this.dateLike > 0) return 'date';
    const distinct = this.distinct();
    const avgLen = this.lengthSum / Math.max(1, this.nStr);
    if (avgLen > 40 || (distinct > 50 && distinct > 0.5 * present)) return 'text';
    return 'categorical';
  }

  distinct(): number {
    if (this.numericOnly && this.countsExact) return this.smallDistinct + this.numCounts!.size;
    if (!this.numericOnly && this.countsExact && this.strCounts) return this.strCounts.size;
    return this.hll.estimate();
  }

  /** Exact value counts when the column has few distinct values; null otherwise. */
  valueCounts(): Map<string, number> | null {
    if (!this.countsExact) return null;
    if (this.numericOnly) return new Map([...this.exactNumberCounts()].map(([v, c]) => [String(v), c]));
    return this.strCounts;
  }

  private topValues(): ValueCount[] {
    const entries: Array<[string, number]> = this.numericOnly
      ? this.countsExact
        ? [...this.exactNumberCounts()].map(([v, c]) => [String(v), c])
        : []
      : [...(this.strCounts ?? new Map<string, number>())];
    entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return entries.slice(0, TOP_K).map(([value, count]) => ({ value, count }));
  }

  private sensitive(): SensitiveFlag | null {
    const byName = sensitiveByName(this.name);
    if (byName) return byName;
    if (this.nStr >= 1 && this.emailLike >= 0.5 * this.nStr) {
      return { category: 'email', reason: 'values:email', note: `${this.emailLike} of ${this.nStr} values look like email addresses` };
    }
    if (this.nStr >= 1 && this.phoneLike >= 0.5 * this.nStr) {
      return { category: 'phone', reason: 'values:phone', note: `${this.phoneLike} of ${this.nStr} values look like phone numbers` };
    }
    return null;
  }

  finish(): ColumnProfile {
    const kind = this.kind();
    const distinct = this.distinct();
    const distinctExact = this.countsExact || this.count === 0;
    const base = {
      name: this.name,
      kind,
      count: this.count,
      missing: this.missing,
      distinct,
      distinctExact,
      topValues: this.topValues(),
      sensitive: this.sensitive(),
    };
    if (kind === 'numeric') {
      const sorted = this.reservoir.sorted();
      const quantiles: Record<string, number> = {};
      for (const [k, q] of QUANTILES) quantiles[k] = quantileSorted(sorted, q);
      return {
        ...base,
        min: this.min,
        max: this.max,
        mean: this.mean,
        std: this.nNum > 1 ? Math.sqrt(this.m2 / (this.nNum - 1)) : 0,
        quantiles,
        quantilesExact: this.reservoir.exact,
        histogram: histogram(sorted, this.min, this.max, this.nNum, this.reservoir.exact),
      };
    }
    if (kind === 'date') {
      return {
        ...base,
        min: new Date(this.minDate).toISOString(),
        max: new Date(this.maxDate).toISOString(),
        mean: null,
        std: null,
        quantiles: null,
        quantilesExact: true,
        histogram: null,
      };
    }
    return { ...base, min: null, max: null, mean: null, std: null, quantiles: null, quantilesExact: true, histogram: null };
  }
}

function histogram(sorted: Float64Array, min: number, max: number, n: number, exact: boolean) {
  if (sorted.length === 0) return null;
  const bins = min === max ? 1 : HIST_BINS;
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < sorted.length; i++) {
    const b = width === 0 ? 0 : Math.min(bins - 1, Math.floor((sorted[i] - min) / width));
    counts[b]++;
  }
  if (!exact) {
    const scale = n / sorted.length;
    for (let i = 0; i < bins; i++) counts[i] = Math.round(counts[i] * scale);
  }
  return { edges, counts, exact };
}

export interface ProfileOptions {
  /** The label column: its class balance is reported. */
  label?: string;
  seed?: number;
  /** Values kept per numeric column for quantiles and histograms (default 65,536). */
  sampleSize?: number;
}

function classBalance(acc: ColumnAccumulator | undefined): ClassBalance | null {
  if (!acc) return null;
  const counts = acc.valueCounts();
  if (!counts || counts.size === 0) return null;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const classes = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([value, count]) => ({ value, count, share: count / total }));
  return { column: acc.name, classes, imbalanceRatio: classes[0].count / classes[classes.length - 1].count };
}

export type CsvProfileOptions = ProfileOptions & CsvOptions;

function assemble(
  format: DatasetProfile['format'],
  accs: ColumnAccumulator[],
  rows: number,
  duplicates: number,
  label: string | undefined,
  extra: Pick<DatasetProfile, 'skippedRows' | 'badRows' | 'fingerprint' | 'bytes'>,
): DatasetProfile {
  const columns = accs.map((a) => a.finish());
  return {
    format,
    rows,
    columns,
    duplicateRows: duplicates,
    classBalance: label ? classBalance(accs.find((a) => a.name === label)) : null,
    sensitiveColumns: columns.filter((c) => c.sensitive).map((c) => c.name),
    ...extra,
  };
}

/** Reads, profiles and fingerprints a CSV in one streaming pass. */
export async function profileCsv(source: DataSource, options: CsvProfileOptions = {}): Promise<DatasetProfile> {
  let accs: ColumnAccumulator[] = [];
  const dup = new RowHashSet();
  const h = new Uint32Array(2);
  let duplicates = 0;
  const seed = options.seed ?? 1;
  const result = await scanCsv(
    source,
    options,
    (row) => {
      for (let i = 0; i < accs.length; i++) {
        const acc = accs[i];
        const v = row.number(i);
        if (v === v) {
          if (acc.numericOnly) acc.addNumber(v);
          else acc.addString(row.string(i).trim());
        }
        else if (row.isMissing(i)) acc.addMissing();
        else acc.addString(row.string(i).trim());
      }
      row.hashInto(h);
      if (!dup.add(h[0], h[1])) duplicates++;
    },
    (columns) => {
      accs = columns.map((c, i) => new ColumnAccumulator(c, seed + i, options.sampleSize));
    },
  );
  if (options.label !== undefined && !result.columns.includes(options.label)) {
    throw unknownColumn(options.label, result.columns);
  }
  return assemble('csv', accs, result.rows, duplicates, options.label, {
    skippedRows: result.skippedRows,
    badRows: result.badRows,
    fingerprint: result.fingerprint,
    bytes: result.bytes,
  });
}

/** Profiles a table already in memory (JSON Lines, IDX, or a CSV read with readCsvTable). */
export function profileTable(table: Table, options: ProfileOptions & { format?: DatasetProfile['format']; fingerprint?: string | null; bytes?: number } = {}): DatasetProfile {
  if (options.label !== undefined && !table.columns.some((c) => c.name === options.label)) {
    throw unknownColumn(options.label, table.columns.map((c) => c.name));
  }
  const seed = options.seed ?? 1;
  const accs = table.columns.map((c, i) => new ColumnAccumulator(c.name, seed + i, options.sampleSize));
  table.columns.forEach((col, i) => {
    const acc = accs[i];
    if (col.kind === 'numeric') {
      for (const v of col.values) {
        if (v === v) acc.addNumber(v);
        else acc.addMissing();
      }
    } else {
      for (const v of col.values) {
        if (v === null) acc.addMissing();
        else acc.addString(v);
      }
    }
  });
  const dup = new RowHashSet();
  let duplicates = 0;
  for (let r = 0; r < table.rowCount; r++) {
    let h0 = 0x811c9dc5;
    let h1 = 0x6a09e667;
    for (const col of table.columns) {
      const v = col.values[r];
      const x = col.kind === 'numeric' ? hashNumber(v as number) : v === null ? 0x5bd1e995 : hashString(v as string);
      h0 = Math.imul(h0 ^ x, 0x01000193);
      h1 = Math.imul(h1 ^ x, 0x5bd1e995) ^ (h1 >>> 13);
    }
    if (!dup.add(h0 >>> 0, h1 >>> 0)) duplicates++;
  }
  return assemble(options.format ?? 'table', accs, table.rowCount, duplicates, options.label, {
    skippedRows: table.skippedRows ?? 0,
    badRows: table.badRows ?? [],
    fingerprint: options.fingerprint ?? table.fingerprint ?? null,
    bytes: options.bytes ?? table.bytes ?? 0,
  });
}

export function unknownColumn(name: string, columns: string[]): DataError {
  const shown = columns.length > 12 ? `${columns.slice(0, 12).join(', ')}, ... (${columns.length} in all)` : columns.join(', ');
  return new DataError('UNKNOWN_COLUMN', `no column named "${name}"; the columns are: ${shown}`, { column: name });
}
