// Cleaning before splitting: duplicates, missing values, outliers. Each step returns a new table
// and says how much it changed, so a run can record what was done to its data.
import { DataError } from './errors';
import { quantileSorted, RowHashSet, hashNumber, hashString } from './sketches';
import { column, takeRows, type Column, type Table } from './table';

export function dropDuplicates(table: Table): { table: Table; removed: number } {
  const seen = new RowHashSet();
  const keep: number[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    let h0 = 0x811c9dc5;
    let h1 = 0x6a09e667;
    for (const c of table.columns) {
      const v = c.values[r];
      const x = c.kind === 'numeric' ? hashNumber(v as number) : v === null ? 0x5bd1e995 : hashString(v as string);
      h0 = Math.imul(h0 ^ x, 0x01000193);
      h1 = Math.imul(h1 ^ x, 0x5bd1e995) ^ (h1 >>> 13);
    }
    if (seen.add(h0 >>> 0, h1 >>> 0)) keep.push(r);
  }
  return { table: takeRows(table, keep), removed: table.rowCount - keep.length };
}

export type MissingStrategy = 'drop' | 'ffill' | 'mean' | 'median' | 'mode';

function isMissing(c: Column, r: number): boolean {
  return c.kind === 'numeric' ? c.values[r] !== c.values[r] : c.values[r] === null;
}

/**
 * Handles missing values per column (a strategy for all columns, or a map by column name).
 * mean/median apply to numeric columns only; mode works for any kind; ffill carries the last
 * value down (a leading gap stays missing).
 */
export function fillMissing(table: Table, strategy: MissingStrategy | Record<string, MissingStrategy>): { table: Table; filled: number; droppedRows: number } {
  const plan = new Map<string, MissingStrategy>();
  for (const c of table.columns) {
    const s = typeof strategy === 'string' ? strategy : strategy[c.name];
    if (s) plan.set(c.name, s);
  }
  if (typeof strategy !== 'string') for (const name of Object.keys(strategy)) column(table, name);
  const dropCols = table.columns.filter((c) => plan.get(c.name) === 'drop');
  let t = table;
  let droppedRows = 0;
  if (dropCols.length) {
    const keep: number[] = [];
    for (let r = 0; r < table.rowCount; r++) if (!dropCols.some((c) => isMissing(c, r))) keep.push(r);
    droppedRows = table.rowCount - keep.length;
    t = { ...takeRows(table, keep), skippedRows: table.skippedRows, badRows: table.badRows };
  }
  let filled = 0;
  const columns = t.columns.map((c): Column => {
    const s = plan.get(c.name);
    if (!s || s === 'drop') return c;
    if (c.kind === 'numeric') {
      const v = c.values.slice();
      if (s === 'ffill') {
        let last = NaN;
        for (let i = 0; i < v.length; i++) {
          if (v[i] === v[i]) last = v[i];
          else if (last === last) {
            v[i] = last;
            filled++;
          }
        }
        return { ...c, values: v };
      }
      const present = v.filter((x) => x === x);
      if (present.length === 0) return c;
      let fill: number;
      if (s === 'mean') fill = present.reduce((a, b) => a + b, 0) / present.length;
      else if (s === 'median') fill = quantileSorted(present.sort(), 0.5);
      else fill = Number(modeOf(Array.from(present, String)));
      const f = fill;
      for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) {
        v[i] = f;
        filled++;
      }
      return { ...c, values: v };
    }
    if (s === 'mean' || s === 'median') {
      throw new DataError('INVALID_ARGUMENT', `column "${c.name}" is ${c.kind}: fill it with "mode", "ffill" or "drop", not "${s}"`, { column: c.name });
    }
    const v = c.values.slice();
    if (s === 'ffill') {
      let last: string | null = null;
      for (let i = 0; i < v.length; i++) {
        if (v[i] !== null) last = v[i];
        else if (last !== null) {
          v[i] = last;
          filled++;
        }
      }
    } else {
      const m = modeOf(v);
      if (m !== null) for (let i = 0; i < v.length; i++) if (v[i] === null) {
        v[i] = m;
        filled++;
      }
    }
    return { ...c, values: v };
  });
  return { table: { ...t, columns }, filled, droppedRows };
}

/** Most frequent value; ties go to the smallest value so the result does not depend on row order. */
function modeOf(values: ReadonlyArray<string | null>): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  let bestN = 0;
  for (const [v, n] of counts) if (n > bestN || (n === bestN && best !== null && v < best)) {
    best = v;
    bestN = n;
  }
  return best;
}

export type ClipMethod = { method: 'iqr'; k?: number } | { method: 'quantile'; lower?: number; upper?: number } | { method: 'zscore'; z?: number };

/** Clips numeric columns to bounds from their own distribution; returns the bounds used. */
export function clipOutliers(
  table: Table,
  options: ClipMethod & { columns?: string[] } = { method: 'iqr' },
): { table: Table; clipped: number; bounds: Record<string, [number, number]> } {
  const names = new Set(options.columns ?? table.columns.filter((c) => c.kind === 'numeric').map((c) => c.name));
  let clipped = 0;
  const bounds: Record<string, [number, number]> = {};
  const columns = table.columns.map((c): Column => {
    if (!names.has(c.name)) return c;
    if (c.kind !== 'numeric') throw new DataError('INVALID_ARGUMENT', `column "${c.name}" is ${c.kind}; only numeric columns can be clipped`, { column: c.name });
    const present = c.values.filter((x) => x === x).sort();
    if (present.length === 0) return c;
    let lo: number;
    let hi: number;
    if (options.method === 'iqr') {
      const k = options.k ?? 1.5;
      const q1 = quantileSorted(present, 0.25);
      const q3 = quantileSorted(present, 0.75);
      lo = q1 - k * (q3 - q1);
      hi = q3 + k * (q3 - q1);
    } else if (options.method === 'quantile') {
      lo = quantileSorted(present, options.lower ?? 0.01);
      hi = quantileSorted(present, options.upper ?? 0.99);
    } else {
      const z = options.z ?? 3;
      const mean = present.reduce((a, b) => a + b, 0) / present.length;
      const sd = Math.sqrt(present.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, present.length - 1));
      lo = mean - z * sd;
      hi = mean + z * sd;
    }
    bounds[c.name] = [lo, hi];
    const v = c.values.slice();
    for (let i = 0; i < v.length; i++) {
      if (v[i] < lo) {
        v[i] = lo;
        clipped++;
      } else if (v[i] > hi) {
        v[i] = hi;
        clipped++;
      }
    }
    return { ...c, values: v };
  });
  return { table: { ...table, columns }, clipped, bounds };
}
