// Drift between two versions of a dataset, per column: numeric columns get the population
// stability index (PSI) on the reference's decile bins plus a two-sample Kolmogorov-Smirnov test;
// categorical ones get PSI over categories plus a chi-square test of homogeneity.
import type { ColumnDrift, DriftReport, DriftVerdict } from '@meridian/domain';
import { quantileSorted } from './sketches';
import { chiSquareSurvival, kolmogorovQ } from './stats';
import { columnStrings, type Column, type Table } from './table';

/** Share floor so an empty bin does not make PSI infinite (a common convention). */
const EPS = 1e-4;

function psiFromShares(ref: number[], cur: number[]): number {
  let psi = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = Math.max(ref[i], EPS);
    const c = Math.max(cur[i], EPS);
    psi += (c - r) * Math.log(c / r);
  }
  return psi;
}

/** Bin edges at the reference's quantiles (deduplicated, so ties do not make empty bins). */
export function quantileEdges(sortedRef: ArrayLike<number>, bins = 10): number[] {
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const e = quantileSorted(sortedRef, i / bins);
    if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
  }
  return edges;
}

function binShares(sorted: ArrayLike<number>, edges: number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let b = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (b < edges.length && sorted[i] > edges[b]) b++;
    counts[b]++;
  }
  return counts.map((c) => c / Math.max(1, sorted.length));
}

/** PSI of `current` against `reference` with bins at the reference's quantiles (values <= edge go left). */
export function psiNumeric(reference: ArrayLike<number>, current: ArrayLike<number>, bins = 10): number {
  const r = Float64Array.from(reference).sort();
  const c = Float64Array.from(current).sort();
  const edges = quantileEdges(r, bins);
  return psiFromShares(binShares(r, edges), binShares(c, edges));
}

export function psiCategorical(reference: ReadonlyArray<string>, current: ReadonlyArray<string>): number {
  const { keys, a, b } = contingency(reference, current);
  return psiFromShares(
    keys.map((_, i) => a[i] / reference.length),
    keys.map((_, i) => b[i] / current.length),
  );
}

/** Two-sample Kolmogorov-Smirnov: D = sup |F_ref - F_cur|, asymptotic p-value (NR 14.3.3). */
export function ksTwoSample(reference: ArrayLike<number>, current: ArrayLike<number>): { statistic: number; pValue: number } {
  const a = Float64Array.from(reference).sort();
  const b = Float64Array.from(current).sort();
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return { statistic: 0, pValue: 1 };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(a[i], b[j]);
    while (i < n && a[i] <= x) i++;
    while (j < m && b[j] <= x) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const en = Math.sqrt((n * m) / (n + m));
  return { statistic: d, pValue: kolmogorovQ((en + 0.12 + 0.11 / en) * d) };
}

function contingency(reference: ReadonlyArray<string>, current: ReadonlyArray<string>) {
  const idx = new Map<string, number>();
  const a: number[] = [];
  const b: number[] = [];
  const at = (k: string) => {
    let i = idx.get(k);
    if (i === undefined) {
      i = idx.size;
      idx.set(k, i);
      a.push(0);
      b.push(0);
    }
    return i;
  };
  for (const k of reference) a[at(k)]++;
  for (const k of current) b[at(k)]++;
  return { keys: [...idx.keys()], a, b };
}

/** Pearson chi-square test that both samples come from one categorical distribution. */
export function chiSquareHomogeneity(reference: ReadonlyArray<string>, current: ReadonlyArray<string>): { statistic: number; dof: number; pValue: number } {
  const { keys, a, b } = contingency(reference, current);
  const na = reference.length;
  const nb = current.length;
  const total = na + nb;
  if (keys.length < 2 || na === 0 || nb === 0) return { statistic: 0, dof: Math.max(0, keys.length - 1), pValue: 1 };
  let stat = 0;
  for (let i = 0; i < keys.length; i++) {
    const col = a[i] + b[i];
    const ea = (na * col) / total;
    const eb = (nb * col) / total;
    stat += (a[i] - ea) ** 2 / ea + (b[i] - eb) ** 2 / eb;
  }
  const dof = keys.length - 1;
  return { statistic: stat, dof, pValue: chiSquareSurvival(stat, dof) };
}

export interface DriftOptions {
  /** PSI at or above this is a warning (default 0.1) ... */
  psiWarning?: number;
  /** ... and at or above this, drift (default 0.25). */
  psiDrift?: number;
  /** Family-wise significance level of the KS and chi-square tests (default 0.05). */
  alpha?: number;
  /**
   * Testing many columns at once makes some look significant by chance (31 columns at 0.05 give
   * about 1.5 false alarms). 'bonferroni' (default) tests each column at alpha / columns.
   */
  correction?: 'bonferroni' | 'none';
  bins?: number;
  columns?: string[];
}

function present(c: Column): { nums?: Float64Array; strs?: string[] } {
  if (c.kind === 'numeric') return { nums: c.values.filter((v) => v === v) };
  return { strs: columnStrings(c).filter((v): v is string => v !== null) };
}

/**
 * Compares two versions column by column. A test alone flags a warning (large samples make tiny
 * shifts significant); drift needs the PSI to agree, or the PSI alone to pass its drift threshold.
 */
export function detectDrift(reference: Table, current: Table, options: DriftOptions = {}): DriftReport {
  const names = options.columns ?? reference.columns.map((c) => c.name);
  const alpha = options.alpha ?? 0.05;
  const tested = names.filter((n) => {
    const k = reference.columns.find((c) => c.name === n)?.kind;
    return k !== undefined && k !== 'text' && k !== 'date' && current.columns.some((c) => c.name === n);
  }).length;
  const alphaPerColumn = (options.correction ?? 'bonferroni') === 'bonferroni' ? alpha / Math.max(1, tested) : alpha;
  const thresholds = { psiWarning: options.psiWarning ?? 0.1, psiDrift: options.psiDrift ?? 0.25, alpha, alphaPerColumn };
  const columns: ColumnDrift[] = names.map((name) => {
    const rc = reference.columns.find((c) => c.name === name);
    const cc = current.columns.find((c) => c.name === name);
    if (!rc) return { column: name, kind: cc?.kind ?? 'text', psi: null, ks: null, chiSquare: null, verdict: 'drift', reason: 'column is new: not in the reference version' };
    if (!cc) return { column: name, kind: rc.kind, psi: null, ks: null, chiSquare: null, verdict: 'drift', reason: 'column is missing from the current version' };
    if (rc.kind === 'numeric' && cc.kind === 'numeric') {
      const r = present(rc).nums!;
      const c = present(cc).nums!;
      const psi = psiNumeric(r, c, options.bins ?? 10);
      const ks = ksTwoSample(r, c);
      const sig = ks.pValue < alphaPerColumn;
      const verdict: DriftVerdict = psi >= thresholds.psiDrift || (sig && psi >= thresholds.psiWarning) ? 'drift' : sig || psi >= thresholds.psiWarning ? 'warning' : 'stable';
      return { column: name, kind: 'numeric', psi, ks, chiSquare: null, verdict, reason: `PSI ${psi.toFixed(3)}, KS D ${ks.statistic.toFixed(3)} (p ${ks.pValue.toExponential(2)})` };
    }
    if (rc.kind === 'text' || rc.kind === 'date') {
      return { column: name, kind: rc.kind, psi: null, ks: null, chiSquare: null, verdict: 'stable', reason: `${rc.kind} columns are not compared` };
    }
    const r = present(rc).strs ?? columnStrings(rc).filter((v): v is string => v !== null);
    const c = columnStrings(cc).filter((v): v is string => v !== null);
    const psi = psiCategorical(r, c);
    const chi = chiSquareHomogeneity(r, c);
    const sig = chi.pValue < alphaPerColumn;
    const verdict: DriftVerdict = psi >= thresholds.psiDrift || (sig && psi >= thresholds.psiWarning) ? 'drift' : sig || psi >= thresholds.psiWarning ? 'warning' : 'stable';
    return { column: name, kind: rc.kind, psi, ks: null, chiSquare: chi, verdict, reason: `PSI ${psi.toFixed(3)}, chi-square ${chi.statistic.toFixed(2)} on ${chi.dof} dof (p ${chi.pValue.toExponential(2)})` };
  });
  const drifted = columns.filter((c) => c.verdict === 'drift').map((c) => c.column);
  const verdict: DriftVerdict = drifted.length ? 'drift' : columns.some((c) => c.verdict === 'warning') ? 'warning' : 'stable';
  return { columns, drifted, verdict, thresholds };
}
